"""Synthetic reports at scale, sealed like real ones, for benchmarks and a demo that feels lived in.

`safereport seed --reports 1000000` adds reports to the demo organisations (`seed_demo` first):
crime types, areas, languages and statuses in plausible proportions, received over the last three
years (older ones mostly closed), with narratives and messages sealed under each report's own data
key, and that key sealed to the receiving organisation, exactly as intake seals them. Nobody can
return to them (they have no codename) and they write no audit entries, one per run excepted.
"""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safereport import coarse_time
from safereport.accounts.models import Organisation
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.intake import safe_contact, withheld
from safereport.intake.consent import RECIPIENT_KINDS, WORDING_VERSION
from safereport.intake.models import Consent, CrimeType, Message, Report
from safereport.intake.received_order import reserve_received_orders
from safereport.intake.references import new_reference
from safereport.management.commands.seed_demo import ORGANISATIONS
from safereport.vault import records
from safereport.vault.records import RecordCipher

CRIME_WEIGHTS = {
    CrimeType.DOMESTIC_ABUSE: 30,
    CrimeType.SEXUAL_VIOLENCE: 10,
    CrimeType.TRAFFICKING: 8,
    CrimeType.HATE_CRIME: 15,
    CrimeType.ASSAULT: 12,
    CrimeType.THEFT: 8,
    CrimeType.FRAUD: 5,
    CrimeType.HARASSMENT: 9,
    CrimeType.OTHER: 3,
}
LANGUAGE_WEIGHTS = {"en": 40, "es": 10, "ar": 12, "pl": 8, "ro": 8, "pt": 6, "fr": 5, "ti": 4, "so": 3, "fa": 4}
# What people write, in a few pieces per language, combined at random: crime facts, no status.
PIECES = {
    "en": [
        "He pushed me against the wall in the kitchen",
        "my neighbour shouted abuse at me and my children",
        "the manager kept my wages for three months",
        "a man followed me home from the bus stop",
        "they broke the window of my flat on Friday night",
        "he took my phone and would not give it back",
        "it happened again last weekend after he had been drinking",
    ],
    "es": [
        "Mi pareja me empujó contra la pared",
        "unos hombres me insultaron en la parada del autobús",
        "el jefe no me paga desde hace tres meses",
        "me siguió hasta mi casa por la noche",
    ],
    "ar": ["زوجي ضربني في المطبخ", "صاحب العمل لا يدفع لي أجري", "رجل تبعني إلى البيت من محطة الحافلات"],
    "pl": ["Partner popchnął mnie na ścianę", "szef nie płaci mi od trzech miesięcy", "sąsiad wyzywał mnie i moje dzieci"],
    "ro": ["Partenerul m-a împins în bucătărie", "șeful nu m-a plătit de trei luni", "un bărbat m-a urmărit până acasă"],
    "pt": ["O meu companheiro empurrou-me contra a parede", "o patrão não me paga há três meses"],
    "fr": ["Mon conjoint m'a poussée contre le mur", "mon patron ne me paie plus depuis trois mois"],
    "ti": ["ሰብኣየይ ኣብ ክሽነ ወቒዑኒ", "ወናኒ ስራሕ ደሞዝ ኣይከፍለንን"],
    "so": ["Ninkaygu wuu i garaacay jikada", "shaqo-bixiyuhu ima siiyo mushaharkayga"],
    "fa": ["شوهرم مرا در آشپزخانه هل داد", "کارفرما سه ماه است حقوقم را نمی‌دهد"],
}
REPLIES = ["Thank you for telling us. Are you safe to talk this week?", "Yes, after 3pm is best.", "We can come with you."]
YEARS = 3


