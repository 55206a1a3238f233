"""Who may receive which class of case data, given the reporter's recorded consent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_lazy as _

from .classification import CONTACT, CRIME_FACTS, IDENTITY, IMMIGRATION, NARRATIVE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

POLICE = "police"
IMMIGRATION_ENFORCEMENT = "immigration_enforcement"
LOCAL_AUTHORITY = "local_authority"
SUPPORT_SERVICE = "support_service"
RECIPIENT_KINDS = (POLICE, IMMIGRATION_ENFORCEMENT, LOCAL_AUTHORITY, SUPPORT_SERVICE)

# Recipient kinds the reporter can currently consent to; others have no consent to rely on.
CONSENTABLE_KINDS = (POLICE,)


class ConsentTerms(Protocol):
    """What the policy reads of a consent decision (intake.models.Consent), and nothing else."""

    @property
    def share_contact(self) -> bool: ...

    @property
    def share_narrative(self) -> bool: ...


@dataclass(frozen=True)
class Ruling:
    allowed: bool
    classes: frozenset[str]
    reason: str


def rule(recipient_kind: str, consent: ConsentTerms | None) -> Ruling:
    """Decide which classes may go. `immigration` is never in the answer (rule 2)."""
    if recipient_kind not in RECIPIENT_KINDS:
        return Ruling(False, frozenset(), f"unknown recipient kind {recipient_kind!r}")
    if recipient_kind == IMMIGRATION_ENFORCEMENT:
        return Ruling(False, frozenset(), "immigration enforcement receives nothing without legal compulsion")
    if recipient_kind not in CONSENTABLE_KINDS or consent is None:
        return Ruling(False, frozenset(), f"the reporter has not consented to sharing with {recipient_kind}")
    if not (consent.share_contact or consent.share_narrative):
        return Ruling(False, frozenset(), f"the reporter has withheld consent to sharing with {recipient_kind}")
    classes = {CRIME_FACTS}
    if consent.share_narrative:
        classes.add(NARRATIVE)
    if consent.share_contact:
        classes.update({IDENTITY, CONTACT})
    if IMMIGRATION in classes:  # rule 2, checked at run time even under python -O
        raise RuntimeError("immigration data can never be allowed to a recipient by consent")
    return Ruling(True, frozenset(classes), "consented")


# A compelled disclosure: what the organisation is legally required to hand over (rule 4).
COMPELLED = "compelled"
# The one legal basis that can compel anything for immigration enforcement (rule 4, and the
# start page's promise). A statutory power or any other basis is refused for it.
COURT_ORDER = "court_order"


@dataclass(frozen=True)
class CompellableField:
    field_class: str
    label: StrOrPromise  # translated lazily, when shown


# The parts of a case a legal compulsion may name. Crime facts go to every other agency (they
# say which case the package is about), but to immigration enforcement only when the court
# order names them. Messages and case notes are never compellable here.
CRIME_FACTS_FIELD = "crime_facts"
COMPELLABLE_FIELDS: dict[str, CompellableField] = {
    CRIME_FACTS_FIELD: CompellableField(CRIME_FACTS, _("The facts of the crime (its type, date and area)")),
    "narrative": CompellableField(NARRATIVE, _("What happened (with immigration status removed)")),
    "name": CompellableField(IDENTITY, _("Name")),
    "phone": CompellableField(CONTACT, _("Phone number")),
    "email": CompellableField(CONTACT, _("Email address")),
    "wants_immigration_advice": CompellableField(IMMIGRATION, _("Whether immigration advice was asked for")),
    "immigration_advice_notes": CompellableField(IMMIGRATION, _("Immigration advice notes")),
}


@dataclass(frozen=True)
class Compulsion:
    """What was recorded about a request's legal compulsion and the fields it names."""

    claimed: bool
    basis_kind: str
    names_immigration: bool
    fields: frozenset[str]


@dataclass(frozen=True)
class CompelledRuling:
    allowed: bool
    fields: frozenset[str]
    reason: str

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(COMPELLABLE_FIELDS[name].field_class for name in self.fields)


def compelled_rule(compulsion: Compulsion, recipient_kind: str) -> CompelledRuling:
    """Decide which requested fields a compelled disclosure to `recipient_kind` may carry.

    Only a recorded legal compulsion opens this path, and for immigration enforcement only a
    court order. `immigration` fields go only under a court order that names immigration data
    specifically, whoever asks (an agency registered as "other" cannot route round rule 4), and
    then only those requested.
    """
    if not compulsion.claimed:
        return CompelledRuling(False, frozenset(), "no legal compulsion is recorded")
    if not compulsion.basis_kind:
        return CompelledRuling(False, frozenset(), "no legal basis is recorded")
    if recipient_kind == IMMIGRATION_ENFORCEMENT and compulsion.basis_kind != COURT_ORDER:
        return CompelledRuling(False, frozenset(), "immigration enforcement can compel a disclosure only with a court order")
    unknown = set(compulsion.fields) - set(COMPELLABLE_FIELDS)
    if unknown:
        return CompelledRuling(False, frozenset(), f"unknown fields requested: {', '.join(sorted(unknown))}")
    immigration_allowed = compulsion.names_immigration and compulsion.basis_kind == COURT_ORDER
    fields = {name for name in compulsion.fields if COMPELLABLE_FIELDS[name].field_class != IMMIGRATION or immigration_allowed}
    if recipient_kind != IMMIGRATION_ENFORCEMENT:
        fields.add(CRIME_FACTS_FIELD)
    return CompelledRuling(True, frozenset(fields), "legally compelled")
