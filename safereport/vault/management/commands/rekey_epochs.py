"""Make erasures final in every copy: rekey the epochs whose day has closed, then destroy left-over key files.

Run it on a schedule, hourly or daily (docs/operations.md); it is safe to run at any time and again.
"""

from django.core.management.base import BaseCommand

from safereport.vault import epochs


class Command(BaseCommand):
    help = "Rekey every epoch that held an erased data key once its day has closed, and destroy retired key files."

    def handle(self, *args: object, **options: object) -> None:
        retired = epochs.rekey_due()
        destroyed = epochs.sweep()
        self.stdout.write(f"Epochs rekeyed: {len(retired)}. Key files destroyed by the sweep: {destroyed}.")
