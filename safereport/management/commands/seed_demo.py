"""Load demo data: two support organisations and two police forces, staff, and a few reports."""

from datetime import timedelta
from typing import cast

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from safereport.accounts import second_factor
from safereport.accounts.actions import add_staff, create_organisation, set_immigration_adviser
from safereport.accounts.models import Organisation, User
from safereport.firewall import visit_letter
from safereport.intake.actions import submit_report
from safereport.intake.submission import Submission
from safereport.services.directory import ServiceDetails, save_service
from safereport.vault import keyring, records
from safereport.visits import actions as visits
from safereport.visits.models import Commitment

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (the published demo sign-in, printed by make run)

ORGANISATIONS = [
    # slug, name, kind, areas, unrouted, supervisor, other staff
    (
        "northside-support",
        "Northside Victim Support",
        "support",
        ["north", "east"],
        True,
        "supervisor@northside.example",
        [("advocate@northside.example", "advocate")],
    ),
    (
        "southside-support",
        "Southside Migrant Support",
        "support",
        ["south", "west", "centre"],
        False,
        "supervisor@southside.example",
        [("advocate@southside.example", "advocate")],
    ),
    (
        "north-police",
        "Northshire Police",
        "police",
        [],
        False,
        "supervisor@northshire-police.example",
        [("liaison@northshire-police.example", "police_liaison")],
    ),
    (
        "south-police",
        "Southshire Police",
        "police",
        [],
        False,
        "supervisor@southshire-police.example",
        [("liaison@southshire-police.example", "police_liaison")],
    ),
]

DEMO_SERVICES = [
    ServiceDetails("Harbour Refuge", "refuge", ("en", "ar", "ti"), ("north",), "Women and children fleeing abuse."),
    ServiceDetails("Riverside Law Centre", "immigration_advice", ("en", "es"), (), "Regulated advisers; free for victims."),
    ServiceDetails("Language Link", "interpreting", ("ar", "ti", "am", "es"), (), "Telephone and face-to-face."),
]
# Routing (intake.routing): what each support organisation specialises in and the languages its staff work in.
ROUTING = {
    "northside-support": (["domestic_abuse", "sexual_violence"], ["en", "ar", "ti", "pl"]),
    "southside-support": (["modern_slavery", "hate_crime"], ["en", "es", "pt", "ro"]),
}
# The languages each member of staff works in: the queue offers them reports written in these.
STAFF_LANGUAGES = {
    "supervisor@northside.example": ["en", "pl"],
    "advocate@northside.example": ["en", "ar", "ti"],
    "supervisor@southside.example": ["en", "ro"],
    "advocate@southside.example": ["en", "es", "pt"],
}

