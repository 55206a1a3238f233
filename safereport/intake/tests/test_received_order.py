"""The order of arrival: every report takes a larger number than the last, and a bulk block is never shared."""

import pytest

from safereport.intake.models import Report
from safereport.intake.received_order import next_received_order, reserve_received_orders

pytestmark = pytest.mark.django_db


def test_each_report_takes_a_larger_number_and_a_reserved_block_is_skipped(world, make_report):
    first, _codename = make_report()
    second, _codename = make_report()
    assert second.received_order > first.received_order
    block = reserve_received_orders(5)
    assert block > second.received_order
    if Report.objects.filter(received_order__gte=block).exists():  # SQLite: the block starts at MAX() + 1 ...
        pytest.fail("a reserved block overlaps a stored report")
    Report.objects.filter(pk=second.pk).update(received_order=block + 4)  # ... and the caller fills it
    third, _codename = make_report()
    assert third.received_order > block + 4
    assert next_received_order() > third.received_order
