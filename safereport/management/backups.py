"""What `safereport backup` and `safereport restore` do: one sealed file holding a whole instance.

The archive inside the sealed file (vault.backup_seal) is a tar stream of:

    manifest.json             engine, and the epochs the database copy names
    database.sqlite3          SQLite's online backup of the live database, or
    database.pgdump           pg_dump --format=custom
    epoch-keys/<uuid>.key     the key file of every epoch the database copy names (and no other)
    audit-checkpoint.key      the key that signs audit checkpoints, when there is one
    audit-checkpoints.jsonl   the checkpoint log, when there is one
    erasure-ledger.jsonl      the erasure ledger, when there is one
    evidence/<name>.sealed    every evidence file in the evidence storage, when it is on this filesystem (sealed
                              with its report's key already; an object store keeps its own versions)

`safereport restore` (restoring.py) reads it back with `unpack`, all or nothing.

Plaintext exists only in a temporary directory inside the data directory (owner-only), removed afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import timezone

from safereport.durable_files import replaced_atomically
from safereport.evidence.storage import evidence_storage
from safereport.vault import backup_seal, erasure_ledger

ENGINES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MANIFEST, CHECKPOINT_KEY, CHECKPOINT_LOG, LEDGER = (
    "manifest.json",
    "audit-checkpoint.key",
    "audit-checkpoints.jsonl",
    "erasure-ledger.jsonl",
)
_EPOCH_MEMBER = re.compile(r"epoch-keys/([0-9a-f-]{36})\.key")
_EVIDENCE_MEMBER = re.compile(r"evidence/([0-9a-f]{16,64}\.sealed)")


def evidence_directory() -> Path | None:
    """Where evidence files live when the storage is this filesystem's (None for an object store)."""
    storage = evidence_storage()
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


ATTEMPTS = 3


class BackupFailed(Exception):
    """The backup or the restore cannot go on; the message says why and what was (not) changed."""


# --- shared ------------------------------------------------------------------------------------------------


