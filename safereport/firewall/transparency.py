"""The public transparency report: per-quarter counts of disclosure requests, decisions and referrals.

Only completed quarters are published, and each is frozen (a PublishedQuarter) the first time anyone asks for it after
it ends: the daily job, the page, its CSV or the command. A live count would move on the day a request or a referral
happened, so someone who knows that a particular person reported could watch the page change. A request counts in
the quarter it was received, or, when it was recorded only after that quarter had been published, in the quarter it
was recorded; a decision counts in the quarter it was made; a referral in the quarter it was made. So nothing that
happens later can change a published quarter, and nothing recorded late is left out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DisclosureRequest, PublishedQuarter, Referral

# Counts of 1 to 4 are shown as "fewer than 5": a very small count, next to a date and an
# agency, could point at a person. 0 is shown as 0: it is about nobody, and hiding it would
# make "we handed nothing to immigration enforcement" impossible to state.
SMALL_NUMBER_LIMIT = 5

AgencyKind = DisclosureRequest.AgencyKind
Decision = DisclosureRequest.Decision

# CSV columns. There is deliberately no total and no "pending" column: with them, a
# suppressed cell could be recovered by subtracting the shown ones. For the same reason
# compelled disclosures are counted by agency with no total beside them.
COLUMNS = (
    "quarter",
    *(f"received_{kind}" for kind in AgencyKind.values),
    "refused",
    "refused_immigration_without_court_order",
    *(f"complied_{kind}" for kind in AgencyKind.values),
    "referrals_with_consent",
)


def headings() -> list[str]:
    """Column headings in the active language, in COLUMNS order."""
    return [
        _("Quarter"),
        *(_("Requests from: %(agency)s") % {"agency": label} for label in AgencyKind.labels),
        _("Requests refused"),
        _("Of which: immigration enforcement without a court order, refused by default"),
        *(
            _("Compelled disclosures made to: %(agency)s (legal compulsion, two supervisors)") % {"agency": label}
            for label in AgencyKind.labels
        ),
        _("Referrals to the police with the reporter's consent"),
    ]


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, moment: datetime | date) -> Quarter:
        if isinstance(moment, datetime):
            moment = timezone.localtime(moment).date()
        return cls(moment.year, (moment.month - 1) // 3 + 1)

    def following(self) -> Quarter:
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"


def shown(count: int) -> str:
    """How a count appears in public: exact from 5, "fewer than 5" for 1 to 4, and 0 as 0."""
    if 0 < count < SMALL_NUMBER_LIMIT:
        return _("fewer than %(limit)d") % {"limit": SMALL_NUMBER_LIMIT}
    return str(count)


def _request_rows(published: dict[Quarter, datetime]) -> list[dict]:
    """Each request's receipt and decision as the published report counts them: the quarter of each."""
    rows = []
    fields = ("received_at", "created_at", "agency_kind", "decision", "refused_by_default", "decided_at")
    for item in DisclosureRequest.objects.values(*fields):
        received = Quarter.of(item["received_at"])
        if received in published and published[received] <= item["created_at"]:
            received = Quarter.of(item["created_at"])  # recorded after its quarter was frozen: counts when recorded
        decided = Quarter.of(item["decided_at"]) if item["decided_at"] and item["decision"] != Decision.PENDING else None
        rows.append({**item, "received": received, "decided": decided})
    return rows


def _counts_until(current: Quarter, published: dict[Quarter, datetime]) -> dict[Quarter, dict[str, int]]:
    """Exact counts of every quarter before `current`, from the first with any activity, quiet quarters as 0."""
    requests = _request_rows(published)
    referrals = [Quarter.of(made_at) for made_at in Referral.objects.values_list("made_at", flat=True)]
    moments = [r["received"] for r in requests] + [r["decided"] for r in requests if r["decided"]] + referrals
    if not moments:
        return {}
    rows: dict[Quarter, dict[str, int]] = {}
    quarter = min(moments, key=lambda q: (q.year, q.number))
    while (quarter.year, quarter.number) < (current.year, current.number):
        rows[quarter] = {name: 0 for name in COLUMNS[1:]}
        quarter = quarter.following()
    for item in requests:
        if item["received"] in rows:
            rows[item["received"]][f"received_{item['agency_kind']}"] += 1
        if item["decided"] in rows:
            row = rows[item["decided"]]
            row["refused"] += item["decision"] == Decision.REFUSED
            row["refused_immigration_without_court_order"] += item["refused_by_default"]
            row[f"complied_{item['agency_kind']}"] += item["decision"] == Decision.DISCLOSED
    for made in referrals:
        if made in rows:
            rows[made]["referrals_with_consent"] += 1
    return rows


def publish_completed_quarters(now: datetime | None = None) -> list[Quarter]:
    """Freeze every completed quarter not yet published (idempotent; concurrent callers publish each once)."""
    moment = now or timezone.now()
    with transaction.atomic():
        published = {Quarter(q.year, q.number): q.published_at for q in PublishedQuarter.objects.all()}
        # Taken before the counts are read: a request recorded from this moment on counts in a later quarter.
        read_at = timezone.now()
        new = [
            PublishedQuarter(year=quarter.year, number=quarter.number, counts=row, published_at=read_at)
            for quarter, row in _counts_until(Quarter.of(moment), published).items()
            if quarter not in published
        ]
        PublishedQuarter.objects.bulk_create(new, ignore_conflicts=True)
    return [Quarter(row.year, row.number) for row in new]


def counts(now: datetime | None = None) -> list[dict]:
    """The published quarters, oldest first, with their exact counts (completed quarters only, frozen)."""
    publish_completed_quarters(now)
    return [
        {"quarter": Quarter(row.year, row.number), **{name: row.counts.get(name, 0) for name in COLUMNS[1:]}}
        for row in PublishedQuarter.objects.all()
    ]


def table(now: datetime | None = None) -> tuple[list[str], list[list[str]]]:
    """Headings and rows as the public sees them, newest quarter first, small numbers suppressed."""
    rows = [[str(row["quarter"]), *(shown(row[name]) for name in COLUMNS[1:])] for row in reversed(counts(now))]
    return headings(), rows


def as_csv(now: datetime | None = None) -> str:
    """The same table as CSV, with stable machine-readable column names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(table(now)[1])
    return out.getvalue()
