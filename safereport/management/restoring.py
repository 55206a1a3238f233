"""What `safereport restore` does, all or nothing: everything is written to staging, then swapped in at the end.

Staging sits beside each target (`<target>.restoring`, so each swap is a rename on one filesystem): the SQLite
database, the epoch key directory, the evidence directory, the checkpoint key and log, the merged erasure ledger.
`migrate`, the ledger's replay and the rekey run against the staging (the settings pointed at it for the while), so
nothing of the instance changes until every step has succeeded. PostgreSQL has no staging file: the dump is loaded
into the configured database in one transaction (`pg_restore --single-transaction`), and undone (its tables dropped)
if a later step fails. A journal (`DATA_DIR/restore-in-progress.json`, paths and flags only) is written before
the first byte and removed after the last swap: a restore killed at any point is undone by the next `restore`,
which then goes on as if into an instance never touched. The instance was empty before (the restore refuses any
other), so undoing means making it empty again.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from safereport.accounts.models import Organisation
from safereport.durable_files import fsync_directory, replaced_atomically
from safereport.evidence.models import EvidenceFile
from safereport.intake.actions import erase_report
from safereport.intake.models import Report
from safereport.management.backups import (
    CHECKPOINT_KEY,
    CHECKPOINT_LOG,
    LEDGER,
    BackupFailed,
    Unpacked,
    engine,
    evidence_directory,
    private_workspace,
    read_if_there,
    run_pg,
    unpack,
    write_private,
)
from safereport.vault import backup_seal, epochs, erasure_ledger, records
from safereport.vault.audit_verification import Verdict, verify_log
from safereport.vault.models import DataKey

STAGED = ".restoring"


def _staged(path: Path) -> Path:
    return path.with_name(path.name + STAGED)


def _journal() -> Path:
    return Path(settings.DATA_DIR) / "restore-in-progress.json"


@dataclass
class Targets:
    """Where the restore writes: the live paths (the staging of each is beside it)."""

    database: Path | None  # the SQLite file; None on PostgreSQL
    key_directory: Path
    evidence: Path | None  # None when evidence lives in an object store
    checkpoint_key: Path
    checkpoint_log: Path
    ledger: Path

    @classmethod
    def of_settings(cls, kind: str) -> Targets:
        return cls(
            Path(settings.DATABASES["default"]["NAME"]) if kind == "sqlite" else None,
            Path(settings.VAULT_EPOCH_KEY_DIR),
            evidence_directory(),
            Path(settings.AUDIT_CHECKPOINT_KEY_FILE),
            Path(settings.AUDIT_CHECKPOINT_LOG),
            Path(settings.ERASURE_LEDGER),
        )

    def staging(self) -> list[Path]:
        live = [self.database, self.key_directory, self.evidence, self.checkpoint_key, self.checkpoint_log, self.ledger]
        return [_staged(path) for path in live if path is not None]


def _write_journal(state: dict[str, Any]) -> None:
    with replaced_atomically(_journal()) as out:
        out.write(json.dumps(state, sort_keys=True).encode())


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _drop_postgresql_tables() -> None:
    """Make the configured PostgreSQL database empty again: every table the load created, dropped in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        names = [connection.ops.quote_name(row[0]) for row in cursor.fetchall()]
        if names:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(names)} CASCADE")


