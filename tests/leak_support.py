"""Generated cases with distinctive planted values, and readers for every outbound output, for test_no_leaks."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st
from pypdf import PdfReader

# Every planted value carries a marker: letters only, so no redaction rule (phone, identifier,
# date) can mistake it for anything, HTML or JSON escaping cannot alter it, and no template
# text can contain it by chance.
_LETTERS = str.maketrans("0123456789abcdef", "ghijklmnopqrstuv")


def marker(tag: str) -> str:
    """e.g. ZQXNAMEkqhgtv…: ZQX, what the value is, and 14 random letters."""
    return f"ZQX{tag}{uuid.uuid4().hex[:14].translate(_LETTERS)}"


def digits(count: int) -> str:
    return str(uuid.uuid4().int)[-count:].rjust(count, "7")


# Statements of immigration status the redactor removes whole (clause and all), with the
# marker placed inside the clause; each stands as its own sentence because redaction works
# clause by clause and would otherwise be right to keep a neighbouring crime fact.
STATUS_STATEMENTS = (
    "my visa expired in March",
    "I have no papers",
    "my asylum claim was refused",
    "I'm on a spousal visa",
    "since my leave ran out",
    "I have no recourse to public funds",
    "mi visado caducó en marzo",
    "no tengo papeles",
    "nie mam papierów",
    "moja wiza wygasła w marcu",
    "não tenho documentos",
    "o meu visto expirou",
    "nu am acte",
    "viza mea a expirat",
    "je n'ai pas de papiers",
    "mon titre de séjour a expiré",
    "ليس لدي أوراق",
    "انتهت صلاحية تأشيرتي",
)
# Immigration identifiers: the number itself is the secret; the words around it may stay.
IDENTIFIER_SENTENCES = ("my passport number is {n9}", "my BRP number is ZU{n7}", "my Home Office reference is B{n7}")

ADVERSARIAL = (
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }} {% debug %}",
    '{"narrative": "x", "contact": {"name": "y"}, "immigration": true}',
    "'; DROP TABLE intake_report; --",
    "\u202eevil right-to-left override\u202c",
    "\u200f\u200eمرحبا\u200f",
    "zero\u200bwidth\u200djoiner\ufeff",
    "Zażółć gęślą jaźń, uderzył mnie w sklepie",
    "ضربني زوجي في البيت ليلة السبت",
    "M-a lovit în stradă, lângă gară",
    "Il m'a frappé devant la boulangerie",
    "Ele me bateu na paragem do autocarro",
    "Me robó el móvil en el metro",
    'he said: \\u0041 \\" \\n',
    "[removed] [removed: immigration status]",
    "Asylum Road, Peckham",
    "\u2028\u2029",
    "emoji 🧕🏽👮‍♀️🏳️‍🌈",
    "𝕱𝖗𝖆𝖐𝖙𝖚𝖗",
    "e\u0301e\u0301 combining",
    "%s %(name)s {0} %d",
)
_TEXT = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])


def adversarial(max_size: int = 80) -> st.SearchStrategy[str]:
    """Hypothesis text, curated traps, or both; never holds a marker or a status statement."""
    curated = st.sampled_from(ADVERSARIAL)
    return st.one_of(
        st.text(_TEXT, max_size=max_size),
        curated,
        st.tuples(curated, st.text(_TEXT, max_size=max_size // 2)).map(" ".join),
    ).map(lambda text: text.replace("ZQX", "zqx")[:max_size])


def long_filler(max_chars: int) -> st.SearchStrategy[str]:
    """Very long, ordinary crime-fact text (within the form's limits), to push every layout and limit."""
    sentence = "Pchnął mnie na schodach i zabrał telefon. He kicked the door until it broke. "
    return st.integers(0, max_chars).map(lambda n: (sentence * (n // len(sentence) + 1))[:n])


@dataclass
class Case:
    """One generated report, with every planted value named by what it is."""

    crime_type: str
    language: str
    channel: str  # how the reporter submitted: "api", "web" or "action"
    share_contact: bool
    share_narrative: bool
    later_consent: tuple[bool, bool] | None  # a change the reporter makes after the first referral
    wants: frozenset[str]
    occurred_on: date | None
    fact: str  # marker inside a crime-fact sentence of the narrative
    narrative: str
    status_markers: tuple[str, ...]
    identifiers: tuple[str, ...]
    phone_in_narrative: bool
    email_in_narrative: bool
    name: str
    name_marker: str
    phone: str
    email: str
    area: str  # free text (api and action only); the web form offers listed areas
    area_marker: str
    interpreter: str
    interpreter_marker: str
    immigration_notes: str
    immigration_marker: str
    reporter_message: str
    reporter_message_marker: str
    advocate_reply: str
    advocate_reply_marker: str
    case_note: str
    case_note_marker: str

    @property
    def page_language(self) -> str:
        """The interface language of the reporter's pages (a report may be written in many more)."""
        return self.language if self.language in ("en", "es", "ar") else "en"

    @property
    def wants_immigration_advice(self) -> bool:
        return "immigration_advice" in self.wants

    @property
    def contact(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone, "email": self.email}

    @property
    def immigration_values(self) -> tuple[str, ...]:
        """Immigration-classified content: advice notes, status statements, identifier numbers."""
        return (self.immigration_marker, *self.status_markers, *self.identifiers)

    @property
    def identity_values(self) -> tuple[str, ...]:
        return (self.name_marker, self.phone, self.phone.replace(" ", ""), self.email)

    @property
    def never_to_a_recipient(self) -> tuple[str, ...]:
        """Case content no package may carry on any footing: messages, notes, interpreter text."""
        return (self.interpreter_marker, self.reporter_message_marker, self.advocate_reply_marker, self.case_note_marker)

    @property
    def free_text_values(self) -> tuple[str, ...]:
        """Everything the reporter or staff typed: none may reach the audit log, a log line or an error page."""
        return (self.fact, self.area_marker, *self.immigration_values, *self.identity_values, *self.never_to_a_recipient)


@st.composite
def cases(draw, channels=("api", "web", "action")) -> Case:
    channel = draw(st.sampled_from(channels))
    fact, name_marker, area_marker = marker("FACT"), marker("NAME"), marker("AREA")
    statements = draw(st.lists(st.sampled_from(STATUS_STATEMENTS), min_size=1, max_size=3))
    status_markers = tuple(marker("STAT") for _ in statements)
    identifier_templates = draw(st.lists(st.sampled_from(IDENTIFIER_SENTENCES), max_size=2, unique=True))
    identifier_sentences = [t.format(n9=digits(9), n7=digits(7)) for t in identifier_templates]
    identifiers = tuple(re.search(r"\d{7,9}$", s).group() for s in identifier_sentences)
    phone = f"+44 7{digits(3)} {digits(6)}"
    email = f"{marker('MAIL').lower()}@example.org"
    phone_in_narrative, email_in_narrative = draw(st.booleans()), draw(st.booleans())
    sentences = [
        f"{fact} he pushed me against the wall and took my bag.",
        draw(adversarial(120)),
        *(f"{statement} {token}." for statement, token in zip(statements, status_markers)),
        *(f"{s}." for s in identifier_sentences),
        draw(long_filler(6000)),
    ]
    if phone_in_narrative:
        sentences.append(f"Call me on {phone}.")
    if email_in_narrative:
        sentences.append(f"Write to {email} please.")
    order = draw(st.permutations(range(len(sentences))))
    narrative = "\n".join(sentences[i].strip() or "-" for i in order)
    interpreter_marker = marker("TERP")
    immigration_marker, reply_marker, message_marker, note_marker = (
        marker("IMMI"),
        marker("REPL"),
        marker("MESG"),
        marker("NOTE"),
    )
    later = draw(st.none() | st.tuples(st.booleans(), st.booleans()))
    return Case(
        crime_type=draw(st.sampled_from(["domestic_abuse", "assault", "theft", "hate_crime", "trafficking", "other"])),
        language=draw(st.sampled_from(["en", "es", "ar"] if channel == "web" else ["en", "es", "ar", "pl", "pt", "ro", "fr"])),
        channel=channel,
        share_contact=draw(st.booleans()),
        share_narrative=draw(st.booleans()),
        later_consent=later,
        wants=frozenset(
            draw(st.sets(st.sampled_from(["advocate", "interpreter", "immigration_advice", "police_visit"]))) | {"interpreter"}
        ),
        occurred_on=draw(st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 12, 31))),
        fact=fact,
        narrative=narrative,
        status_markers=status_markers,
        identifiers=identifiers,
        phone_in_narrative=phone_in_narrative,
        email_in_narrative=email_in_narrative,
        name=f"{name_marker} {draw(adversarial(150))}".strip(),
        name_marker=name_marker,
        phone=phone,
        email=email,
        # The marker is a clause of its own: unsure passages of a free-text area are removed whole (review.cautious),
        # and the adversarial text beside it must not decide whether the marker itself is kept.
        area=f"{area_marker}. {draw(adversarial(150))}".strip(),
        area_marker=area_marker,
        interpreter=f"{interpreter_marker} {draw(adversarial(15))}".strip(),
        interpreter_marker=interpreter_marker,
        immigration_notes=f"{immigration_marker} {draw(adversarial(300))} eligible for the DDV concession",
        immigration_marker=immigration_marker,
        reporter_message=f"{message_marker} {draw(adversarial(200))}",
        reporter_message_marker=message_marker,
        advocate_reply=f"{reply_marker} {draw(adversarial(200))}",
        advocate_reply_marker=reply_marker,
        case_note=f"{note_marker} {draw(adversarial(200))}",
        case_note_marker=note_marker,
    )


@dataclass
class CompelledRequest:
    agency_kind: str
    compulsion_claimed: bool
    legal_basis_kind: str
    names_immigration: bool
    fields: frozenset[str]
    asked: str
    asked_marker: str
    legal_basis: str
    legal_basis_marker: str
    channel: str  # "web" (register and approve through the pages) or "command"
    court_order_reference: str = ""
    legal_review: str = ""

    @property
    def for_immigration_enforcement(self) -> bool:
        return self.agency_kind == "immigration_enforcement"

    @property
    def refused_by_default(self) -> bool:
        """Rule 4: from immigration enforcement, everything but a court order is refused at once."""
        return self.for_immigration_enforcement and not (self.compulsion_claimed and self.legal_basis_kind == "court_order")

    @property
    def free_text_values(self) -> tuple[str, ...]:
        return (self.asked_marker, self.legal_basis_marker, self.court_order_reference, self.legal_review)


@st.composite
def compelled_requests(draw) -> CompelledRequest:
    from safereport.firewall.models import DisclosureRequest
    from safereport.firewall.policy import COMPELLABLE_FIELDS

    claimed = draw(st.booleans())
    asked_marker, basis_marker = marker("ASKD"), marker("BASE")
    statement = draw(st.sampled_from(STATUS_STATEMENTS))
    return CompelledRequest(
        agency_kind=draw(st.sampled_from(DisclosureRequest.AgencyKind.values)),
        compulsion_claimed=claimed,
        legal_basis_kind=draw(st.sampled_from(DisclosureRequest.LegalBasisKind.values)) if claimed else "",
        names_immigration=claimed and draw(st.booleans()),
        fields=frozenset(draw(st.sets(st.sampled_from(list(COMPELLABLE_FIELDS))))),
        asked=f"Everything on the person who says {statement} {asked_marker} {draw(adversarial(200))}",
        asked_marker=asked_marker,
        legal_basis=f"Order {basis_marker} naming the applicant {draw(adversarial(100))}" if claimed else "",
        legal_basis_marker=basis_marker,
        channel=draw(st.sampled_from(["web", "command"])),
        court_order_reference=marker("CORD"),
        legal_review=f"{marker('REVW')} {draw(adversarial(100))}".strip(),
    )


# Readers: each turns one kind of output into text that a substring check can search.


def pdf_text(pdf: bytes) -> str:
    """Page text, plus the same with all whitespace removed (a value wrapped across lines still shows)."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).replace("\x00", "")
    return text + "\n" + "".join(text.split())


def pdf_attachments(pdf: bytes) -> str:
    return "\n".join(item.decode("utf-8") for items in PdfReader(io.BytesIO(pdf)).attachments.values() for item in items)


def keys_of(value) -> list[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(value, dict):
        return [*value, *(k for item in value.values() for k in keys_of(item))]
    if isinstance(value, list):
        return [k for item in value for k in keys_of(item)]
    return []


def found(values, *outputs: str) -> list[str]:
    """The planted values present in any of the outputs (empty when nothing leaked)."""
    joined = "\n".join(outputs)
    return [value for value in values if value and value in joined]


def audit_text() -> str:
    from safereport.audit.models import AuditEntry

    return "\n".join(json.dumps([e.actor, e.action, e.target, e.detail], ensure_ascii=False) for e in AuditEntry.objects.all())


@contextmanager
def all_logging_at_debug(caplog):
    """Every logger at DEBUG, as when an operator turns logging up to investigate, all into caplog.

    Levels are overridden (a level is a setting an operator changes; what may be printed must not
    depend on it), but a logger that neither propagates nor has a handler prints nowhere, so it is
    left out; filters the application attaches to its loggers keep working.
    """
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    detached = [lg for lg in loggers if not lg.propagate and lg.handlers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
    for lg in detached:
        lg.addHandler(caplog.handler)
    try:
        yield
    finally:
        for lg in detached:
            lg.removeHandler(caplog.handler)
        for lg, level, disabled in saved:
            lg.setLevel(level)
            lg.disabled = disabled


def log_leaks(values, caplog) -> list[tuple[str, str, list[str]]]:
    """(logger, first line of the message, values) for each captured record that carries a value."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    leaks = []
    for record in caplog.records:
        if hits := found(values, formatter.format(record)):
            leaks.append((record.name, record.getMessage().splitlines()[0][:100], hits))
    return leaks


def log_text(caplog) -> str:
    """All captured log output, formatted as a handler would print it (with tracebacks)."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


@dataclass
class Outputs:
    """Named outputs of one example, so a failure says where a value leaked."""

    texts: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, text: str | bytes) -> str:
        self.texts[name] = text.decode("utf-8") if isinstance(text, bytes) else text
        return self.texts[name]

    def leaks(self, values, names=None) -> dict[str, list[str]]:
        chosen = self.texts if names is None else {n: self.texts[n] for n in names}
        return {name: hits for name, text in chosen.items() if (hits := found(values, text))}
