"""The public transparency report: per-quarter counts of disclosure requests, decisions and referrals."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from safereport.firewall.models import Referral

from .models import DisclosureRequest

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


def _quarters(moments: list) -> list[Quarter]:
    """Every quarter from the first with any activity to the current one, gaps included (a gap is a 0)."""
    if not moments:
        return []
    quarter, last = Quarter.of(min(moments)), Quarter.of(timezone.now())
    quarters = []
    while (quarter.year, quarter.number) <= (last.year, last.number):
        quarters.append(quarter)
        quarter = quarter.following()
    return quarters


def counts() -> list[dict]:
    """Exact counts per quarter, oldest first. Requests count in the quarter they were received."""
    requests = list(DisclosureRequest.objects.values("received_at", "agency_kind", "decision", "refused_by_default"))
    referral_days = list(Referral.objects.values_list("made_at", flat=True))
    rows: dict[Quarter, dict[str, Any]] = {}
    for quarter in _quarters([r["received_at"] for r in requests] + referral_days):
        rows[quarter] = {"quarter": quarter, **{name: 0 for name in COLUMNS[1:]}}
    for item in requests:
        row = rows[Quarter.of(item["received_at"])]
        row[f"received_{item['agency_kind']}"] += 1
        row["refused"] += item["decision"] == Decision.REFUSED
        row["refused_immigration_without_court_order"] += item["refused_by_default"]
        row[f"complied_{item['agency_kind']}"] += item["decision"] == Decision.DISCLOSED
    for made_at in referral_days:
        rows[Quarter.of(made_at)]["referrals_with_consent"] += 1
    return list(rows.values())


def table() -> tuple[list[str], list[list[str]]]:
    """Headings and rows as the public sees them, newest quarter first, small numbers suppressed."""
    rows = [[str(row["quarter"]), *(shown(row[name]) for name in COLUMNS[1:])] for row in reversed(counts())]
    return headings(), rows


def as_csv() -> str:
    """The same table as CSV, with stable machine-readable column names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(table()[1])
    return out.getvalue()