REPORTS = [
    Submission(
        crime_type="domestic_abuse",
        language="en",
        area="north",
        wants={"advocate", "immigration_advice"},
        narrative="My partner hits me when he drinks and takes my wages. He says if I tell anyone he will call "
        "immigration and have me deported. My visa expired last year.",
        consent={"police": {"share_contact": False, "share_narrative": True}},
    ),
    Submission(
        crime_type="hate_crime",
        language="es",
        area="south",
        wants={"advocate", "interpreter"},
        interpreter_language="Spanish",
        narrative="Dos hombres me gritaron insultos racistas en la parada del autobús y me empujaron al suelo.",
        contact={"name": "Lucía", "phone": "07700 900123"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    ),
    Submission(
        crime_type="trafficking",
        language="ar",
        area="east",
        wants={"advocate", "police_visit"},
        narrative="صاحب العمل أخذ جواز سفري ولا يدفع لي أجري منذ ثلاثة أشهر.",
        consent={},
    ),
    # Typed on the English pages, written in Polish: detected at submission and stored as "pl".
    Submission(
        crime_type="sexual_violence",
        language="en",
        area="north",
        wants={"advocate", "interpreter"},
        narrative="Kolega z pracy zaczepiał mnie przez kilka tygodni, a w piątek po zmianie napadł na mnie w szatni.",
        consent={},
    ),
]


class Command(BaseCommand):
    help = "Create demo organisations, staff and reports (idempotent). Prints the demo sign-ins."

    def handle(self, *args, **options):
        if Organisation.objects.exists():
            self.stdout.write("Demo data already loaded.")
        else:
            self._seed()
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for user in (
            User.objects.filter(organisation__isnull=False).select_related("organisation").order_by("organisation__pk", "role")
        ):
            organisation = cast(Organisation, user.organisation)  # never None: filtered on above
            self.stdout.write(f"  {user.email:42} {user.get_role_display():16} {organisation.name}")
            device = second_factor.device_of(user)
            if device is not None:
                self.stdout.write(f"    authenticator key: {second_factor.readable_secret(device.bin_key)}")
        self.stdout.write(
            "Staff sign in at /en/staff/sign-in/ with the password, then a code: add the key above to an authenticator "
            "app, or run `safereport totp_code EMAIL` (demo accounts on the embedded SQLite demo only)."
        )
        self.stdout.write("Reporters start at / (the language chooser).")

    @transaction.atomic
    def _seed(self):
        unlocked_by_slug = {}
        for slug, name, kind, areas, unrouted, supervisor_email, staff in ORGANISATIONS:
            organisation, supervisor, words = create_organisation(
                name,
                kind,
                supervisor_email=supervisor_email,
                supervisor_password=DEMO_PASSWORD,
                areas=areas,
                slug=slug,
                receives_unrouted=unrouted,
                actor="demo",
            )
            second_factor.provision(supervisor, actor="demo")
            specialisms, languages = ROUTING.get(slug, ([], []))
            Organisation.objects.filter(pk=organisation.pk).update(specialisms=specialisms, languages=languages)
            unlocked = keyring.unlock_organisation(supervisor, DEMO_PASSWORD)
            unlocked_by_slug[slug] = (organisation, supervisor, unlocked)
            for email, role in staff:
                member = add_staff(organisation, email, DEMO_PASSWORD, role, actor="demo")
                second_factor.provision(member, actor="demo")
                keyring.grant_access(unlocked, member, actor="demo")
                if kind == "support":
                    # The demo's caseworkers are regulated immigration advisers, so every page can be seen.
                    set_immigration_adviser(member, True, by=supervisor)
            if kind == "support":
                for details in DEMO_SERVICES:
                    save_service(details, supervisor)
            for email, languages in STAFF_LANGUAGES.items():
                User.objects.filter(organisation=organisation, email=email).update(languages=languages)
            self.stdout.write(f"{name}: recovery words (demo only; a real deployment prints these once): {words}")
        reports = []
        for submission in REPORTS:
            report, codename = submit_report(submission, actor="demo")
            reports.append(report)
            self.stdout.write(f"Demo report {report.reference} ({report.organisation.name}); codename: {codename}")
        self._seed_visit(unlocked_by_slug, next(r for r in reports if r.wants_police_visit))

    def _seed_visit(self, unlocked_by_slug, report):
        """Northshire Police's agreement with Northside, one participating station, and a visit with its Arabic letter."""
        organisation, supervisor, unlocked = unlocked_by_slug["northside-support"]
        force = unlocked_by_slug["north-police"][0]
        agreed_on = timezone.localdate() - timedelta(days=60)
        visits.record_agreement(organisation, force, list(Commitment.values), agreed_on, supervisor)
        station = visits.add_station(
            organisation, force, "Northtown Central Police Station", "1 Castle Street, Northtown", supervisor
        )
        advocate = User.objects.get(email="advocate@northside.example")
        at = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=30, second=0, microsecond=0)
        key = records.open_with_organisation(report.data_key_id, unlocked)
        visit = visits.book_visit(
            report, key, station=station, at=at, advocate=advocate, advocate_phone="01632 960 000", user=advocate
        )
        visit_letter.issue_letter(visit, unlocked, advocate, visit_letter.default_language(visit))
        self.stdout.write(f"Demo supported visit for {report.reference} at {station.name}, with its assurance letter.")


def demo_emails() -> set[str]:
    """The staff accounts this command makes: the only ones `totp_code` will print a code for."""
    return {email for *_, supervisor, staff in ORGANISATIONS for email in (supervisor, *(e for e, _role in staff))}
