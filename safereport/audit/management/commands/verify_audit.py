"""Verify the audit log's hash chain from the first entry to the last."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.audit.log import verify


class Command(BaseCommand):
    help = "Check every audit entry's hash and link; name the first broken entry and exit non-zero if any."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if not result.ok:
            raise CommandError(f"Audit log broken at entry {result.first_broken}: {result.reason}.")
        self.stdout.write(f"Audit log intact: {result.entries} entries verified.")
