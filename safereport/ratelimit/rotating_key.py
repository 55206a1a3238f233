"""A random key for the limiter's digests, shared by every process on this host and replaced every hour.

Each hour's key is a file in ``settings.RATELIMIT_KEY_DIR`` (owner-only), created once by whichever
process needs it first and deleted once the next hour's key exists. Nothing else derives it, so a
digest left in a database copy can never be matched to an address or email after its hour.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from . import clock

ROTATION_SECONDS = 60 * 60
KEY_BYTES = 32

_lock = threading.Lock()
_current: tuple[int, bytes] | None = None


def current() -> bytes:
    """This hour's key (read from disk at most once an hour per process)."""
    global _current
    period = int(clock.now() // ROTATION_SECONDS)
    with _lock:
        if _current is None or _current[0] != period:
            _current = (period, _load_or_create(period))
        return _current[1]


def _directory() -> Path:
    directory = Path(settings.RATELIMIT_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _load_or_create(period: int) -> bytes:
    directory = _directory()
    path = directory / f"{period}.key"
    if not path.exists():
        # Written in full under a temporary name, then linked into place: link() fails if another process got
        # there first, so every process ends up reading the same, complete key.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".new-")
        try:
            os.write(handle, secrets.token_bytes(KEY_BYTES))
            os.close(handle)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise RuntimeError(f"{path} is not a rate-limit key ({len(key)} bytes); delete it and it will be remade.")
    _delete_earlier_keys(directory, period)
    return key


def _delete_earlier_keys(directory: Path, period: int) -> None:
    for old in directory.glob("*.key"):
        if old.stem.isdigit() and int(old.stem) < period:
            old.unlink(missing_ok=True)
