"""Verify the audit log: its hash chain, its Merkle tree, and every signed checkpoint against both."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.vault.audit_checkpoints import CheckpointKeyError
from safereport.vault.audit_verification import verify_log


class Command(BaseCommand):
    help = (
        "Check every audit entry's hash and link, recompute the Merkle tree over the entries, and check every "
        "checkpoint (in the database and in the checkpoint log file) for a valid signature by a trusted key and a root "
        "that matches the log at its size. Exits non-zero naming each problem: a broken chain, a log shorter than a "
        "checkpoint says (cut short or emptied), a rewritten history, a forged or deleted checkpoint."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            verdict = verify_log()
        except CheckpointKeyError as exc:
            raise CommandError(str(exc)) from None
        if not verdict.ok:
            raise CommandError("\n".join(verdict.problems))
        self.stdout.write(
            f"Audit log intact: {verdict.entries} entries verified against {verdict.checkpoints} signed checkpoints."
        )
