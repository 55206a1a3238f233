"""What a police force and the sending organisation tell each other about a referral, after it was sent.

The force records the crime reference number, where the investigation stands and its outcome (from
lists: firewall.investigation), and can ask for contact with the reporter *through the advocate*:
it never reaches the reporter. The advocate answers. Each entry is sealed twice, to the force and to
the sending organisation (as the crime reference is), so each side reads it with its own key and a
database copy reads neither. The current status and outcome codes are also kept clear on the
referral, for queues and outcome statistics.

A referral the reporter has since withdrawn consent from (firewall.withdrawn_consent) accepts no
update from the force: its page tells the force to delete what it holds, not to work on it.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safereport.accounts import notices
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault import keyring, records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import referral_keys, review
from .investigation import ENDED, InvestigationStatus, Outcome
from .models import PoliceUpdate, Referral
from .referrals import withdrawn_parts

CRIME_REFERENCE_MAX = 60
MESSAGE_MAX = 2000


class UpdateInvalid(Exception):
    """Refused input: field name -> what is wrong with it. Nothing was stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


class UpdateRefused(Exception):
    """The referral takes no update now; the message says why."""


@dataclass(frozen=True)
class ShownUpdate:
    """One entry as the side holding the key reads it."""

    update: PoliceUpdate
    details: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.update.kind

    @property
    def written_at(self) -> datetime:
        return self.update.written_at

    def status_label(self) -> str:
        code = self.details.get("status", "")
        return str(InvestigationStatus(code).label) if code in InvestigationStatus.values else ""

    def outcome_label(self) -> str:
        code = self.details.get("outcome", "")
        return str(Outcome(code).label) if code in Outcome.values else ""


def check_investigation(status: str, outcome: str, outcome_on: date | None, *, today: date | None = None) -> dict[str, str]:
    """Every problem with a status update, by field; empty when it may be recorded."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if status not in InvestigationStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if outcome and outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome from the list.")
    elif status in ENDED and not outcome:
        errors["outcome"] = _("An investigation with this status has ended: choose its outcome.")
    elif outcome and status in InvestigationStatus.values and status not in ENDED:
        errors["outcome"] = _("An outcome is recorded only once the investigation has ended: choose the status it ended with.")
    elif status == InvestigationStatus.SUSPECT_CHARGED and outcome != Outcome.CHARGED:
        errors["outcome"] = _("A suspect charged has the outcome “Charged or summonsed”.")
    elif status == InvestigationStatus.NO_FURTHER_ACTION and outcome == Outcome.CHARGED:
        errors["outcome"] = _("“Charged or summonsed” is not an outcome of no further action.")
    if outcome and outcome_on is None:
        errors["outcome_on"] = _("Give the date of the outcome.")
    elif outcome_on is not None and not outcome:
        errors["outcome_on"] = _("A date is given only with an outcome.")
    elif outcome_on is not None and outcome_on > today:
        errors["outcome_on"] = _("This date is in the future.")
    return errors


def _sealed_update(referral: Referral, unlocked: UnlockedOrganisation, details: dict[str, Any]) -> dict[str, Any]:
    """The fields of a new update: its id, and what it says sealed for each side under the referral's key."""
    update_id = uuid.uuid4()
    data = json.dumps(details, ensure_ascii=False, sort_keys=True).encode("utf-8")
    for_police, for_sender = referral_keys.seal_for_both(
        referral, unlocked, data, _side(update_id, "police"), _side(update_id, "sender")
    )
    return {"id": update_id, "details_for_police_sealed": for_police, "details_for_sender_sealed": for_sender}


def _side(update_id: Any, side: str) -> str:
    return f"update:{update_id}:{side}"


def _refuse_if_withdrawn(referral: Referral, unlocked: UnlockedOrganisation, user, kind: str) -> None:
    withdrawn = withdrawn_parts(referral, unlocked)
    if withdrawn:
        record(
            AuditAction.REFERRAL_UPDATE_REFUSED,
            actor=actor_of(user),
            target=referral.live_report.reference,
            kind=kind,
            reason="consent_withdrawn",
            withdrawn=list(withdrawn),
        )
        raise UpdateRefused(
            _("The reporter has withdrawn consent to part of this referral: it takes no more updates. Delete what it names.")
        )


def _force_may_write(referral: Referral, unlocked: UnlockedOrganisation) -> None:
    if unlocked.organisation_id != referral.police_id:
        raise keyring.AccessDenied("Only the force that received a referral writes its updates.")
    if referral.withdrawn:
        raise UpdateRefused(_("The reporter erased this report and the referral is withdrawn: it takes no more updates."))


