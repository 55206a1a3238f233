"""Restore a backup into an empty instance, erase again what the erasure ledger lists, and verify the audit log."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.management.backups import BackupFailed
from safereport.management.restoring import restore_backup
from safereport.vault.backup_seal import BackupKeyError, BackupRefused


class Command(BaseCommand):
    help = (
        "Restore IN_FILE (made by `safereport backup`) into this instance, which must be empty: no organisation or "
        "report in the database, no file in the epoch key directory. The whole file is checked first (its tags and "
        "SHA-256); a truncated, corrupt, altered or wrong-key backup is refused and nothing changes. Then the "
        "database, key files, checkpoint files and ledger are restored; every report whose data key the erasure ledger "
        "lists (this instance's ledger, if there is one, merged with the backup's) is erased again; and the audit log "
        "is verified. All or nothing: everything is written to staging beside its place and swapped in at the end, so a "
        "restore that fails (or is killed) part-way leaves the instance empty, and the next restore starts clean. "
        "Stop the server first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("in_file", metavar="IN_FILE", type=Path)
        parser.add_argument(
            "--key-file", type=Path, default=None, help="The backup key file (default: SAFEREPORT_BACKUP_KEY_FILE)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(options["in_file"], options["key_file"])
        except (BackupFailed, BackupKeyError, BackupRefused) as exc:
            raise CommandError(str(exc)) from None
        if restored.undid_interrupted:
            self.stderr.write("An earlier restore here was cut short: what it had written was removed first.")
        self.stdout.write(
            f"Restored the {restored.engine} backup of {restored.created.isoformat()}: the database, "
            f"{restored.epoch_keys} epoch keys" + "".join(f", {name}" for name in restored.files) + "."
        )
        self.stdout.write(
            f"Erasure ledger: {restored.ledger_keys} data keys listed; {restored.erased_again} reports erased again."
        )
        if restored.ledger_damaged_lines:
            self.stderr.write(
                f"Warning: {restored.ledger_damaged_lines} lines of the erasure ledgers were not whole entries (an append cut "
                "short by a crash leaves one); those whose data key could be read were replayed, the rest were skipped."
            )
        verdict = restored.verdict
        if not verdict.ok:
            raise CommandError("Restored, but the audit log does not verify:\n" + "\n".join(verdict.problems))
        self.stdout.write(
            f"Audit log intact: {verdict.entries} entries verified against {verdict.checkpoints} signed checkpoints."
        )
