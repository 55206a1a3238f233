"""Create an organisation, its key pair and its first supervisor; print the recovery words once."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from safereport.accounts import second_factor
from safereport.accounts.actions import create_organisation
from safereport.accounts.command_line import read_password
from safereport.accounts.models import Organisation


class Command(BaseCommand):
    help = (
        "Create an organisation with its key pair and first supervisor. The supervisor's password is read "
        "from SAFEREPORT_PASSWORD or a prompt. The organisation's recovery words are printed ONCE: print "
        "them on paper and keep them offline; they are never stored and are the last way back to the reports. "
        "Also prints the supervisor's one-time setup code for two-step sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)
        parser.add_argument("--supervisor", required=True, metavar="EMAIL")
        parser.add_argument("--slug", default="")
        parser.add_argument("--areas", default="", help="Comma-separated area codes this organisation serves.")
        parser.add_argument("--receives-unrouted", action="store_true", help="Receive reports from areas nobody serves.")

    def handle(self, *args, **options):
        password = read_password(prompt=f"New password for {options['supervisor']}: ")
        try:
            organisation, supervisor, words = create_organisation(
                options["name"],
                options["kind"],
                supervisor_email=options["supervisor"],
                supervisor_password=password,
                areas=[a for a in options["areas"].split(",") if a],
                slug=options["slug"],
                receives_unrouted=options["receives_unrouted"],
            )
        except (ValueError, IntegrityError) as exc:
            raise CommandError(f"Could not create the organisation: {exc}") from None
        self.stdout.write(f"Created {organisation.name} ({organisation.slug}), supervisor {options['supervisor']}.")
        self.stdout.write("RECOVERY WORDS (shown once; print and keep offline):")
        self.stdout.write(f"  {words}")
        setup_code = second_factor.issue_setup_code(supervisor, actor="operator")
        self.stdout.write(f"One-time setup code for the supervisor's two-step sign-in (valid 14 days): {setup_code}")
