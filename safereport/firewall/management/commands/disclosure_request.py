"""Register, list, refuse and approve inbound disclosure requests from the command line."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safereport.accounts.command_line import unlock_as
from safereport.accounts.models import User
from safereport.firewall import court_orders, requests
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.policy import COMPELLABLE_FIELDS
from safereport.firewall.review import KEEP, REMOVE, Decisions
from safereport.intake.models import Report

CASEWORK = [User.Role.ADVOCATE, User.Role.SUPERVISOR]


class Command(BaseCommand):
    help = (
        "Work the disclosure-request register as a member of staff (--as EMAIL; password from SAFEREPORT_PASSWORD "
        "or a prompt). `register` reads what was asked from stdin, because it may name a person and command "
        "arguments are visible to every user of the machine; immigration enforcement without --compulsion "
        "court_order is refused at once; a court order, whoever asks, needs --court-order-reference and --court-order-copy. "
        "`refuse REF --reason TEXT` and `approve REF` are for supervisors; approval must come from a different "
        "supervisor than the one who registered the request, and prints the package's disclosed fields. For immigration "
        "enforcement, and whenever immigration data is asked for, `approve` needs --legal-review FILE (your written "
        "review; - reads stdin)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        register = actions.add_parser("register", help="Register a request; what was asked is read from stdin.")
        register.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")
        register.add_argument("--agency-kind", required=True, choices=DisclosureRequest.AgencyKind.values)
        register.add_argument("--agency-name", required=True)
        register.add_argument("--report", metavar="REFERENCE", help="The case the request concerns, if any.")
        register.add_argument(
            "--compulsion",
            choices=DisclosureRequest.LegalBasisKind.values,
            help="The kind of legal compulsion the agency claims; omit if none.",
        )
        register.add_argument("--legal-basis", default="", help="The legal basis as cited (no names of people).")
        register.add_argument(
            "--names-immigration", action="store_true", help="The legal basis names immigration data specifically."
        )
        register.add_argument(
            "--field",
            action="append",
            default=[],
            choices=list(COMPELLABLE_FIELDS),
            help="A field requested; repeat for several. Crime facts always go, except to "
            "immigration enforcement, where only the fields the court order names go.",
        )
        register.add_argument("--court-order-reference", default="", help="The court order's case or order number.")
        register.add_argument(
            "--court-order-copy",
            metavar="FILE",
            type=Path,
            help="A copy of the court order (PDF, PNG or JPEG), sealed to the organisation.",
        )
        register.add_argument(
            "--order-forbids-telling", action="store_true", help="The court order forbids telling the reporter."
        )
        for name, text in (
            ("list", "List the register."),
            ("refuse", "Refuse a pending request."),
            ("approve", "Approve a compelled disclosure as the second supervisor."),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--as", dest="as_email", required=True, metavar="EMAIL")
            if name != "list":
                sub.add_argument("reference")
            if name == "refuse":
                sub.add_argument("--reason", required=True)
            if name == "approve":
                sub.add_argument(
                    "--legal-review",
                    metavar="FILE",
                    type=Path,
                    help="Your written legal review (required for immigration enforcement and for immigration data); - for stdin.",
                )
                sub.add_argument(
                    "--review",
                    action="append",
                    default=[],
                    metavar="N=remove|keep",
                    help="Settle passage N marked for review in the narrative (the firewall lists the "
                    "marks when one is unsettled); repeat for each mark.",
                )

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
        copy = None
        if options["court_order_copy"]:
            try:
                copy = court_orders.check_copy(options["court_order_copy"].read_bytes())
            except OSError as error:
                raise CommandError(f"Cannot read {options['court_order_copy']}: {error.strerror}.") from None
            except court_orders.CopyRejected as rejected:
                raise CommandError(f"court_order_copy: {rejected}") from None
        entry = requests.register_request(
            requests.NewRequest(
                agency_kind=options["agency_kind"],
                agency_name=options["agency_name"],
                asked=sys.stdin.read(),
                report=report,
                compulsion_claimed=bool(options["compulsion"]),
                legal_basis_kind=options["compulsion"] or "",
                legal_basis=options["legal_basis"],
                names_immigration=options["names_immigration"],
                requested_fields=tuple(options["field"]),
                court_order_reference=options["court_order_reference"],
                court_order_copy=copy,
                order_forbids_telling=options["order_forbids_telling"],
            ),
            user=user,
        )
        self.stdout.write(f"{entry.reference} {entry.decision}")

    def _list(self, user, unlocked, options):
        for entry in DisclosureRequest.objects.visible_to(user):
            self.stdout.write(f"{entry.reference}  {entry.received_at:%Y-%m-%d}  {entry.agency_kind}  {entry.decision}")

    def _refuse(self, user, unlocked, options):
        entry = requests.refuse_request(self._entry(user, options["reference"]), user, options["reason"])
        self.stdout.write(f"{entry.reference} {entry.decision}")

    @staticmethod
    def _decisions(shown, given: list[str]) -> Decisions:
        choices = {}
        for item in given:
            index, _sep, choice = item.partition("=")
            if not index.isdigit() or choice not in (REMOVE, KEEP):
                raise CommandError(f"--review takes N=remove or N=keep, not {item!r}.")
            choices[int(index)] = choice
        return Decisions(shown.fingerprint, choices)

    def _approve(self, user, unlocked, options):
        review = ""
        if options["legal_review"]:
            path = options["legal_review"]
            try:
                review = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read the legal review from {path}: {error}.") from None
        entry = self._entry(user, options["reference"])
        shown = requests.review_preview(entry, unlocked)
        decisions = self._decisions(shown, options["review"]) if shown else None
        try:
            entry = requests.approve_compelled_disclosure(entry, user, unlocked, legal_review=review, decisions=decisions)
        except requests.RequestNotAllowed as refused:
            if shown and shown.marks:
                # Offsets and categories only: an error message never carries the words (rule 2); the
                # request's page shows the passages to the supervisor who settles them.
                listed = "; ".join(f"{i}: offsets {m.start}-{m.end} ({m.category})" for i, m in enumerate(shown.marks))
                raise CommandError(
                    f"{refused} Passages marked for review: {listed}. Settle each with --review N=remove or --review N=keep."
                ) from None
            raise
        fields = (
            ", ".join(name.replace("_", " ") for name in entry.disclosed_fields)
            if entry.package_sealed is not None
            else "nothing (no report linked)"
        )
        self.stdout.write(f"{entry.reference} {entry.decision}: {fields}")
