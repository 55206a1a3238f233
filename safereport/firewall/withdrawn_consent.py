"""Consent withdrawn after a referral: what the force may still see, what it must delete, and telling it."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.intake import actions as intake_actions
from safereport.intake.models import Consent, Report

from .contact_arrangements import take_contact_only
from .disclosure import redacted_for_recipient
from .policy import POLICE

# What a reporter can take back, in the words the notice and the audit log use for it.
CONTACT = "contact"  # name, phone and email, and phone numbers or emails kept in the narrative
NARRATIVE = "narrative"  # what the reporter wrote, and the place described in their own words


@dataclass(frozen=True)
class ConsentChange:
    """What a consent change took back, and whether a force holding a referral was told to delete it."""

    consent: Consent
    withdrawn: tuple[str, ...]
    forces_told: int


def _allowed(consent: Consent | None) -> set[str]:
    if consent is None:
        return set()
    return {part for part, given in ((CONTACT, consent.share_contact), (NARRATIVE, consent.share_narrative)) if given}


@transaction.atomic
def change_consent(
    report: Report, recipient_kind: str, *, share_contact: bool, share_narrative: bool, language: str
) -> ConsentChange:
    """Record the reporter's new choices and, for what they took back, notify every force holding a referral.

    The notice itself is shown to the force from the referral (see `current_view`), so it can never
    disagree with the consent in force; what is recorded here is that the force was told, and of what.
    """
    before = _allowed(intake_actions.current_consent(report, recipient_kind))
    consent = intake_actions.change_consent(
        report, recipient_kind, share_contact=share_contact, share_narrative=share_narrative, language=language
    )
    withdrawn = tuple(part for part in (CONTACT, NARRATIVE) if part in before - _allowed(consent))
    forces = tell_forces(report, report.referrals.all(), list(withdrawn)) if withdrawn and recipient_kind == POLICE else set()
    return ConsentChange(consent, withdrawn, len(forces))


def tell_forces(report: Report, referrals: Iterable[Any], withdrawn: list[str]) -> set[int]:
    """Record, per referral, that its force is told what the reporter took back; the forces told."""
    forces = set()
    for referral in referrals:
        record(
            AuditAction.REFERRAL_CONSENT_WITHDRAWN,
            actor="reporter",
            target=report.reference,
            police=referral.police_id,
            referral=str(referral.pk),
            withdrawn=withdrawn,
        )
        forces.add(referral.police_id)
    return forces


@dataclass(frozen=True)
class CurrentView:
    """A referral's package as the consent in force lets the force see it today."""

    package: dict
    delete: tuple[str, ...]  # what the package carries that the reporter has withdrawn: the force must delete it
    withdrawn_on: date | None


def _free_text_area(report: Report) -> bool:
    return report.area not in dict(settings.AREAS)


def current_view(package: dict, report: Report) -> CurrentView:
    """Remove from `package` what the reporter has since withdrawn; name it, so the force can delete its copies.

    The package was built by the firewall under the consent of its day. Withdrawal takes effect at
    once on what the system still serves: contact details (and when and how it is safe to use them)
    go if contact consent is withdrawn, and
    phone numbers or emails the narrative kept for that consent are redacted again; the narrative
    and the place in the reporter's own words go if narrative consent is withdrawn.
    """
    consent = intake_actions.current_consent(report, POLICE)
    allowed = _allowed(consent)
    shown, delete = copy.deepcopy(package), []
    if CONTACT not in allowed and _take_contact(shown, report):
        delete.append(CONTACT)
    crime_value = shown.get("crime")
    crime: dict = crime_value if isinstance(crime_value, dict) else {}
    if NARRATIVE not in allowed and ("narrative" in shown or (crime.get("area") and _free_text_area(report))):
        delete.append(NARRATIVE)
        shown.pop("narrative", None)
        if _free_text_area(report):
            crime["area"] = None
    if delete:
        shown["withheld_classes"] = sorted(set(shown.get("withheld_classes", [])) | _classes_of(delete))
    withdrawn_on = timezone.localdate(consent.given_at) if delete and consent else None
    return CurrentView(shown, tuple(delete), withdrawn_on)


def _take_contact(package: dict, report: Report) -> bool:
    """Remove contact details, and those a narrative kept under contact consent; True if there were any."""
    had = package.pop("contact", None) is not None
    had = take_contact_only(package) or had
    consent_value = package.get("consent")
    made_under: dict = consent_value if isinstance(consent_value, dict) else {}
    if package.get("narrative") and made_under.get("share_contact"):
        redacted = redacted_for_recipient(package["narrative"], report.language)
        had = had or redacted != package["narrative"]
        package["narrative"] = redacted
    return had


def _classes_of(delete: list[str]) -> set[str]:
    return ({"identity", "contact"} if CONTACT in delete else set()) | ({"narrative"} if NARRATIVE in delete else set())
