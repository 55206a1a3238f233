"""The triage queue: which of an organisation's reports a member of staff sees, in what order, and when each is due.

Everything filtered or sorted on here is a clear field listed in docs/threat-model.md. What the
reporter asked for filters on advocate, interpreter and supported visit only: wanting
immigration advice is sealed and classified `immigration` (Report.immigration_advice_sealed),
and a filter on it would need that fact in the clear, where a database copy, a URL in a browser
history or a screenshot of a filtered list would carry it. It is read on the case page, signed
in, like the rest of the report.

To add a filter: a field on QueueFilters, one step in `_narrowed`, and the form field in
web/staff/queue_form.py. To add an order: an entry in SORTS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from safereport import coarse_time
from safereport.accounts.models import User
from safereport.intake.models import OPEN_STATUSES, Report

# The promise on the reporter's pages (templates/intake/confirmation.html, my_report.html):
# "An independent advocate will read your report, usually within two working days."
PROMISED_WORKING_DAYS = 2

# Reporters' wishes the queue may filter on, as Report fields. Never immigration advice (see above).
WANTS = {"advocate": "wants_advocate", "interpreter": "wants_interpreter", "police_visit": "wants_police_visit"}

# Each order ends on the order reports came in, so pages never shuffle between requests.
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-received_order"),
    "oldest": ("created_at", "received_order"),
    # Due dates follow the day received, so the most urgent are the oldest unread.
    "due": ("created_at", "received_order"),
    "crime_type": ("crime_type", "-created_at", "-received_order"),
    "area": ("area", "-created_at", "-received_order"),
    "language": ("language", "-created_at", "-received_order"),
    "status": ("status", "-created_at", "-received_order"),
    "assignee": ("assigned_to__email", "-created_at", "-received_order"),
}
DEFAULT_SORT = "newest"
MINE, UNASSIGNED = "mine", "unassigned"


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to. Empty means no narrowing; statuses empty means every open status."""

    reference: str = ""
    crime_types: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    in_my_languages: bool = False
    assignee: str = ""  # "", MINE, UNASSIGNED, or a colleague's id as text
    statuses: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    unread: bool = False
    overdue: bool = False
    min_age_days: int | None = None
    max_age_days: int | None = None
    sort: str = DEFAULT_SORT


def add_working_days(day: date, count: int) -> date:
    """`count` working days after `day`; weekends are skipped (bank holidays are not known here)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def due_on(report: Report) -> date:
    return add_working_days(report.created_at.date(), PROMISED_WORKING_DAYS)


def is_awaiting_first_read(report: Report) -> bool:
    """Nobody has opened the case yet: the receipt is issued when staff first do (firewall.receipts)."""
    read = getattr(report, "read_by_staff", None)  # annotated by triage_queue, so the queue loads no ciphertext
    if read is None:
        read = report.receipt_sealed is not None
    return not read and report.status != Report.Status.CLOSED


def is_overdue(report: Report, today: date) -> bool:
    return is_awaiting_first_read(report) and due_on(report) < today


def _overdue_received_before(today: date) -> datetime:
    """The first day whose reports are not yet overdue: everything received before it is."""
    day = today
    while add_working_days(day, PROMISED_WORKING_DAYS) >= today:
        day -= timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=coarse_time.today().tzinfo)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=coarse_time.today().tzinfo)


def _narrowed(reports: QuerySet[Report], user: User, f: QueueFilters, today: date) -> QuerySet[Report]:
    if f.reference:
        # A reference finds its case whatever its status: closed cases are found this way.
        # References are stored in capitals; an exact match uses the unique index.
        return reports.filter(reference=f.reference.strip().upper())
    # Every open status by name, not "not closed": the count then reads three ranges of an index.
    reports = reports.filter(status__in=f.statuses or OPEN_STATUSES)
    if f.crime_types:
        reports = reports.filter(crime_type__in=f.crime_types)
    if f.areas:
        reports = reports.filter(area__in=f.areas)
    if f.languages:
        reports = reports.filter(language__in=f.languages)
    if f.in_my_languages:
        reports = reports.filter(language__in=user.languages or [])
    if f.assignee == MINE:
        reports = reports.filter(assigned_to=user)
    elif f.assignee == UNASSIGNED:
        reports = reports.filter(assigned_to__isnull=True)
    elif f.assignee:
        reports = reports.filter(assigned_to_id=int(f.assignee))
    for wish in f.wants:
        reports = reports.filter(**{WANTS[wish]: True})
    if f.unread:
        reports = reports.filter(unread_reply=True)
    if f.overdue:
        reports = reports.filter(receipt_sealed__isnull=True, created_at__lt=_overdue_received_before(today)).exclude(
            status=Report.Status.CLOSED
        )
    if f.min_age_days is not None:
        reports = reports.filter(created_at__lte=_day_start(today - timedelta(days=f.min_age_days)))
    if f.max_age_days is not None:
        reports = reports.filter(created_at__gte=_day_start(today - timedelta(days=f.max_age_days)))
    return reports


def triage_queue(user: User, filters: QueueFilters, today: date | None = None) -> QuerySet[Report]:
    """The user's organisation's reports, narrowed and ordered by `filters` (validated by the queue form)."""
    today = today or coarse_time.today().date()
    reports = _narrowed(Report.objects.visible_to(user), user, filters, today)
    # Only clear columns: the queue never loads ciphertext (for the receipt, only whether there is one).
    return (
        reports.select_related("assigned_to")
        .defer(
            "narrative_sealed",
            "occurred_on_sealed",
            "contact_sealed",
            "area_detail_sealed",
            "interpreter_language_sealed",
            "immigration_advice_sealed",
            "narrative_withheld_sealed",
            "receipt_sealed",
        )
        .annotate(read_by_staff=ExpressionWrapper(Q(receipt_sealed__isnull=False), output_field=BooleanField()))
        .order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    )
