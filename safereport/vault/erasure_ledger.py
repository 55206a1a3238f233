"""The erasure ledger: every destroyed data key, one JSON line each, in a file outside the database.

A backup holds the epoch keys of its day, so a backup taken before an erasure still opens the erased report.
The ledger is how a restore finds out: `safereport restore` erases again every report whose data key is listed
here (in the restored instance's ledger, kept if present, or the backup's own). A line says only which data key
went and on which UTC day: `{"data_key": "<uuid>", "on": "YYYY-MM-DD"}`. No reference, no content, nothing
that links the key to a report once the key's rows are gone (the data key id is a random UUID).

Written after the erasure commits (`transaction.on_commit`), appended and fsynced, never rewritten except by a
restore's merge (a whole new file, renamed into place). A rolled-back erasure is therefore never listed, so a
restore never erases a report its reporter kept. The price is a window of a few milliseconds: a crash between
the commit and the append leaves an erasure unlisted, and a backup from before it would open that report
again. docs/operations.md says so. A key may be listed twice (a restore's replay appends it again): the
first line counts.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from datetime import UTC, date
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class LedgerDamaged(RuntimeError):
    """A line of the ledger is not an entry: a restore cannot know every erasure, so it stops."""


def path() -> Path:
    return Path(settings.ERASURE_LEDGER)


def _line(data_key_id: uuid.UUID, day: date) -> bytes:
    return (json.dumps({"data_key": str(data_key_id), "on": day.isoformat()}, separators=(",", ":")) + "\n").encode()


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def append(data_key_id: uuid.UUID, day: date | None = None) -> None:
    """List one destroyed data key, on disk before this returns (file and directory entry fsynced)."""
    target = path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    day = day or timezone.now().astimezone(UTC).date()
    handle = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        size = os.fstat(handle).st_size
        # A crash part-way through an earlier append leaves a line without its newline: end it, so this
        # entry stays a line of its own and only the broken one is lost.
        prefix = b"\n" if size and os.pread(handle, 1, size - 1) != b"\n" else b""
        os.write(handle, prefix + _line(data_key_id, day))
        os.fsync(handle)
    finally:
        os.close(handle)
    _fsync_directory(target.parent)


def parse(content: bytes, source: str) -> dict[uuid.UUID, date]:
    """data key -> the first day it was listed; LedgerDamaged names the first line that is not an entry.

    A last line without its newline is a crash mid-append: its erasure never reached `append`'s fsync as a
    whole line, and it is skipped if it does not parse.
    """
    entries: dict[uuid.UUID, date] = {}
    lines = content.split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            key, day = uuid.UUID(item["data_key"]), date.fromisoformat(item["on"])
        except (ValueError, KeyError, TypeError, AttributeError):
            if number == len(lines):  # the unfinished last line of a crashed append
                continue
            raise LedgerDamaged(f"Line {number} of the erasure ledger {source} is not an entry: {raw[:80]!r}.") from None
        entries.setdefault(key, day)
    return entries


def read() -> dict[uuid.UUID, date]:
    """The live ledger's entries (empty when no erasure was ever made here)."""
    target = path()
    try:
        content = target.read_bytes()
    except FileNotFoundError:
        return {}
    return parse(content, str(target))


def content() -> bytes | None:
    """The live ledger's bytes, as a backup carries them; None when there is none."""
    try:
        return path().read_bytes()
    except FileNotFoundError:
        return None


def replace_with(entries: Iterable[tuple[uuid.UUID, date]]) -> None:
    """Write the whole ledger anew (a restore's merge): a temporary file, fsynced, renamed over the old one."""
    target = path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            for key, day in sorted(entries, key=lambda item: (item[1], str(item[0]))):
                out.write(_line(key, day))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)


def merge_in(other: bytes | None, source: str) -> dict[uuid.UUID, date]:
    """The live ledger merged with another (a backup's): every key either lists, written back in place."""
    merged = read()
    for key, day in (parse(other, source) if other else {}).items():
        if key not in merged or day < merged[key]:
            merged[key] = day
    replace_with(merged.items())
    return merged
