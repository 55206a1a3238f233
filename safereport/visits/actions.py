"""Recording forces' agreements and stations, and booking a supported visit: one transaction and one audit entry each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import Commitment, ForceAgreement, PoliceStation, Visit

FARTHEST_AHEAD = timedelta(days=366)
# Every visit's details are sealed at one size, so the ciphertext's length tells nothing about them.
DETAILS_PADDED_TO = 128


class Refused(ValueError):
    """A value that cannot be accepted; `field` names it, so the page can show the message beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class OpenedVisit:
    visit: Visit
    at: datetime  # in the installation's zone
    advocate_phone: str

    @property
    def has_letter(self) -> bool:
        return self.visit.letter_sealed is not None


def _target(organisation: Organisation) -> str:
    return f"organisation:{organisation.pk}"


def current_agreement(organisation: Organisation, force: Organisation) -> ForceAgreement | None:
    return ForceAgreement.objects.filter(organisation=organisation, force=force, superseded_on__isnull=True).first()


def forces_with_agreement(organisation: Organisation) -> set[int]:
    """The ids of the forces whose agreement with `organisation` is in force today."""
    return set(
        ForceAgreement.objects.filter(organisation=organisation, superseded_on__isnull=True).values_list("force_id", flat=True)
    )


def _check_force(force: Organisation) -> None:
    if force.kind != Organisation.Kind.POLICE:
        raise Refused("force", "Choose a police force.")


@transaction.atomic
def record_agreement(
    organisation: Organisation, force: Organisation, commitments: list[str], agreed_on: date, user: User
) -> ForceAgreement:
    """A new version of what `force` agreed; the previous version (if any) is superseded, never edited."""
    _check_force(force)
    chosen = [code for code in Commitment.values if code in set(commitments)]
    if not chosen or len(chosen) != len(set(commitments)):
        raise Refused("commitments", "Choose at least one of the listed commitments.")
    if agreed_on > timezone.localdate():
        raise Refused("agreed_on", "The date agreed cannot be in the future.")
    # Lock the force's versions so two supervisors recording at once cannot both make version N.
    previous = list(ForceAgreement.objects.select_for_update().filter(organisation=organisation, force=force))
    ForceAgreement.objects.filter(organisation=organisation, force=force, superseded_on__isnull=True).update(
        superseded_on=timezone.localdate()
    )
    agreement = ForceAgreement.objects.create(
        organisation=organisation,
        force=force,
        version=max((a.version for a in previous), default=0) + 1,
        commitments=chosen,
        agreed_on=agreed_on,
        recorded_by=user,
    )
    record(
        AuditAction.FORCE_AGREEMENT_RECORDED,
        actor=actor_of(user),
        target=_target(organisation),
        force=force.pk,
        version=agreement.version,
    )
    return agreement


@transaction.atomic
def withdraw_agreement(organisation: Organisation, force: Organisation, user: User) -> ForceAgreement:
    """The force no longer agrees: no new visit can be booked with it; letters already issued keep their version."""
    agreement = current_agreement(organisation, force)
    if agreement is None:
        raise Refused("force", "This force has no agreement in force to withdraw.")
    agreement.superseded_on = timezone.localdate()
    agreement.save(update_fields=["superseded_on"])
    record(
        AuditAction.FORCE_AGREEMENT_WITHDRAWN,
        actor=actor_of(user),
        target=_target(organisation),
        force=force.pk,
        version=agreement.version,
    )
    return agreement


@transaction.atomic
def add_station(organisation: Organisation, force: Organisation, name: str, address: str, user: User) -> PoliceStation:
    _check_force(force)
    name, address = name.strip(), address.strip()
    if not name:
        raise Refused("name", "Enter the station's name.")
    if not address:
        raise Refused("address", "Enter the station's address.")
    if PoliceStation.objects.filter(organisation=organisation, force=force, name__iexact=name).exists():
        raise Refused("name", "This force already has a station of that name.")
    station = PoliceStation.objects.create(organisation=organisation, force=force, name=name, address=address, added_by=user)
    record(AuditAction.POLICE_STATION_ADDED, actor=actor_of(user), target=_target(organisation), force=force.pk)
    return station


def _check_booking(report: Report, station: PoliceStation, at: datetime, advocate: User) -> ForceAgreement:
    if station.organisation_id != report.organisation_id:
        raise Refused("station", "Choose one of your organisation's stations.")
    agreement = current_agreement(report.organisation, station.force)
    if agreement is None:
        raise Refused(
            "station",
            f"{station.force.name} has no recorded agreement for supported visits: record what the force agreed first.",
        )
    now = timezone.now()
    if at <= now:
        raise Refused("date", "The visit must be in the future.")
    if at > now + FARTHEST_AHEAD:
        raise Refused("date", "Book a visit at most a year ahead.")
    if advocate.organisation_id != report.organisation_id or not advocate.works_cases or not advocate.is_active:
        raise Refused("advocate", "Choose an advocate of your organisation.")
    return agreement


@transaction.atomic
def book_visit(
    report: Report, key: bytes, *, station: PoliceStation, at: datetime, advocate: User, advocate_phone: str, user: User
) -> Visit:
    """Book a supported visit under the force's current agreement; refused, with nothing saved, without one."""
    agreement = _check_booking(report, station, at, advocate)
    visit = Visit(report=report, station=station, agreement=agreement, advocate=advocate, booked_by=user)
    details = json.dumps({"at": at.isoformat(), "advocate_phone": advocate_phone.strip()}, ensure_ascii=False)
    visit.details_sealed = RecordCipher(key, visit.record_id).seal("details", details, padded_to=DETAILS_PADDED_TO)
    visit.save(force_insert=True)
    record(AuditAction.VISIT_BOOKED, actor=actor_of(user), target=report.reference, visit=str(visit.pk))
    return visit


@transaction.atomic
def cancel_visit(visit: Visit, user: User) -> Visit:
    """Cancel a booked visit: kept on the case as cancelled, its letter withdrawn from download; audited."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.cancelled:
        raise Refused("visit", "This visit was already cancelled.")
    if user.organisation_id != visit.report.organisation_id or not user.works_cases:
        raise Refused("visit", "Only a caseworker of the case's organisation can cancel its visit.")
    visit.cancelled_on = timezone.now()
    visit.cancelled_by = user
    visit.save(update_fields=["cancelled_on", "cancelled_by"])
    record(AuditAction.VISIT_CANCELLED, actor=actor_of(user), target=visit.report.reference, visit=str(visit.pk))
    return visit


def open_visit(visit: Visit, key: bytes) -> OpenedVisit:
    details = json.loads(RecordCipher(key, visit.record_id).open("details", visit.details_sealed))
    return OpenedVisit(visit, timezone.localtime(datetime.fromisoformat(details["at"])), details["advocate_phone"])


def visits_of(report: Report, key: bytes) -> list[OpenedVisit]:
    """The report's visits, soonest first, opened with its data key (by staff or by the reporter's codename)."""
    visits = report.visits.select_related("station", "station__force", "agreement", "advocate", "cancelled_by")
    return sorted((open_visit(v, key) for v in visits), key=lambda opened: opened.at)


def read_visits(report: Report, key: bytes, user: User) -> list[OpenedVisit]:
    """The report's visits for a member of staff: opening their sealed details is a read of the case, audited."""
    opened = visits_of(report, key)
    record(AuditAction.CASE_READ, actor=actor_of(user), target=report.reference, part="visits")
    return opened
