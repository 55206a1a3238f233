"""Register, list, refuse and approve inbound disclosure requests from the command line."""
import sys

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.command_line import unlock_as
from safereport.accounts.models import User
from safereport.firewall import requests
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.policy import COMPELLABLE_FIELDS
from safereport.intake.models import Report

CASEWORK = [User.Role.ADVOCATE, User.Role.SUPERVISOR]


class Command(BaseCommand):
    help = (
        "Work the disclosure-request register as a member of staff (--as EMAIL; password from SAFEREPORT_PASSWORD "
        "or a prompt). `register` reads what was asked from stdin, because it may name a person and command "
        "arguments are visible to every user of the machine; immigration enforcement without --compulsion is "
        "refused at once. `refuse REF --reason TEXT` and `approve REF` are for supervisors; approval must come from "
        "a different supervisor than the one who registered the request, and prints the package's disclosed fields."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        register = actions.add_parser("register", help="Register a request; what was asked is read from stdin.")
        register.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")
        register.add_argument("--agency-kind", required=True, choices=DisclosureRequest.AgencyKind.values)
        register.add_argument("--agency-name", required=True)
        register.add_argument("--report", metavar="REFERENCE", help="The case the request concerns, if any.")
        register.add_argument("--compulsion", choices=DisclosureRequest.LegalBasisKind.values,
                              help="The kind of legal compulsion the agency claims; omit if none.")
        register.add_argument("--legal-basis", default="", help="The legal basis as cited (no names of people).")
        register.add_argument("--names-immigration", action="store_true",
                              help="The legal basis names immigration data specifically.")
        register.add_argument("--field", action="append", default=[], choices=list(COMPELLABLE_FIELDS),
                              help="A field requested; repeat for several. Crime facts always go.")
        for name, text in (("list", "List the register."), ("refuse", "Refuse a pending request."),
                           ("approve", "Approve a compelled disclosure as the second supervisor.")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")
            if name != "list":
                sub.add_argument("reference")
            if name == "refuse":
                sub.add_argument("--reason", required=True)

    def handle(self, *args, **options):
        user, unlocked = unlock_as(options["as_email"], roles=CASEWORK)
        try:
            getattr(self, f"_{options['action']}")(user, unlocked, options)
        except requests.RequestInvalid as invalid:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in invalid.errors.items())) from None
        except requests.RequestNotAllowed as refused:
            raise CommandError(f"Refused: {refused}") from None

    def _entry(self, user, reference) -> DisclosureRequest:
        entry = DisclosureRequest.objects.visible_to(user).filter(reference=reference).first()
        if entry is None:
            raise CommandError(f"No disclosure request {reference} in {user.organisation.name}.")
        return entry

    def _register(self, user, unlocked, options):
        report = None
        if options["report"]:
            report = Report.objects.visible_to(user).filter(reference=options["report"]).first()
            if report is None:
                raise CommandError(f"No report {options['report']} in {user.organisation.name}.")
        entry = requests.register_request(requests.NewRequest(
            agency_kind=options["agency_kind"], agency_name=options["agency_name"], asked=sys.stdin.read(),
            report=report, compulsion_claimed=bool(options["compulsion"]), legal_basis_kind=options["compulsion"] or "",
            legal_basis=options["legal_basis"], names_immigration=options["names_immigration"],
            requested_fields=tuple(options["field"]),
        ), user=user)
        self.stdout.write(f"{entry.reference} {entry.decision}")

    def _list(self, user, unlocked, options):
        for entry in DisclosureRequest.objects.visible_to(user):
            self.stdout.write(f"{entry.reference}  {entry.received_at:%Y-%m-%d}  {entry.agency_kind}  {entry.decision}")

    def _refuse(self, user, unlocked, options):
        entry = requests.refuse_request(self._entry(user, options["reference"]), user, options["reason"])
        self.stdout.write(f"{entry.reference} {entry.decision}")

    def _approve(self, user, unlocked, options):
        entry = requests.approve_compelled_disclosure(self._entry(user, options["reference"]), user, unlocked)
        fields = ", ".join(["crime facts", *entry.disclosed_fields]) if entry.package_sealed else "nothing (no report linked)"
        self.stdout.write(f"{entry.reference} {entry.decision}: {fields}")
