"""Referrals of a case to a support service, with their outcome: sealed, and immigration ones for advisers only.

Which service a case went to, the dates, the outcome and any note are sealed together under the
report's data key at one fixed size, and recorded with the same audit actions whatever the service:
a referral to an immigration adviser or to the support scheme for migrant victims says the person
has immigration circumstances, so nothing in the clear may tell it from a referral to a refuge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .models import Service, ServiceReferral

AWAITING = "awaiting"
OUTCOMES = [
    (AWAITING, _("Awaiting an answer")),
    ("accepted", _("Accepted by the service")),
    ("declined", _("Declined by the service")),
    ("not_eligible", _("Not eligible")),
    ("no_response", _("No response from the service")),
    ("victim_declined", _("The victim declined")),
    ("withdrawn", _("Withdrawn")),
]
OUTCOME_CODES = frozenset(code for code, _label in OUTCOMES)
NOTE_MAX_CHARS = 1000
# JSON of the details with a note of 1,000 characters: at most 6 bytes a character escaped, far below this.
DETAILS_PADDED_BYTES = 8 * 1024


class InvalidReferral(ValueError):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(f"{field}: {message}")


class NotAnAdviser(PermissionError):
    """A referral to an immigration service is immigration data: only an immigration adviser reads or records it."""


@dataclass(frozen=True)
class OpenedReferral:
    referral: ServiceReferral
    service_id: int
    service_name: str
    kind: str
    made_on: date
    outcome: str
    outcome_on: date | None
    note: str

    @property
    def is_immigration(self) -> bool:
        return self.kind in Service.IMMIGRATION_KINDS

    @property
    def outcome_label(self) -> str:
        return str(dict(OUTCOMES)[self.outcome])

    @property
    def kind_label(self) -> str:
        return str(Service.Kind(self.kind).label)


def _may_see(user, kind: str) -> bool:
    return kind not in Service.IMMIGRATION_KINDS or user.is_immigration_adviser


def _seal(referral: ServiceReferral, key: bytes, details: dict) -> bytes:
    text = json.dumps(details, sort_keys=True, ensure_ascii=False)
    return RecordCipher(key, referral.record_id).seal("details", text, padded_to=DETAILS_PADDED_BYTES)


def _open(referral: ServiceReferral, key: bytes) -> OpenedReferral:
    d = json.loads(RecordCipher(key, referral.record_id).open("details", referral.details_sealed))
    return OpenedReferral(
        referral,
        d["service_id"],
        d["service_name"],
        d["kind"],
        date.fromisoformat(d["made_on"]),
        d["outcome"],
        date.fromisoformat(d["outcome_on"]) if d["outcome_on"] else None,
        d["note"],
    )


def _check_note(note: str) -> None:
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidReferral("note", gettext("at most %(n)s characters") % {"n": f"{NOTE_MAX_CHARS:,}"})


@transaction.atomic
def refer_to_service(
    report: Report, service: Service, made_on: date, note: str, unlocked: UnlockedOrganisation, user
) -> ServiceReferral:
    """Record that the case was referred to `service` on `made_on`; its outcome is awaited."""
    if service.organisation_id != report.organisation_id or report.organisation_id != user.organisation_id:
        raise Service.DoesNotExist()
    if not _may_see(user, service.kind):
        raise NotAnAdviser("Only an immigration adviser can refer to an immigration service.")
    if made_on > timezone.localdate():
        raise InvalidReferral("made_on", gettext("a referral cannot be made in the future"))
    _check_note(note)
    key = records.open_with_organisation(report.data_key_id, unlocked)
    referral = ServiceReferral(report=report, recorded_by=user)
    details = {
        "service_id": service.pk,
        "service_name": service.name,
        "kind": service.kind,
        "made_on": made_on.isoformat(),
        "outcome": AWAITING,
        "outcome_on": None,
        "note": note,
    }
    referral.details_sealed = _seal(referral, key, details)
    referral.save(force_insert=True)
    record(AuditAction.CASE_SERVICE_REFERRAL_RECORDED, actor=actor_of(user), target=report.reference)
    return referral


def referrals_for(report: Report, unlocked: UnlockedOrganisation, user) -> list[OpenedReferral]:
    """The case's service referrals this person may see: immigration ones only for an immigration adviser."""
    key = records.open_with_organisation(report.data_key_id, unlocked)
    opened = [_open(r, key) for r in ServiceReferral.objects.visible_to(user).filter(report=report)]
    # Rows are kept to the day (recorded_at) with random ids: the sealed referral date orders them.
    return sorted((o for o in opened if _may_see(user, o.kind)), key=lambda o: (o.made_on, o.service_name))


def open_referral(referral: ServiceReferral, unlocked: UnlockedOrganisation, user) -> OpenedReferral:
    """One referral, or NotAnAdviser when it is to an immigration service and the person is not an adviser."""
    opened = _open(referral, records.open_with_organisation(referral.report.data_key_id, unlocked))
    if not _may_see(user, opened.kind):
        raise NotAnAdviser("Only an immigration adviser can see a referral to an immigration service.")
    return opened


@transaction.atomic
def record_outcome(
    referral: ServiceReferral, outcome: str, outcome_on: date | None, unlocked: UnlockedOrganisation, user
) -> OpenedReferral:
    """The service's answer and its date (none while awaiting); the sealed details are re-sealed at the same size."""
    referral = ServiceReferral.objects.select_for_update().select_related("report").get(pk=referral.pk)
    opened = open_referral(referral, unlocked, user)
    if outcome not in OUTCOME_CODES:
        raise InvalidReferral("outcome", gettext("not an outcome on the list"))
    if outcome == AWAITING:
        outcome_on = None
    elif outcome_on is None:
        raise InvalidReferral("outcome_on", gettext("give the date of the outcome"))
    elif outcome_on > timezone.localdate():
        raise InvalidReferral("outcome_on", gettext("an outcome cannot be in the future"))
    elif outcome_on < opened.made_on:
        raise InvalidReferral("outcome_on", gettext("an outcome cannot come before the referral"))
    key = records.open_with_organisation(referral.report.data_key_id, unlocked)
    details = {
        "service_id": opened.service_id,
        "service_name": opened.service_name,
        "kind": opened.kind,
        "made_on": opened.made_on.isoformat(),
        "outcome": outcome,
        "outcome_on": outcome_on.isoformat() if outcome_on else None,
        "note": opened.note,
    }
    referral.details_sealed = _seal(referral, key, details)
    referral.save(update_fields=["details_sealed"])
    record(AuditAction.CASE_SERVICE_REFERRAL_OUTCOME, actor=actor_of(user), target=referral.report.reference)
    return _open(referral, key)
