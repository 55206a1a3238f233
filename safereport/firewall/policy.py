"""Who may receive which class of case data, given the reporter's recorded consent."""
from __future__ import annotations

from dataclasses import dataclass

from .classification import CONTACT, CRIME_FACTS, IDENTITY, IMMIGRATION, NARRATIVE

POLICE = "police"
IMMIGRATION_ENFORCEMENT = "immigration_enforcement"
LOCAL_AUTHORITY = "local_authority"
SUPPORT_SERVICE = "support_service"
RECIPIENT_KINDS = (POLICE, IMMIGRATION_ENFORCEMENT, LOCAL_AUTHORITY, SUPPORT_SERVICE)

# Recipient kinds the reporter can currently consent to; others have no consent to rely on.
CONSENTABLE_KINDS = (POLICE,)


@dataclass(frozen=True)
class Ruling:
    allowed: bool
    classes: frozenset[str]
    reason: str


def rule(recipient_kind: str, consent) -> Ruling:
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
    assert IMMIGRATION not in classes
    return Ruling(True, frozenset(classes), "consented")
