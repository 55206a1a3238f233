"""Write one encrypted, integrity-checked backup of the whole instance (docs/operations.md, "Backups")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.management.backups import BackupFailed, write_backup
from safereport.vault.backup_seal import BackupKeyError, key_path


class Command(BaseCommand):
    help = (
        "Write OUT_FILE: a consistent copy of the database (SQLite's online backup, or pg_dump), the epoch key files "
        "it needs, the audit checkpoint key and log, and the erasure ledger, sealed with AES-256-GCM under the backup "
        "key (SAFEREPORT_BACKUP_KEY_FILE, made owner-only on first use: keep a copy off the server). Safe while the "
        "server runs. The file appears whole or not at all."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out_file", metavar="OUT_FILE", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = write_backup(options["out_file"])
        except (BackupFailed, BackupKeyError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backup of the {written.engine} instance written to {written.path} ({', '.join(written.contents)}), "
            f"sealed with the key in {key_path()}. Keep a copy of that key file off this server: without it the "
            "backup cannot be restored."
        )
