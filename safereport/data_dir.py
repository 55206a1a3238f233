"""The data directory (SQLite database and its journals, generated secret key, static files): owner-only."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
# SQLite creates these beside the database with the database file's own permissions, so a database
# created owner-only keeps its journals owner-only; older installs may have left them wider.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class UnsafeDataDirectory(RuntimeError):
    """The data directory or a file in it is readable by others and cannot be made owner-only."""


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current == mode:
        return
    try:
        path.chmod(mode)
    except OSError as error:
        raise UnsafeDataDirectory(
            f"{path} has mode {current:04o} and could not be made {mode:04o} ({error.strerror}); "
            "run SafeReport as the owner of its data directory (SAFEREPORT_DATA_DIR)."
        ) from None


def prepare(data_dir: Path) -> Path:
    """Create the data directory owner-only (0700), or tighten one an older version left 0755."""
    # mkdir's mode is filtered through the umask, so the chmod in _tighten is what guarantees 0700.
    data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(data_dir, DIR_MODE)
    return data_dir


def create_owner_only(path: Path, content: str = "") -> None:
    """Create a file 0600 from its first byte, whole (so a concurrent reader never sees it half
    written), or tighten an existing one and leave its content alone."""
    if not path.exists():
        # mkstemp creates 0600 regardless of the umask; link() publishes it only if nobody else has.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created it first: keep theirs
        finally:
            os.unlink(temporary)
    _tighten(path, FILE_MODE)


def prepare_sqlite(database: Path) -> None:
    """Create the SQLite file 0600 before SQLite does (SQLite would use 0644), and tighten its journals."""
    create_owner_only(database)
    for suffix in SQLITE_SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            _tighten(side, FILE_MODE)