def record_investigation(
    referral: Referral, unlocked: UnlockedOrganisation, user, *, status: str, outcome: str = "", outcome_on: date | None = None
) -> PoliceUpdate:
    """The force's status of the investigation and, once it has ended, its outcome and date."""
    _force_may_write(referral, unlocked)
    errors = check_investigation(status, outcome, outcome_on)
    if errors:
        raise UpdateInvalid(errors)
    _refuse_if_withdrawn(referral, unlocked, user, PoliceUpdate.Kind.INVESTIGATION)
    details = {"status": status, "outcome": outcome, "outcome_on": outcome_on.isoformat() if outcome_on else None}
    with transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(
            investigation_status=status, outcome=outcome, outcome_on=outcome_on, status_updated_at=timezone.now()
        )
        update = PoliceUpdate.objects.create(
            referral=referral,
            kind=PoliceUpdate.Kind.INVESTIGATION,
            written_by=user,
            **_sealed_update(referral, unlocked, details),
        )
        record(
            AuditAction.REFERRAL_INVESTIGATION_UPDATED,
            actor=actor_of(user),
            target=referral.live_report.reference,
            police=referral.police_id,
            status=status,
            outcome=outcome,
        )
        notices.notify_organisation(referral.live_report.organisation)
    referral.refresh_from_db()
    return update


_REFERENCE_CHARACTERS = re.compile(r"[A-Za-z0-9]+(?:[ /.\-]+[A-Za-z0-9]+)*")
_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")


def looks_like_a_crime_reference(text: str) -> bool:
    """A number a force gives a crime (NS/2026/88812, CRN 4471/26, CAD 1234, 20MP/123456A/21), and nothing that could
    carry a message to the reporter: it is relayed to their page word for word (relay_to_reporter). So: letters and
    digits only, between separators; some digits; at most two words of letters, none longer than four letters; no
    run of five letters anywhere (a word) and no run of eleven digits (a phone number)."""
    if not _REFERENCE_CHARACTERS.fullmatch(text) or not _DIGITS.search(text):
        return False
    words = [token for token in re.split(r"[ /.\-]+", text) if token.isalpha()]
    if len(words) > 2:
        return False
    return all(len(run) <= 4 for run in _LETTERS.findall(text)) and all(len(run) <= 10 for run in _DIGITS.findall(text))


def record_crime_reference(referral: Referral, unlocked: UnlockedOrganisation, user, crime_reference: str) -> PoliceUpdate:
    """Sealed twice: to the force that recorded it and to the organisation that made the referral."""
    _force_may_write(referral, unlocked)
    crime_reference = crime_reference.strip()
    if not crime_reference:
        raise UpdateInvalid({"crime_reference": _("Enter the crime reference number.")})
    if len(crime_reference) > CRIME_REFERENCE_MAX:
        raise UpdateInvalid({"crime_reference": _("A crime reference number has at most 60 characters.")})
    if not looks_like_a_crime_reference(crime_reference):
        raise UpdateInvalid(
            {
                "crime_reference": _(
                    "Enter only the crime reference number: letters and digits with / - . or spaces between them, such "
                    "as 01/123456/26 or CAD 1234 — no words, names or phone numbers. The reporter can be shown it."
                )
            }
        )
    _refuse_if_withdrawn(referral, unlocked, user, PoliceUpdate.Kind.CRIME_REFERENCE)
    with transaction.atomic():
        number = crime_reference.encode()
        referral.crime_reference_for_police, referral.crime_reference_for_sender = referral_keys.seal_for_both(
            referral, unlocked, number, "crime_reference_for_police", "crime_reference_for_sender"
        )
        referral.crime_reference_recorded_at = timezone.now()
        referral.save(update_fields=["crime_reference_for_police", "crime_reference_for_sender", "crime_reference_recorded_at"])
        update = PoliceUpdate.objects.create(
            referral=referral,
            kind=PoliceUpdate.Kind.CRIME_REFERENCE,
            written_by=user,
            **_sealed_update(referral, unlocked, {"crime_reference": crime_reference}),
        )
        record(AuditAction.REFERRAL_CRIME_REFERENCE_RECORDED, actor=actor_of(user), target=referral.live_report.reference)
        notices.notify_organisation(referral.live_report.organisation)
    return update