def engine() -> str:
    if connection.vendor not in ENGINES:
        raise BackupFailed(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


@contextlib.contextmanager
def private_workspace() -> Iterator[Path]:
    """An owner-only temporary directory inside the data directory, removed with everything in it."""
    directory = Path(tempfile.mkdtemp(dir=settings.DATA_DIR, prefix=".backup-work-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database: the password never appears on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def run_pg(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(command, env=_pg_environment(), capture_output=True, check=False, timeout=24 * 3600)  # noqa: S603
    if done.returncode:
        error = done.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BackupFailed(f"{command[0]} failed (exit {done.returncode}): {error}")
    return done


def write_private(path: Path, content: bytes, *, exclusive: bool = False) -> None:
    """A file owner-only (0600) from its first byte, fsynced with its directory entry; whole or not at all."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if exclusive and path.exists():
        raise BackupFailed(f"{path} already exists: the instance is not empty.")
    with replaced_atomically(path) as out:
        out.write(content)


def read_if_there(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# --- backup ------------------------------------------------------------------------------------------------


def _snapshot_sqlite(target: Path) -> set[uuid.UUID]:
    """SQLite's online backup API: a consistent copy while the server runs; returns the open epochs it names."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        rows = copy.execute("SELECT id FROM vault_keyepoch WHERE retired = 0").fetchall()
    except sqlite3.Error as exc:
        raise BackupFailed(f"The SQLite database could not be copied: {exc}.") from None
    finally:
        copy.close()
        source.close()
    return {uuid.UUID(str(row[0])) for row in rows}


def _epochs_in_dump(dump: Path) -> set[uuid.UUID]:
    """The open epochs named by the vault_keyepoch rows inside a pg_dump file (as pg_restore prints them)."""
    text = run_pg(["pg_restore", "--data-only", "--table=vault_keyepoch", "--file=-", str(dump)]).stdout.decode()
    found: set[uuid.UUID] = set()
    columns: list[str] | None = None
    for line in text.splitlines():
        if columns is None:
            match = re.match(r"COPY \S*vault_keyepoch \(([^)]*)\) FROM stdin;", line)
            if match:
                columns = [c.strip().strip('"') for c in match.group(1).split(",")]
            continue
        if line == "\\.":
            break
        values = dict(zip(columns, line.split("\t"), strict=False))
        if values.get("retired") == "f":
            found.add(uuid.UUID(values["id"]))
    if columns is None:
        raise BackupFailed("The database dump holds no key epoch table: is the database migrated?")
    return found


def _snapshot_postgresql(target: Path) -> set[uuid.UUID]:
    run_pg(["pg_dump", "--format=custom", f"--file={target}"])
    return _epochs_in_dump(target)


@dataclass
class Written:
    path: Path
    engine: str
    created: date
    epoch_keys: int
    contents: list[str] = field(default_factory=list)


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(content), 0o600
    archive.addfile(info, io.BytesIO(content))


def _archive(work: Path, kind: str) -> tuple[Path, int, list[str]]:
    """The plaintext tar in the workspace; retried when a rekey retired an epoch while the database was copied."""
    database = work / ENGINES[kind]
    # Read before the database copy: a checkpoint is appended to the log just before its row commits, so a
    # line read now is in the copy (or, in a window of microseconds, about to be); read after, it might not be.
    checkpoint_log = read_if_there(Path(settings.AUDIT_CHECKPOINT_LOG))
    checkpoint_key = read_if_there(Path(settings.AUDIT_CHECKPOINT_KEY_FILE))
    key_directory = Path(settings.VAULT_EPOCH_KEY_DIR)
    for _attempt in range(ATTEMPTS):
        database.unlink(missing_ok=True)
        named = _snapshot_sqlite(database) if kind == "sqlite" else _snapshot_postgresql(database)
        keys = {epoch: read_if_there(key_directory / f"{epoch}.key") for epoch in named}
        if all(content is not None for content in keys.values()):
            break
    else:
        missing = sorted(str(epoch) for epoch, content in keys.items() if content is None)
        raise BackupFailed(
            f"The database names epochs whose key files are not in {key_directory}: {', '.join(missing)}. Without them "
            "its reports cannot be opened; nothing was written. Restore the key directory, then back up again."
        )
    # Read after the database copy: every erasure the copy already reflects is listed by now.
    ledger = erasure_ledger.content()
    path = work / "archive.tar"
    contents = [ENGINES[kind], f"{len(keys)} epoch keys"]
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        manifest = {"engine": kind, "epochs": sorted(str(e) for e in keys)}
        _add(archive, MANIFEST, json.dumps(manifest).encode())
        info = archive.gettarinfo(str(database), arcname=ENGINES[kind])
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        with database.open("rb") as handle:
            archive.addfile(info, handle)
        for epoch, content in sorted(keys.items(), key=lambda item: str(item[0])):
            assert content is not None  # noqa: S101 (checked above)
            _add(archive, f"epoch-keys/{epoch}.key", content)
        for name, content in ((CHECKPOINT_KEY, checkpoint_key), (CHECKPOINT_LOG, checkpoint_log), (LEDGER, ledger)):
            if content is not None:
                _add(archive, name, content)
                contents.append(name)
        # After the database copy: a file added since is one more (harmless); its row is in the next backup.
        evidence = evidence_directory()
        stored = (
            sorted(f for f in evidence.glob("*.sealed") if _EVIDENCE_MEMBER.fullmatch(f"evidence/{f.name}")) if evidence else []
        )
        for evidence_file in stored:
            content = read_if_there(evidence_file)
            if content is not None:
                _add(archive, f"evidence/{evidence_file.name}", content)
        if stored:
            contents.append(f"{len(stored)} evidence files")
    database.unlink()
    return path, len(keys), contents


def write_backup(out_path: Path) -> Written:
    """Seal a consistent copy of the instance into `out_path`: a temporary file beside it, fsynced, renamed."""
    kind = engine()
    key = backup_seal.load_key(create=True)
    out_path = out_path.absolute()
    if not out_path.parent.is_dir():
        raise BackupFailed(f"{out_path.parent} is not a directory.")
    created = timezone.now().astimezone(UTC).date()
    with private_workspace() as work:
        archive_path, epoch_keys, contents = _archive(work, kind)
        with replaced_atomically(out_path) as out, archive_path.open("rb") as archive:
            backup_seal.seal(archive, out, key, engine=kind, created=created)
    return Written(out_path, kind, created, epoch_keys, contents)


# --- reading a backup's archive (the restore itself: restoring.py) ------------------------------------------


@dataclass
class Unpacked:
    database: Path
    epoch_keys: dict[uuid.UUID, bytes]
    files: dict[str, bytes]


def unpack(archive_path: Path, work: Path, kind: str) -> Unpacked:
    """Read the archive's members by name: anything unexpected (another name, a link, a path) is refused."""
    database = work / ENGINES[kind]
    keys: dict[uuid.UUID, bytes] = {}
    files: dict[str, bytes] = {}
    manifest: dict[str, Any] | None = None
    with tarfile.open(archive_path, "r:") as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isreg() else None
            if handle is None:
                raise BackupFailed(f"The backup holds {member.name!r}, which is not a plain file: refused.")
            epoch = _EPOCH_MEMBER.fullmatch(member.name)
            if member.name == ENGINES[kind]:
                with database.open("wb") as out:
                    shutil.copyfileobj(handle, out, 1 << 20)
            elif epoch:
                content = handle.read()
                if len(content) != 32:
                    raise BackupFailed(f"The backup's {member.name} is not a key file ({len(content)} bytes): refused.")
                keys[uuid.UUID(epoch.group(1))] = content
            elif member.name == MANIFEST:
                manifest = json.loads(handle.read())
            elif member.name in (CHECKPOINT_KEY, CHECKPOINT_LOG, LEDGER):
                files[member.name] = handle.read()
            elif _EVIDENCE_MEMBER.fullmatch(member.name):
                (work / "evidence").mkdir(mode=0o700, exist_ok=True)
                with (work / member.name).open("wb") as out:
                    shutil.copyfileobj(handle, out, 1 << 20)
            else:
                raise BackupFailed(f"The backup holds {member.name!r}, which no backup of this engine holds: refused.")
    if manifest is None or manifest.get("engine") != kind or not database.exists():
        raise BackupFailed(f"The backup does not hold a {kind} database with its manifest: refused.")
    missing = set(manifest.get("epochs", [])) - {str(k) for k in keys}
    if missing:
        raise BackupFailed(f"The backup lacks the key files of epochs {', '.join(sorted(missing))}: refused.")
    return Unpacked(database, keys, files)
