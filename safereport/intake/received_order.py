"""The queue's order of arrival within a day (times are kept to the day): a number each new report takes.

On PostgreSQL the number comes from a database sequence, so concurrent submissions never queue behind
one another for it (taking ``MAX() + 1`` made them collide on the unique column and retry, and under load
some ran out of retries: found by the kill test). A sequence can skip a number when a submission rolls
back; the order only has to be increasing. SQLite admits one writer at a time, so ``MAX() + 1`` is exact there.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Max

from .models import Report

SEQUENCE = "intake_report_received_order"


def next_received_order() -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
            return int(cursor.fetchone()[0])
    return (Report.objects.aggregate(last=Max("received_order"))["last"] or 0) + 1


def reserve_received_orders(count: int) -> int:
    """The first of `count` consecutive numbers no other report will take (for bulk inserts: `safereport seed`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One statement: the sequence moves past the whole block at once, whatever runs beside it.
            cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [SEQUENCE, SEQUENCE, count])
            return int(cursor.fetchone()[0]) - count + 1
    return next_received_order()