def undo(state: dict[str, Any], targets: Targets) -> None:
    """Undo a restore that did not finish, from its journal: staging removed, the instance made empty again."""
    connections.close_all()
    for path in targets.staging():
        _remove(path)
    if state.get("swapping"):
        # Empty before the restore (it refuses otherwise): whatever is in them now came from it.
        if targets.key_directory.is_dir():
            for path in targets.key_directory.iterdir():
                _remove(path)
        if targets.evidence is not None and targets.evidence.is_dir():
            for path in targets.evidence.glob("*.sealed"):
                path.unlink(missing_ok=True)
        for name in ("checkpoint_key", "checkpoint_log", "ledger"):
            if name in state["created"]:
                getattr(targets, name).unlink(missing_ok=True)
        # A ledger that was there before now lists the backup's erasures as well: still true, so it stays.
    if targets.database is not None and state.get("swapping"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            targets.database.with_name(targets.database.name + suffix).unlink(missing_ok=True)
    if state.get("database_loaded"):
        _drop_postgresql_tables()
    _journal().unlink(missing_ok=True)


def undo_interrupted(kind: str) -> bool:
    """If an earlier restore was cut short (killed, power lost), undo it; whether there was one.

    Undoing deletes the instance's keys and data, so it is done only for the journal of a restore
    into this instance's own paths (never paths the journal names) that had not finished its swap.
    A journal left by a restore that finished (killed between its last step and removing the journal)
    is only removed: what it restored stays.
    """
    try:
        state = json.loads(_journal().read_text())
    except FileNotFoundError:
        return False
    except ValueError:
        raise BackupFailed(
            f"{_journal()} is not a readable restore journal. Nothing was changed: check the instance by hand, "
            "then remove the file."
        ) from None
    targets = Targets.of_settings(kind)
    named = {name: str(value) if value else None for name, value in vars(targets).items()}
    if not isinstance(state, dict) or state.get("targets") != named:
        raise BackupFailed(
            f"{_journal()} names other paths than this instance's. Nothing was changed: check the instance by hand, "
            "then remove the file."
        )
    if state.get("swapped"):
        _journal().unlink(missing_ok=True)
        return False
    undo(state, targets)
    return True


def journal_left() -> Path | None:
    """The journal of a restore cut short, if there is one: nothing may serve until a restore is run again."""
    return _journal() if _journal().exists() else None


def emptiness_problems() -> list[str]:
    """Why this instance is not empty (a restore would overwrite something); none when it is."""
    problems = []
    try:
        if Organisation.objects.exists():
            problems.append("the database has organisations")
        if Report.objects.exists():
            problems.append("the database has reports")
    except DatabaseError:
        pass  # no tables yet (never migrated): empty
    key_directory = Path(settings.VAULT_EPOCH_KEY_DIR)
    if key_directory.is_dir() and any(key_directory.iterdir()):
        problems.append(f"the epoch key directory {key_directory} has files")
    evidence = evidence_directory()
    if evidence is not None and evidence.is_dir() and any(evidence.glob("*.sealed")):
        problems.append(f"the evidence directory {evidence} has files")
    return problems


def _conflicts(unpacked: Unpacked, targets: Targets) -> list[str]:
    """Files of the target that the backup would have to overwrite with something different."""
    problems = []
    for path, name in ((targets.checkpoint_key, CHECKPOINT_KEY), (targets.checkpoint_log, CHECKPOINT_LOG)):
        present = read_if_there(path)
        if present and present != unpacked.files.get(name):
            problems.append(f"{path} exists and is not the backup's copy")
    return problems


# --- the steps (each one a function, so a test can make any of them fail) ---------------------------------------


def load_database(kind: str, database: Path, targets: Targets) -> None:
    """SQLite: the copy to its staging file. PostgreSQL: into the configured database, in one transaction."""
    connections.close_all()
    if kind == "postgresql":
        run_pg(
            [
                "pg_restore",
                "--single-transaction",
                "--exit-on-error",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(database),
            ]
        )
        return
    assert targets.database is not None  # noqa: S101 (SQLite always has its file)
    with replaced_atomically(_staged(targets.database)) as out, database.open("rb") as source:
        shutil.copyfileobj(source, out, 1 << 20)


def stage_files(unpacked: Unpacked, work: Path, targets: Targets) -> None:
    """The key files, evidence files, checkpoint files and merged ledger, each in its staging place."""
    keys = _staged(targets.key_directory)
    keys.mkdir(mode=0o700, parents=True)
    for epoch, content in unpacked.epoch_keys.items():
        write_private(keys / f"{epoch}.key", content, exclusive=True)
    evidence_files = sorted((work / "evidence").glob("*.sealed")) if (work / "evidence").is_dir() else []
    if evidence_files and targets.evidence is None:
        raise BackupFailed("The backup holds evidence files but this instance keeps evidence in an object store.")
    if targets.evidence is not None:
        _staged(targets.evidence).mkdir(mode=0o700)
        for path in evidence_files:
            write_private(_staged(targets.evidence) / path.name, path.read_bytes(), exclusive=True)
    for path, name in ((targets.checkpoint_key, CHECKPOINT_KEY), (targets.checkpoint_log, CHECKPOINT_LOG)):
        if name in unpacked.files:
            write_private(_staged(path), unpacked.files[name])
    live_ledger = read_if_there(targets.ledger)
    if live_ledger is not None:
        write_private(_staged(targets.ledger), live_ledger)


@contextlib.contextmanager
def pointed_at_staging(targets: Targets) -> Iterator[None]:
    """Settings (and the SQLite connection) pointed at the staging for the block, then back at the live paths."""
    replaced = {
        "VAULT_EPOCH_KEY_DIR": _staged(targets.key_directory),
        "AUDIT_CHECKPOINT_KEY_FILE": _staged(targets.checkpoint_key),
        "AUDIT_CHECKPOINT_LOG": _staged(targets.checkpoint_log),
        "ERASURE_LEDGER": _staged(targets.ledger),
    }
    before = {name: getattr(settings, name) for name in replaced}
    database = connection.settings_dict
    live_name = database["NAME"]
    connections.close_all()
    for name, value in replaced.items():
        setattr(settings, name, value)
    if targets.database is not None:
        database["NAME"] = str(_staged(targets.database))
    try:
        yield
    finally:
        connections.close_all()
        database["NAME"] = live_name
        for name, value in before.items():
            setattr(settings, name, value)


def replay(listed: set[uuid.UUID]) -> int:
    """Erase again every report (and any other data key) the ledger lists and the restored database still holds."""
    erased = 0
    ids = sorted(listed, key=str)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        for report in Report.objects.filter(data_key_id__in=batch):
            with transaction.atomic():
                erase_report(report, actor="system")
            erased += 1
        for data_key_id in DataKey.objects.filter(pk__in=batch).values_list("pk", flat=True):
            records.destroy_data_key(data_key_id)
    return erased


def prepare(unpacked: Unpacked, targets: Targets) -> tuple[int, int, int]:
    """On the staging: migrate, merge and replay the ledger, rekey; (ledger keys, damaged lines, reports erased)."""
    with pointed_at_staging(targets):
        call_command("migrate", interactive=False, verbosity=0)
        merged = erasure_ledger.merge_in(unpacked.files.get(LEDGER))
        erased_again = replay(set(merged.entries))
        epochs.rekey_due()  # the epochs of erasures from days that have ended: no copy of them opens from now on
        if targets.evidence is not None:
            # Files of reports the replay erased: their keys are gone, so they are noise; they stay behind.
            kept = set(EvidenceFile.objects.values_list("storage_name", flat=True))
            for path in _staged(targets.evidence).glob("*.sealed"):
                if path.name not in kept:
                    path.unlink()
    return len(merged.entries), len(merged.damaged), erased_again


def _rename(staged: Path, live: Path) -> None:
    if staged.is_dir() and live.is_dir():
        if not any(live.iterdir()):
            live.rmdir()  # empty (checked): the staged directory takes its place
        else:
            for path in staged.iterdir():
                path.replace(live / path.name)
            staged.rmdir()
            fsync_directory(live)
            return
    live.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    staged.replace(live)
    fsync_directory(live.parent)


def swap_files(targets: Targets) -> None:
    for live in (targets.key_directory, targets.evidence, targets.checkpoint_key, targets.checkpoint_log, targets.ledger):
        if live is not None and _staged(live).exists():
            _rename(_staged(live), live)


def swap_database(targets: Targets) -> None:
    """The last step: the staged SQLite file over the live one (PostgreSQL's is in place already)."""
    if targets.database is None:
        return
    connections.close_all()
    _staged(targets.database).replace(targets.database)
    # The empty database's journals belong to it, not to the copy: SQLite would apply them to the copy.
    for suffix in ("-wal", "-shm", "-journal"):
        targets.database.with_name(targets.database.name + suffix).unlink(missing_ok=True)
    fsync_directory(targets.database.parent)


@dataclass
class Restored:
    created: date
    engine: str
    epoch_keys: int
    files: list[str]
    ledger_keys: int
    ledger_damaged_lines: int
    erased_again: int
    verdict: Verdict
    undid_interrupted: bool


def restore_backup(in_path: Path, key_file: Path | None) -> Restored:
    """Check, stage, prepare and swap a backup into this empty instance, then verify the audit log; all or nothing."""
    kind = engine()
    key = backup_seal.load_key(key_file)
    undid = undo_interrupted(kind)
    problems = emptiness_problems()
    if problems:
        raise BackupFailed(f"Refusing to restore into an instance that is not empty: {'; '.join(problems)}. Nothing was changed.")
    # The whole file is checked before anything is written anywhere, even a temporary file.
    header = backup_seal.open_sealed(in_path, key)
    if header.engine != kind:
        raise BackupFailed(f"The backup is of a {header.engine} database and this instance runs {kind}: nothing was changed.")
    targets = Targets.of_settings(kind)
    with private_workspace() as work:
        archive_path = work / "archive.tar"
        with archive_path.open("wb") as archive:
            backup_seal.open_sealed(in_path, key, archive)  # again, in case the file changed since
        unpacked = unpack(archive_path, work, kind)
        archive_path.unlink()
        problems = _conflicts(unpacked, targets)
        leftovers = [str(path) for path in targets.staging() if path.exists()]
        if leftovers:
            problems.append(f"staging left from something else is in the way: {', '.join(leftovers)}")
        if problems:
            raise BackupFailed(f"Refusing to restore: {'; '.join(problems)}. Nothing was changed.")
        state: dict[str, Any] = {
            "targets": {name: str(value) if value else None for name, value in vars(targets).items()},
            "created": [name for name in ("checkpoint_key", "checkpoint_log", "ledger") if not getattr(targets, name).exists()],
            "database_loaded": kind == "postgresql",  # set before the load: undoing a load that rolled back is harmless
            "swapping": False,
            "swapped": False,
        }
        _write_journal(state)
        try:
            load_database(kind, unpacked.database, targets)
            stage_files(unpacked, work, targets)
            ledger_keys, damaged, erased_again = prepare(unpacked, targets)
            state["swapping"] = True
            _write_journal(state)
            swap_files(targets)
            swap_database(targets)
            state["swapped"] = True
            _write_journal(state)
        except BaseException as exc:
            undo(state, targets)
            if isinstance(exc, BackupFailed | KeyboardInterrupt | SystemExit):
                raise
            # A disk's or a file's error says what to fix; any other may quote a row, so only its kind is named.
            cause = f"{type(exc).__name__}: {exc}" if isinstance(exc, OSError) else type(exc).__name__
            raise BackupFailed(
                f"The restore failed part-way ({cause}); what it had written was removed and the instance is empty "
                "again. Correct the cause and run the restore once more."
            ) from exc
        _journal().unlink()
        fsync_directory(_journal().parent)
    return Restored(
        header.created,
        kind,
        len(unpacked.epoch_keys),
        sorted(unpacked.files),
        ledger_keys,
        damaged,
        erased_again,
        verify_log(),
        undid,
    )
