"""How long reports are kept when nobody erases them, and the sweep that erases what has expired.

Each kind of record has its own period (settings.RETENTION_DAYS, `SAFEREPORT_RETENTION_<KIND>_DAYS`), counted
from the record's last change, which is the only clock the database keeps (to the day):

- ``closed_case``: a closed case, from its last change (default six years, the common practice for case files);
- ``report_without_contact``: a report that left no way to reach the reporter and that nobody has touched since,
  open or not (default two years: nobody can be helped by it any more, and it still describes a person);
- ``message``: a message on a case that is still kept (default: kept as long as the case, 0 = never expire alone).

What expires is erased exactly as an erasure by its reporter is (`actions.erase_report`), with the reason
recorded: the advocate's tombstone says the retention period ended, a force holding a referral is told it was
withdrawn, the data key is destroyed and its epoch rekeyed. Each report goes in its own transaction, so a sweep
killed half-way keeps what it did and the next one does the rest; running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import record

from .actions import erase_report
from .models import ErasedReport, Message, Report


@dataclass
class Swept:
    erased: dict[str, list[str]] = field(default_factory=dict)  # kind -> references
    messages_deleted: int = 0


def _cutoff(kind: str, now: datetime) -> datetime | None:
    days = int(settings.RETENTION_DAYS.get(kind, 0) or 0)
    return coarse_time.to_day(now - timedelta(days=days)) if days > 0 else None


def expired(kind: str, now: datetime):
    """The reports of `kind` whose period has run out by `now` (an empty queryset when the kind never expires)."""
    cutoff = _cutoff(kind, now)
    if cutoff is None:
        return Report.objects.none()
    # Strictly before the cutoff day: a record changed on the cutoff day itself has a day left.
    if kind == "closed_case":
        return Report.objects.filter(status=Report.Status.CLOSED, updated_at__lt=cutoff)
    if kind == "report_without_contact":
        return Report.objects.filter(contact_sealed__isnull=True, updated_at__lt=cutoff)
    raise ValueError(f"not a kind of report with a retention period: {kind}")


def sweep(now: datetime | None = None) -> Swept:
    """Erase every expired report and delete every expired message; safe to run again, and after a crash."""
    now = now or timezone.now()
    swept = Swept()
    for kind in ("closed_case", "report_without_contact"):
        for pk in expired(kind, now).values_list("pk", flat=True):
            with transaction.atomic():
                report = expired(kind, now).select_for_update().filter(pk=pk).first()
                if report is None:  # changed, reopened or erased since the list was read
                    continue
                erase_report(report, actor="retention", reason=ErasedReport.Reason.RETENTION)
                swept.erased.setdefault(kind, []).append(report.reference)
    cutoff = _cutoff("message", now)
    if cutoff is not None:
        with transaction.atomic():
            old = Message.objects.filter(sent_at__lt=cutoff)
            references = sorted(set(old.values_list("report__reference", flat=True)))
            swept.messages_deleted, _ = old.delete()
            for reference in references:
                record(AuditAction.MESSAGES_EXPIRED, actor="retention", target=reference)
    return swept
