"""Add a member of staff to an organisation, optionally granting access as a supervisor."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts import second_factor
from safereport.accounts.actions import add_staff
from safereport.accounts.command_line import read_password, unlock_as
from safereport.accounts.models import Organisation, User
from safereport.audit.log import actor_of
from safereport.vault import keyring


class Command(BaseCommand):
    help = (
        "Add a member of staff. Their password is read from SAFEREPORT_NEW_PASSWORD or a prompt. With "
        "--grant-as SUPERVISOR_EMAIL (password from SAFEREPORT_PASSWORD or a prompt) they are granted access "
        "to the organisation's reports at once; otherwise a supervisor grants it later on the Access page. Prints a one-time setup code, valid 14 days, "
        "that the person needs with the password to set up two-step sign-in at their first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--org", required=True, metavar="SLUG")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--grant-as", metavar="SUPERVISOR_EMAIL")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['org']!r}.")
        granter = unlocked = None
        if options["grant_as"]:
            granter, unlocked = unlock_as(options["grant_as"], roles=[User.Role.SUPERVISOR])
            if granter.organisation_id != organisation.pk:
                raise CommandError(f"{options['grant_as']} is not a supervisor of {organisation.name}.")
        password = read_password("SAFEREPORT_NEW_PASSWORD", prompt=f"New password for {options['email']}: ")
        try:
            user = add_staff(organisation, options["email"], password, options["role"], actor="operator")
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if unlocked is not None:
            keyring.grant_access(unlocked, user, actor=actor_of(granter))
        self.stdout.write(
            f"Added {user.email} ({user.role}) to {organisation.name}"
            + (", with access." if unlocked else "; a supervisor must grant access.")
        )
        setup_code = second_factor.issue_setup_code(user, actor="operator")
        self.stdout.write(f"One-time setup code for two-step sign-in (hand it over with the password): {setup_code}")
