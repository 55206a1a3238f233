"""A force agreement, a station and a booked visit, for tests of visits, letters and their pages."""

from datetime import timedelta

from django.utils import timezone

from safereport.vault import records
from safereport.visits import actions
from safereport.visits.models import Commitment

ALL_COMMITMENTS = list(Commitment.values)


def agreement_and_station(side, force, *, commitments=None):
    """`side` is a world organisation (SimpleNamespace with org, supervisor); returns (agreement, station)."""
    agreement = actions.record_agreement(
        side.org, force, commitments or ALL_COMMITMENTS, timezone.localdate() - timedelta(days=30), side.supervisor
    )
    station = actions.add_station(side.org, force, "Central Police Station", "1 High Street, Northtown", side.supervisor)
    return agreement, station


def visit_time(days=5, hour=14, minute=30):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def book(report, side, station, *, at=None, phone="+44 20 7946 0000"):
    key = records.open_with_organisation(report.data_key_id, side.unlocked)
    return actions.book_visit(
        report, key, station=station, at=at or visit_time(), advocate=side.advocate, advocate_phone=phone, user=side.advocate
    )
