"""Clear timestamps kept to the day, so a stored or sent time cannot be matched with a record of when a phone connected."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import models
from django.utils import timezone


def to_day(moment: datetime) -> datetime:
    """The start (00:00 UTC) of the day `moment` falls in.

    UTC, not the local zone: the audit log hashes its times as UTC text, and the installation's
    zone is UTC; a local midnight would hash differently from how `audit.log.verify` reads it back.
    """
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def today() -> datetime:
    return to_day(timezone.now())


def day_of(moment: datetime | None) -> str | None:
    """The ISO date of `moment`, for anything that leaves the system: never a time of day."""
    return to_day(moment).date().isoformat() if moment else None


def today_iso() -> str:
    return today().date().isoformat()


class DayDateTimeField(models.DateTimeField):
    """A DateTimeField that stores only the day (00:00 UTC), however it is set: auto_now, auto_now_add or by hand.

    Ordering within a day needs a second key (the model's own sequence, or an exact time kept sealed).
    A queryset `.update()` bypasses this; pass `today()` there.
    """

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is not None:
            value = to_day(value)
            setattr(model_instance, self.attname, value)
        return value
