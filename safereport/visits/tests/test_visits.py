"""Forces' agreements are versioned; a visit is booked only under one in force, its details sealed, every step audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.audit.models import AuditEntry
from safereport.vault import records
from safereport.visits import actions
from safereport.visits.models import Commitment, ForceAgreement, PoliceStation, Visit

from .factories import agreement_and_station, book, visit_time

pytestmark = pytest.mark.django_db


def test_a_new_agreement_version_supersedes_the_last_and_keeps_its_history(world):
    first, _station = agreement_and_station(world.north, world.police.org)
    second = actions.record_agreement(
        world.north.org,
        world.police.org,
        [Commitment.FREE_TO_LEAVE],
        timezone.localdate() - timedelta(days=3),
        world.north.supervisor,
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.superseded_on is not None and second.superseded_on is None
    assert actions.current_agreement(world.north.org, world.police.org) == second
    assert second.recorded_by == world.north.supervisor
    assert AuditEntry.objects.filter(action="force_agreement.recorded").count() == 2


@pytest.mark.parametrize(
    "commitments, agreed_days_ago, field",
    [([], 3, "commitments"), (["tea_and_biscuits"], 3, "commitments"), ([Commitment.FREE_TO_LEAVE], -3, "agreed_on")],
)
def test_an_agreement_with_a_bad_value_is_refused_by_field_and_nothing_saved(world, commitments, agreed_days_ago, field):
    with pytest.raises(actions.Refused) as refused:
        actions.record_agreement(
            world.north.org,
            world.police.org,
            commitments,
            timezone.localdate() - timedelta(days=agreed_days_ago),
            world.north.supervisor,
        )
    assert refused.value.field == field
    assert not ForceAgreement.objects.exists()


def test_a_support_organisation_cannot_be_recorded_as_a_force(world):
    with pytest.raises(actions.Refused) as refused:
        actions.add_station(world.north.org, world.south.org, "Not a station", "Nowhere", world.north.supervisor)
    assert refused.value.field == "force"
    assert not PoliceStation.objects.exists()


def test_booking_without_an_agreement_is_refused_with_the_reason_and_nothing_saved(world, make_report):
    report, _codename = make_report()
    station = actions.add_station(world.north.org, world.police.org, "Central", "1 High Street", world.north.supervisor)
    with pytest.raises(actions.Refused) as refused:
        book(report, world.north, station)
    assert refused.value.field == "station"
    assert "Shire Police has no recorded agreement" in refused.value.message
    assert not Visit.objects.exists()
    assert not AuditEntry.objects.filter(action="visit.booked").exists()


def test_a_withdrawn_agreement_stops_new_bookings(world, make_report):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    actions.withdraw_agreement(world.north.org, world.police.org, world.north.supervisor)
    with pytest.raises(actions.Refused):
        book(report, world.north, station)
    assert AuditEntry.objects.filter(action="force_agreement.withdrawn").count() == 1


def test_another_organisations_agreement_does_not_let_this_one_book(world, make_report):
    report, _codename = make_report()  # a north report
    agreement_and_station(world.south, world.police.org)
    north_station = actions.add_station(world.north.org, world.police.org, "Central", "1 High Street", world.north.supervisor)
    with pytest.raises(actions.Refused) as refused:
        book(report, world.north, north_station)
    assert refused.value.field == "station"


def test_a_station_of_another_organisation_is_refused(world, make_report):
    report, _codename = make_report()
    _agreement, south_station = agreement_and_station(world.south, world.police.org)
    agreement_and_station(world.north, world.police.org)
    with pytest.raises(actions.Refused) as refused:
        book(report, world.north, south_station)
    assert refused.value.field == "station"


@pytest.mark.parametrize("days", [-2, 400])
def test_a_visit_in_the_past_or_too_far_ahead_is_refused(world, make_report, days):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    with pytest.raises(actions.Refused) as refused:
        book(report, world.north, station, at=visit_time(days=days))
    assert refused.value.field == "date"
    assert not Visit.objects.exists()


def test_the_visit_time_is_sealed_and_opens_with_the_reports_key(world, make_report):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    at = visit_time(days=6, hour=9, minute=45)
    visit = book(report, world.north, station, at=at)
    stored = bytes(Visit.objects.get(pk=visit.pk).details_sealed)
    assert at.isoformat()[:16].encode() not in stored and b"09:45" not in stored
    key = records.open_with_organisation(report.data_key_id, world.north.unlocked)
    (opened,) = actions.visits_of(report, key)
    assert opened.at == at and opened.advocate_phone == "+44 20 7946 0000"
    entry = AuditEntry.objects.get(action="visit.booked")
    assert entry.target == report.reference and "09:45" not in str(entry.detail)


def test_every_visits_details_are_sealed_at_one_size(world, make_report):
    _agreement, station = agreement_and_station(world.north, world.police.org)
    short = book(make_report()[0], world.north, station, phone="")
    long = book(make_report()[0], world.north, station, phone="+44 (0) 20 7946 0000 123")
    assert len(bytes(short.details_sealed)) == len(bytes(long.details_sealed))


def test_visits_are_visible_only_to_their_organisations_caseworkers(world, make_report):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    assert list(Visit.objects.visible_to(world.north.advocate)) == [visit]
    assert not Visit.objects.visible_to(world.south.advocate).exists()
    assert not Visit.objects.visible_to(world.police.police_liaison).exists()


def test_a_cancelled_visit_is_kept_and_cannot_be_cancelled_twice(world, make_report):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    with pytest.raises(actions.Refused, match="caseworker of the case's organisation"):
        actions.cancel_visit(visit, world.south.advocate)
    actions.cancel_visit(visit, world.north.advocate)
    visit.refresh_from_db()
    assert visit.cancelled and visit.cancelled_by == world.north.advocate
    assert AuditEntry.objects.filter(action="visit.cancelled", target=report.reference).count() == 1
    with pytest.raises(actions.Refused, match="already cancelled"):
        actions.cancel_visit(visit, world.north.advocate)
