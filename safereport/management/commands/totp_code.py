"""Print the current sign-in code of a demo account: the embedded demo only, never a real deployment."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safereport.accounts import second_factor
from safereport.accounts.emails import normalise_email
from safereport.accounts.models import User

from .seed_demo import demo_emails


class Command(BaseCommand):
    help = (
        "Print the code an authenticator app would show now for one of the demo accounts `seed_demo` makes. "
        "Refused for any other account, and on any database but the embedded demo's SQLite (production runs on "
        "PostgreSQL: `safereport check --deploy`, deployment.E001), so it cannot stand in for anyone's phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        email = normalise_email(options["email"])
        # The deploy check's own test (deployment.checks.database_is_not_sqlite): SQLite is the embedded demo.
        if any("sqlite" not in db.get("ENGINE", "") for db in settings.DATABASES.values()):
            raise CommandError("totp_code works only on the embedded demo (SQLite), never on a real deployment.")
        if email not in demo_emails():
            raise CommandError(f"{options['email']} is not a demo account; use the authenticator app.")
        user = User.objects.filter(username=email, is_active=True).first()
        if user is None or not second_factor.has_device(user):
            raise CommandError(f"{options['email']} has no demo second factor: run `safereport seed_demo` first.")
        self.stdout.write(second_factor.code_for_user(user))
