"""Rotate an organisation's key pair; resumable if interrupted; the system keeps serving."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.command_line import unlock_as
from safereport.accounts.models import Organisation, User
from safereport.audit.log import actor_of
from safereport.vault.keyring import AccessDenied
from safereport.vault.rotation import rotate_organisation_key


class Command(BaseCommand):
    help = (
        "Create a new key pair for organisation ORG (its slug) and re-seal every record key and referral to "
        "it, then destroy every copy of the old private key. Needs a supervisor of that organisation "
        "(--as EMAIL; password from SAFEREPORT_PASSWORD or a prompt). If interrupted, run it again: it "
        "resumes. Staff signed in during the rotation are asked to sign in again when they open a re-sealed case."
    )

    def add_arguments(self, parser):
        parser.add_argument("org", metavar="ORG")
        parser.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['org']!r}.")
        user, unlocked = unlock_as(options["as_email"], roles=[User.Role.SUPERVISOR])
        if user.organisation_id != organisation.pk:
            raise CommandError(f"{user.email} is not a supervisor of {organisation.name}.")
        try:
            result = rotate_organisation_key(
                unlocked,
                actor=actor_of(user),
                batch_size=options["batch_size"],
                progress=lambda n: self.stderr.write(f"  re-sealed {n}", ending="\r"),
            )
        except AccessDenied as exc:
            raise CommandError(str(exc)) from None
        verb = "Resumed and completed" if result.resumed else "Completed"
        self.stdout.write(
            f"{verb} rotation for {organisation.name}: new key {result.new_fingerprint}, "
            f"{result.resealed} items re-sealed, retired {', '.join(result.old_fingerprints) or 'none'}."
        )
