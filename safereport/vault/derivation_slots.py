"""A few Argon2id derivations at once on this host, across every worker process; the rest are turned away.

Each derivation holds 256 MiB and most of a core for the better part of a second. Unbounded, eight sign-in
attempts fill every gunicorn thread and reporters wait seconds for a page; so a sign-in that finds every slot
taken is answered 429 at once, before deriving anything. Slots are file locks (flock), which the kernel
releases when a process dies, so a killed worker never keeps one.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


class Busy(Exception):
    """Every derivation slot is taken; try again in a moment."""

    retry_after_seconds = 2


@contextmanager
def slot(*, reserved: bool = False) -> Iterator[None]:
    """Hold one of ``VAULT_CONCURRENT_DERIVATIONS`` slots for the block, or raise ``Busy`` without waiting.

    ``reserved=True`` (a browser the account has signed in from before, or a signed-in person changing their
    password) may also take one slot kept for them, so a flood from strangers cannot keep the owner out either.
    """
    directory = Path(settings.VAULT_DERIVATION_SLOTS_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    names = [f"{number}.lock" for number in range(settings.VAULT_CONCURRENT_DERIVATIONS)]
    for name in names + (["reserved.lock"] if reserved else []):
        handle = os.open(directory / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            continue
        try:
            yield
        finally:
            os.close(handle)  # closing the descriptor releases its lock
        return
    raise Busy()
