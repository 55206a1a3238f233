"""Send the batched, content-free notices to staff who have something waiting (run it on a schedule)."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.notices import send_pending


class Command(BaseCommand):
    help = "Email each member of staff with new activity one identical notice that says nothing about it."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"Sent {sent} notice(s).")
        if failed:
            raise CommandError(f"{failed} notice(s) could not be sent; they stay pending for the next run.")