def _message(text: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise UpdateInvalid({field: _("Write the message.")})
    if len(text) > MESSAGE_MAX:
        raise UpdateInvalid({field: _("Write at most 2,000 characters.")})
    return text


def ask_for_contact(referral: Referral, unlocked: UnlockedOrganisation, user, message: str) -> PoliceUpdate:
    """The force asks the sending organisation's advocate to arrange contact: a message to the advocate only."""
    _force_may_write(referral, unlocked)
    message = _message(message, "message")
    _refuse_if_withdrawn(referral, unlocked, user, PoliceUpdate.Kind.CONTACT_REQUEST)
    with transaction.atomic():
        update = PoliceUpdate.objects.create(
            referral=referral,
            kind=PoliceUpdate.Kind.CONTACT_REQUEST,
            written_by=user,
            **_sealed_update(referral, unlocked, {"message": message}),
        )
        record(AuditAction.REFERRAL_CONTACT_REQUESTED, actor=actor_of(user), target=referral.live_report.reference)
        notices.notify_organisation(referral.live_report.organisation)
    return update


def answer_contact_request(
    request: PoliceUpdate, unlocked: UnlockedOrganisation, user, message: str, *, language: str = "en"
) -> PoliceUpdate:
    """The advocate's answer, as it leaves for the force: redacted like any free text going out.

    Status statements, identifiers, phone numbers and emails are removed, with every passage the
    engine is unsure of (no page settles marks here), so an answer never carries contact details:
    the advocate arranges contact, they do not hand it over.
    """
    referral = request.referral
    if unlocked.organisation_id != referral.live_report.organisation_id:
        raise keyring.AccessDenied("Only the organisation that made the referral answers for it.")
    if request.kind != PoliceUpdate.Kind.CONTACT_REQUEST:
        raise UpdateRefused(_("Only a request for contact can be answered."))
    message = _message(message, "body")
    sent = review.cautious(message, language)
    with transaction.atomic():
        if PoliceUpdate.objects.select_for_update().filter(answers=request).exists():
            raise UpdateRefused(_("This request has already been answered."))
        answer = PoliceUpdate.objects.create(
            referral=referral,
            kind=PoliceUpdate.Kind.CONTACT_ANSWER,
            written_by=user,
            answers=request,
            **_sealed_update(referral, unlocked, {"message": sent}),
        )
        record(
            AuditAction.REFERRAL_CONTACT_ANSWERED,
            actor=actor_of(user),
            target=referral.live_report.reference,
            police=referral.police_id,
            redacted=sent != message,
        )
    return answer


def _shown(referral: Referral, unlocked: UnlockedOrganisation, field: str, side: str) -> list[ShownUpdate]:
    return [
        ShownUpdate(update, json.loads(referral_keys.opened(referral, unlocked, _side(update.pk, side), getattr(update, field))))
        for update in referral.updates.all()
    ]


def for_police(referral: Referral, unlocked: UnlockedOrganisation) -> list[ShownUpdate]:
    """Every entry on a referral, oldest first, as the force that received it reads them."""
    return _shown(referral, unlocked, "details_for_police_sealed", "police")


def for_sender(referral: Referral, unlocked: UnlockedOrganisation) -> list[ShownUpdate]:
    """Every entry on a referral, oldest first, as the organisation that made it reads them."""
    return _shown(referral, unlocked, "details_for_sender_sealed", "sender")


def open_contact_request(report: Report, pk) -> PoliceUpdate | None:
    """A request for contact on one of this report's referrals, by id; None if it is not one."""
    return (
        PoliceUpdate.objects.filter(referral__report=report, kind=PoliceUpdate.Kind.CONTACT_REQUEST, pk=pk)
        .select_related("referral__report")
        .first()
    )


# --- the reporter's copy of the crime reference ---

REPORTER_FIELD = "crime_reference"


def _reporter_cipher(referral: Referral, key: bytes) -> RecordCipher:
    return RecordCipher(key, referral.record_id)


def relay_to_reporter(report: Report, unlocked: UnlockedOrganisation, user) -> int:
    """Copy each crime reference the force recorded to the reporter's side; how many copies were made now.

    The force cannot seal to the reporter (the report's key is the sending organisation's to open), and
    the reporter's page holds only the report's key. The sending organisation's session holds both, so
    when an advocate opens the case (and is shown the crime reference), the number is sealed again under
    the report's data key, which the reporter's codename opens. Like the receipt, it appears on the
    reporter's page once the organisation has seen it.
    """
    if report.organisation_id != unlocked.organisation_id:
        return 0
    key, made = None, 0
    for referral in report.referrals.exclude(crime_reference_for_sender=None):
        number = referral_keys.opened(
            referral, unlocked, "crime_reference_for_sender", referral.crime_reference_for_sender
        ).decode()
        key = key or records.open_with_organisation(report.data_key_id, unlocked)
        cipher = _reporter_cipher(referral, key)
        if referral.crime_reference_for_reporter and cipher.open(REPORTER_FIELD, referral.crime_reference_for_reporter) == number:
            continue
        Referral.objects.filter(pk=referral.pk).update(crime_reference_for_reporter=cipher.seal(REPORTER_FIELD, number))
        record(AuditAction.REFERRAL_CRIME_REFERENCE_RELAYED, actor=actor_of(user), target=report.reference)
        made += 1
    return made


@dataclass(frozen=True)
class WhereItWent:
    """A referral as the reporter sees it on their codename page."""

    force: str
    sent_on: date
    status: str
    outcome: str
    outcome_on: date | None
    crime_reference_recorded: bool
    crime_reference: str  # empty unless the reporter chose to see it and the organisation has passed it on


def for_reporter(report: Report, key: bytes, *, show_crime_reference: bool) -> list[WhereItWent]:
    """Where the report went, opened with the reporter's own key (their codename session)."""
    shown = []
    for referral in report.referrals.select_related("police").order_by("made_at"):
        number = ""
        if show_crime_reference and referral.crime_reference_for_reporter:
            number = _reporter_cipher(referral, key).open(REPORTER_FIELD, referral.crime_reference_for_reporter)
        shown.append(
            WhereItWent(
                force=referral.police.name,
                sent_on=timezone.localdate(referral.made_at),
                status=referral.investigation_status,
                outcome=referral.outcome,
                outcome_on=referral.outcome_on,
                crime_reference_recorded=referral.crime_reference_recorded_at is not None,
                crime_reference=number,
            )
        )
    return shown
