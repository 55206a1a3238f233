"""Count failures per key in a window, in the database so every worker and thread sees the same count.

A limit names what is counted (``Limit("codename", 50, 900)``: 50 failures per 15 minutes); ``limit.on(*parts)``
names whose failures, as a digest under this hour's rotating key. Each key's window starts at its first failure,
so one client's count never depends on anyone else's. Expired rows are deleted as new ones are made.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, connection, transaction

from . import clock, rotating_key
from .models import Counter


@dataclass(frozen=True)
class Limit:
    scope: str
    failures: int  # allowed in one window; the next attempt is refused until the window ends
    seconds: int

    def on(self, *parts: str) -> Counted:
        material = "\x00".join((self.scope, *parts)).encode()
        digest = hashlib.blake2b(material, key=rotating_key.current(), digest_size=16, person=b"sr-ratelimit").hexdigest()
        return Counted(self, digest)


@dataclass(frozen=True)
class Counted:
    limit: Limit
    key: str


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


class Reading:
    """The live rows of some keys, read in one query."""

    def __init__(self, *counted: Counted):
        self._now = clock.now()
        rows = Counter.objects.filter(key__in=[c.key for c in counted], window_ends__gt=_moment(self._now))
        self._rows = {row.key: row for row in rows}

    def reached(self, counted: Counted) -> bool:
        """Whether this key has used its allowance in the current window."""
        row = self._rows.get(counted.key)
        return row is not None and row.failures >= counted.limit.failures

    def wait_seconds(self, *counted: Counted) -> int:
        """Seconds until every one of these keys may try again: 0 when none has used its allowance."""
        waits = [math.ceil(self._rows[c.key].window_ends.timestamp() - self._now) for c in counted if self.reached(c)]
        return max(1, *waits) if waits else 0


def reached(counted: Counted) -> bool:
    return Reading(counted).reached(counted)


def wait_seconds(*counted: Counted) -> int:
    return Reading(*counted).wait_seconds(*counted)


def note_failure(*counted: Counted) -> None:
    now = clock.now()
    with transaction.atomic():  # one commit for all of them
        for c in counted:
            if _count(c, now):
                continue
            try:
                with transaction.atomic():
                    # A new row is the moment to drop rows whose window has passed: nothing reads them again.
                    Counter.objects.filter(window_ends__lte=_moment(now)).delete()
                    Counter.objects.create(key=c.key, failures=1, window_ends=_moment(now + c.limit.seconds))
            except IntegrityError:  # another process made the row first: count on it
                _count(c, now)


def _count(c: Counted, now: float) -> bool:
    """One more failure on an existing row, or a fresh window if its last one ended: one UPDATE, so two workers
    counting at once both count. Plain SQL because this runs on every failure of a flood, and the ORM's
    expression building costs several times the statement itself."""
    ops = connection.ops
    table, key, failures, ends = (ops.quote_name(n) for n in (Counter._meta.db_table, "key", "failures", "window_ends"))
    moment, new_end = (ops.adapt_datetimefield_value(_moment(t)) for t in (now, now + c.limit.seconds))
    with connection.cursor() as cursor:
        # Only quoted identifiers of our own table are formatted in; every value is a parameter.
        cursor.execute(
            f"UPDATE {table} SET {failures} = CASE WHEN {ends} <= %s THEN 1 ELSE {failures} + 1 END, "  # noqa: S608
            f"{ends} = CASE WHEN {ends} <= %s THEN %s ELSE {ends} END WHERE {key} = %s",
            [moment, moment, new_end, c.key],
        )
        return cursor.rowcount > 0