@contextmanager
def _dated_by_hand(*model_classes):
    """Let bulk_create keep the dates set on the rows instead of stamping today on them."""
    fields = [
        field
        for model in model_classes
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Command(BaseCommand):
    help = "Add N synthetic reports, sealed like real ones, to the demo organisations (run seed_demo first)."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, required=True, help="How many reports to add.")
        parser.add_argument("--batch", type=int, default=2000, help="Reports per transaction (default 2000).")
        parser.add_argument("--random-seed", type=int, default=None, help="Make the data repeatable.")

    def handle(self, *args, **options):
        count, batch = options["reports"], options["batch"]
        if count < 1:
            raise CommandError("--reports must be at least 1.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        demo_slugs = [slug for slug, _name, kind, *_rest in ORGANISATIONS if kind == "support"]
        support = list(Organisation.objects.filter(slug__in=demo_slugs, kind=Organisation.Kind.SUPPORT).order_by("pk"))
        if len(support) != len(demo_slugs):
            # Synthetic reports in a real organisation's queue would be mistaken for real ones.
            raise CommandError("Synthetic reports go only to the demo organisations: run `safereport seed_demo` first.")
        rng = random.Random(options["random_seed"])  # noqa: S311 (synthetic data, not secrets; keys come from the vault)
        today = coarse_time.today()
        done = 0
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                self._add(rng, support, size, today)
            done += size
            if done % (batch * 25) == 0 or done == count:
                self.stdout.write(f"{done} of {count} reports")
        record(AuditAction.SYNTHETIC_REPORTS_ADDED, actor="operator", target="seed", reports=count)
        self.stdout.write(f"Added {count} synthetic reports to {', '.join(o.name for o in support)}.")

    def _add(self, rng: random.Random, support: list[Organisation], size: int, today) -> None:
        first_order = reserve_received_orders(size)
        taken = set()
        reports, messages, consents = [], [], []
        by_organisation: dict[int, int] = {}
        placed = [rng.choice(support) for _ in range(size)]
        for organisation in placed:
            by_organisation[organisation.pk] = by_organisation.get(organisation.pk, 0) + 1
        keys = {pk: records.create_data_keys(pk, n) for pk, n in by_organisation.items()}
        for index, organisation in enumerate(placed):
            data_key, raw = keys[organisation.pk].pop()
            age = int(rng.triangular(0, 365 * YEARS, 0))
            language = _weighted(rng, LANGUAGE_WEIGHTS)
            reference = new_reference("SR")
            while reference in taken:
                reference = new_reference("SR")
            taken.add(reference)
            report = Report(
                reference=reference,
                organisation=organisation,
                data_key=data_key,
                crime_type=_weighted(rng, CRIME_WEIGHTS),
                language=language,
                area=rng.choice(organisation.areas) if organisation.areas else "",
                occurred_month=(today - timedelta(days=age + rng.randint(0, 60))).date().replace(day=1),
                wants_advocate=rng.random() < 0.7,
                wants_interpreter=language != "en" and rng.random() < 0.6,
                wants_police_visit=rng.random() < 0.15,
                status=self._status(rng, age),
                received_order=first_order + index,
                created_at=today - timedelta(days=age),
                updated_at=today - timedelta(days=max(0, age - rng.randint(0, 30))),
            )
            cipher = RecordCipher(raw, report.record_id)
            narrative = ". ".join(rng.sample(PIECES[language], k=min(len(PIECES[language]), rng.randint(1, 3)))) + "."
            report.narrative_sealed = cipher.seal("narrative", narrative)
            report.narrative_withheld_sealed = withheld.seal(cipher, ())
            report.safe_contact_sealed = safe_contact.seal(cipher, {})
            report.immigration_advice_sealed = cipher.seal("immigration_advice", "1" if rng.random() < 0.2 else "0")
            reports.append(report)
            for kind in RECIPIENT_KINDS:
                consents.append(
                    Consent(
                        report=report,
                        recipient_kind=kind,
                        wording_version=WORDING_VERSION,
                        wording_language=language,
                        share_narrative=rng.random() < 0.4,
                        share_contact=False,
                        given_at=report.created_at,
                    )
                )
            for turn in range(rng.choice((0, 0, 1, 2, 3))):
                message = Message(
                    report=report,
                    sender=(Message.Sender.ADVOCATE, Message.Sender.REPORTER)[turn % 2],
                    sent_at=report.created_at + timedelta(days=turn),
                )
                message_cipher = RecordCipher(raw, message.record_id)
                message.body_sealed = message_cipher.seal("body", REPLIES[turn % len(REPLIES)])
                message.sent_at_sealed = message_cipher.seal("sent_at", message.sent_at.isoformat())
                messages.append(message)
        # A reference already stored (one chance in 10^6 per report at a million) is drawn again.
        while clashes := set(Report.objects.filter(reference__in=taken).values_list("reference", flat=True)):
            for report in reports:
                if report.reference in clashes:
                    taken.discard(report.reference)
                    while report.reference in clashes or report.reference in taken:
                        report.reference = new_reference("SR")
                    taken.add(report.reference)
        # Received on their own day, not today (the data keys keep today: nothing reads their day).
        with _dated_by_hand(Report, Message, Consent):
            Report.objects.bulk_create(reports)
            Consent.objects.bulk_create(consents)
            Message.objects.bulk_create(messages)

    @staticmethod
    def _status(rng: random.Random, age: int) -> str:
        if age > 90:
            return Report.Status.CLOSED if rng.random() < 0.9 else Report.Status.REFERRED
        return rng.choices(
            [Report.Status.NEW, Report.Status.IN_PROGRESS, Report.Status.REFERRED, Report.Status.CLOSED], weights=[25, 45, 10, 20]
        )[0]
