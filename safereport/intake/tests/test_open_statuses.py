"""The open statuses the queue's partial indexes are built on (spelt out before Report exists) match Report.Status."""

from safereport.intake.models import OPEN_STATUSES, Report


def test_the_open_statuses_the_indexes_name_are_every_status_but_closed():
    assert set(OPEN_STATUSES) == set(Report.Status.values) - {Report.Status.CLOSED}
