"""Sign a checkpoint of the audit log (its size and Merkle tree head) and print it as JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.audit.tree import LogShorter
from safereport.vault import audit_checkpoints
from safereport.vault.audit_verification import verify_log


class Command(BaseCommand):
    help = (
        "Verify the audit log, then sign a checkpoint of it (entries so far and their RFC 6962 tree head) with the key in "
        "SAFEREPORT_AUDIT_CHECKPOINT_KEY_FILE (made on first use), store it, append it to the checkpoint log file "
        "(SAFEREPORT_AUDIT_CHECKPOINT_LOG) and print it as JSON. Refuses to sign a log that does not verify. "
        "With --public-key, print the checkpoint key's public half (hex) and sign nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--public-key", action="store_true", help="print the public key that verifies checkpoints, and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["public_key"]:
                self.stdout.write(audit_checkpoints.public_key_hex())
                return
            verdict = verify_log()
            if not verdict.ok:
                raise CommandError("Not signing a checkpoint of a log that does not verify: " + " ".join(verdict.problems))
            checkpoint = audit_checkpoints.make_checkpoint()
        except (audit_checkpoints.CheckpointKeyError, LogShorter) as exc:
            raise CommandError(f"No checkpoint made: {exc}") from None
        self.stdout.write(json.dumps(checkpoint.document(), indent=2, sort_keys=True))
