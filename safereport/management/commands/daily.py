"""The daily job: carry out due erasures, erase what the retention periods have expired, make erasures final.

Every step is idempotent and works record by record in its own transaction, so a run killed half-way loses
nothing and the next run finishes it. Schedule it daily (docs/operations.md, Retention); it prints counts only,
never a reference: a cron mail or a journal is no place for them.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from safereport.intake import actions, retention
from safereport.vault import epochs


class Command(BaseCommand):
    help = "Carry out due erasures and the retention periods, rekey erased keys' epochs, delete expired sessions."

    def handle(self, *args: object, **options: object) -> None:
        erased = actions.erase_due()
        swept = retention.sweep()
        rekeyed, destroyed = epochs.rekey_due(), epochs.sweep()
        call_command("clearsessions")
        by_kind = ", ".join(f"{kind} {len(refs)}" for kind, refs in sorted(swept.erased.items())) or "none"
        self.stdout.write(
            f"Erasures carried out: {len(erased)}. Expired and erased: {by_kind}. "
            f"Expired messages deleted: {swept.messages_deleted}. "
            f"Epochs rekeyed: {len(rekeyed)}; key files destroyed: {destroyed}."
        )
