"""Print the package a recipient would receive for a report, exactly as the firewall builds it."""

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.command_line import unlock_as
from safereport.accounts.models import User
from safereport.audit.log import actor_of
from safereport.firewall.disclosure import disclose
from safereport.firewall.policy import RECIPIENT_KINDS
from safereport.intake.models import Report


class Command(BaseCommand):
    help = (
        "Print, as JSON, what RECIPIENT_KIND would receive of report REFERENCE. Report content is sealed, so "
        "this acts as a member of staff (--as EMAIL; password from SAFEREPORT_PASSWORD or a prompt). Exits "
        "non-zero with the reason when the firewall refuses. Nothing classified `immigration` is ever printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--recipient-kind", required=True, choices=RECIPIENT_KINDS)
        parser.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")

    def handle(self, *args, **options):
        user, unlocked = unlock_as(options["as_email"], roles=[User.Role.ADVOCATE, User.Role.SUPERVISOR])
        report = Report.objects.visible_to(user).filter(reference=options["reference"]).first()
        if report is None:
            raise CommandError(f"No report {options['reference']} in {user.organisation.name}.")
        decision = disclose(report, options["recipient_kind"], unlocked=unlocked, actor=actor_of(user), purpose="preview")
        if not decision.allowed:
            raise CommandError(f"Refused: {decision.reason}.")
        self.stdout.write(decision.package_json())
