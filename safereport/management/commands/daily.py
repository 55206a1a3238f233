"""The daily job: carry out due erasures, erase what the retention periods have expired, make erasures final.

Every step is idempotent and works record by record in its own transaction, so a run killed half-way loses
nothing and the next run finishes it. `safereport scheduler` runs it once a UTC day (and records and audits each
run); this command runs it now, for a systemd timer or by hand (docs/operations.md, Retention). It prints counts
only, never a reference: a cron mail or a journal is no place for them.
"""

from django.core.management.base import BaseCommand, CommandError

from safereport.management.scheduler import daily_job, scheduler_lock


class Command(BaseCommand):
    help = "Carry out due erasures and the retention periods, rekey erased keys' epochs, delete expired sessions."

    def handle(self, *args: object, **options: object) -> None:
        # The scheduler's own lock: a run by hand or by a timer never overlaps the scheduler's run.
        with scheduler_lock() as held:
            if not held:
                raise CommandError(
                    "The scheduler is running its jobs now and holds their lock, so nothing was run. "
                    "Run this again in a minute (the scheduler also runs the daily job itself once a UTC day)."
                )
            counts = daily_job()
        expired = {kind.removeprefix("expired_"): n for kind, n in counts.items() if kind.startswith("expired_")}
        by_kind = ", ".join(f"{kind} {n}" for kind, n in expired.items()) or "none"
        self.stdout.write(
            f"Erasures carried out: {counts['erasures']}. Expired and erased: {by_kind}. "
            f"Expired messages deleted: {counts['messages_deleted']}. "
            f"Epochs rekeyed: {counts['epochs_rekeyed']}; key files destroyed: {counts['key_files_destroyed']}. "
            f"Evidence files removed: {counts['evidence_removed']}."
        )
