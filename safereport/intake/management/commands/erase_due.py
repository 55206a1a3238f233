"""Erase every report whose cooling-off period is over (run it daily on a schedule)."""

from django.core.management.base import BaseCommand

from safereport.intake.actions import erase_due


class Command(BaseCommand):
    help = (
        "Erase every report whose erasure the reporter asked for and whose cooling-off period "
        "(SAFEREPORT_ERASURE_COOLING_OFF_DAYS) is over: the report, its messages, notes, visits and service "
        "referrals and its key are destroyed; police referrals are withdrawn. Each report in its own "
        "transaction; safe to run again, and a cancelled erasure is never carried out."
    )

    def handle(self, *args, **options):
        # The count only: references of erased reports have no place in a cron mail or a journal.
        self.stdout.write(f"Erased {len(erase_due())} report(s).")
