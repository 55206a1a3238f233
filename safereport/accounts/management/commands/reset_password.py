"""An administrator's reset of a forgotten password."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.actions import reset_password
from safereport.accounts.command_line import read_password
from safereport.accounts.emails import normalise_email
from safereport.accounts.models import User


class Command(BaseCommand):
    help = (
        "Reset a forgotten password (new password from SAFEREPORT_NEW_PASSWORD or a prompt). The person can "
        "sign in again at once, but their old key could only be opened with the old password, so their access "
        "to reports returns only when a supervisor grants it again or a supervisor uses the recovery words. Their "
        "second factor is removed too: the one-time setup code printed here, handed over with the new password, "
        "lets them enrol their phone again at the next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        user = User.objects.filter(username=normalise_email(options["email"]), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account for {options['email']}.")
        password = read_password("SAFEREPORT_NEW_PASSWORD", prompt=f"New password for {user.email}: ")
        try:
            setup_code = reset_password(user, password, actor="operator")
        except ValidationError as exc:
            raise CommandError(f"That password cannot be used: {' '.join(exc.messages)}") from None
        self.stdout.write(f"Password reset for {user.email}. Access to reports: ask a supervisor to grant it again.")
        self.stdout.write(f"One-time setup code for two-step sign-in (hand it over with the password): {setup_code}")
