"""Files that must survive a crash whole: written beside their target, fsynced, renamed, directory fsynced."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def fsync_directory(directory: Path) -> None:
    """Make a file's creation, rename or deletion in `directory` durable (its entry, not only its bytes)."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """Write `path` whole or not at all: owner-only (0600, mkstemp's mode) from its first byte.

    What the block writes goes to a temporary file beside `path`, fsynced, then renamed over it and the
    directory fsynced; if the block raises, the temporary file goes and `path` is as it was.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
