"""Remove a member of staff's second factor (lost phone and recovery codes) and print a new setup code."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.actions import reset_second_factor
from safereport.accounts.emails import normalise_email
from safereport.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of a member of staff who has lost both, and print a "
        "one-time setup code (valid 14 days). Check who is asking first: with the setup code and the password, "
        "anyone can enrol their own phone on the account. Also the way to give accounts made before two-step "
        "sign-in existed their first setup code."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        user = User.objects.filter(username=normalise_email(options["email"]), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account for {options['email']}.")
        setup_code = reset_second_factor(user, actor="operator")
        self.stdout.write(f"Two-step sign-in removed for {user.email}. They set it up again at their next sign-in.")
        self.stdout.write(f"One-time setup code (hand it over in person or by phone, never by email): {setup_code}")
