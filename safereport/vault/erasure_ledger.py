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
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from safereport.durable_files import fsync_directory, replaced_atomically


def path() -> Path:
    return Path(settings.ERASURE_LEDGER)


def _line(data_key_id: uuid.UUID, day: date) -> bytes:
    return (json.dumps({"data_key": str(data_key_id), "on": day.isoformat()}, separators=(",", ":")) + "\n").encode()


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
    fsync_directory(target.parent)


@dataclass
class Ledger:
    """data key -> the first day it was listed, and the numbers of lines that were not whole entries."""

    entries: dict[uuid.UUID, date] = field(default_factory=dict)
    damaged: list[int] = field(default_factory=list)


_KEY_IN_LINE = re.compile(rb'"data_key"\s*:\s*"([0-9a-fA-F-]{36})"')


def parse(content: bytes) -> Ledger:
    """Every entry; a line that is not one (what a crash part-way through an append leaves) is counted as damaged.

    Such a line still counts when its data key survived whole (the crash cut the day off): a restore erases too
    much rather than too little. Its day is taken from the entry before it.
    """
    ledger = Ledger()
    last_day: date | None = None
    for number, raw in enumerate(content.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            key, day = uuid.UUID(item["data_key"]), date.fromisoformat(item["on"])
        except (ValueError, KeyError, TypeError, AttributeError):
            ledger.damaged.append(number)
            match = _KEY_IN_LINE.search(raw)
            if match is None:
                continue
            key, day = uuid.UUID(match.group(1).decode()), last_day or timezone.now().astimezone(UTC).date()
        ledger.entries.setdefault(key, day)
        last_day = day
    return ledger


def read() -> Ledger:
    """The live ledger (empty when no erasure was ever made here)."""
    try:
        return parse(path().read_bytes())
    except FileNotFoundError:
        return Ledger()


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
    with replaced_atomically(target) as out:
        for key, day in sorted(entries, key=lambda item: (item[1], str(item[0]))):
            out.write(_line(key, day))


def merge_in(other: bytes | None) -> Ledger:
    """The live ledger merged with another (a backup's): every key either lists, written back in place.

    The merged file holds whole entries only; `damaged` counts the lines of both that were not.
    """
    merged = read()
    theirs = parse(other) if other else Ledger()
    for key, day in theirs.entries.items():
        if key not in merged.entries or day < merged.entries[key]:
            merged.entries[key] = day
    replace_with(merged.entries.items())
    return Ledger(merged.entries, merged.damaged + theirs.damaged)
