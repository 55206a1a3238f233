"""Dates on pages and PDFs as people read them, in the language being rendered, inside <time datetime="ISO 8601">.

Signed packages and letters carry their dates as ISO strings (they are machine-readable and must stay
so); these filters and tags read either a date, a datetime or such a string, so a page shows
"5 December 2026" whichever it was given. The formats come from safereport.formats per language.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()

NOTHING = "—"


def _moment(value) -> date | datetime | None:
    """A date or an aware local datetime from a date, a datetime or an ISO 8601 string; None for anything else."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return timezone.localtime(value)
    return value if isinstance(value, date) else None


def _day(value) -> date | None:
    moment = _moment(value)
    return moment.date() if isinstance(moment, datetime) else moment


@register.filter
def readable_date(value) -> str:
    """'5 December 2026' (en), '5 de diciembre de 2026' (es), '5 ديسمبر 2026' (ar); '' when there is no date."""
    day = _day(value)
    return formats.date_format(day, "DATE_FORMAT") if day else ""


@register.filter
def readable_datetime(value) -> str:
    """'5 December 2026, 14:30' in the current language; a date alone reads as readable_date."""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return readable_date(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


@register.simple_tag
def show_date(value, empty: str = NOTHING):
    """<time datetime="2026-12-05">5 December 2026</time>, or `empty` when there is no date."""
    day = _day(value)
    if day is None:
        return empty
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), formats.date_format(day, "DATE_FORMAT"))


@register.simple_tag
def show_datetime(value, empty: str = NOTHING):
    """<time datetime="2026-12-05T14:30:00+00:00">5 December 2026, 14:30</time>, or `empty` when there is none."""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return show_date(moment, empty)
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), formats.date_format(moment, "DATETIME_FORMAT"))
