"""Remove a member of staff: deactivate the account and delete every wrapped key they held."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.actions import remove_staff
from safereport.accounts.emails import normalise_email
from safereport.accounts.models import User


class Command(BaseCommand):
    help = "Deactivate a member of staff and delete their key and every organisation key granted to them."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        user = User.objects.filter(username=normalise_email(options["email"])).first()
        if user is None:
            raise CommandError(f"No account for {options['email']}.")
        remove_staff(user, actor="operator")
        self.stdout.write(f"Removed {user.email}; they can no longer open anything.")
