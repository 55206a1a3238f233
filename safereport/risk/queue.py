"""The queue's view of risk: each report's current band, high risk first, a filter by band, in one query."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from .models import RiskAssessment
from .questionnaire import BANDS

NOT_ASSESSED = "none"
FILTERS = (*BANDS, NOT_ASSESSED)


def with_current_risk(reports: QuerySet) -> QuerySet:
    """Annotate each report with its current assessment's `risk_band`, `risk_score` and `risk_assessed_on`
    (None when not assessed): correlated subqueries in the one SELECT, never a query per row."""
    current = RiskAssessment.objects.filter(report=OuterRef("pk")).order_by("-sequence")
    return reports.annotate(
        risk_band=Subquery(current.values("band")[:1]),
        risk_score=Subquery(current.values("score")[:1]),
        risk_assessed_on=Subquery(current.values("assessed_on")[:1]),
    )


def high_risk_first(reports: QuerySet) -> QuerySet:
    """High-risk reports on top; otherwise the queue keeps the order it had.

    Ordered on `Report.risk_high`, the copy of the current band that `actions.assess` keeps, so the
    database reads the page from an index instead of ranking every open case by a subquery.
    """
    return reports.order_by("-risk_high", *(reports.query.order_by or reports.model._meta.ordering))


def filter_by_risk(reports: QuerySet, band: str) -> QuerySet:
    """Reports whose current band is `band`, or those never assessed ("none"); ValueError for anything else."""
    if band not in FILTERS:
        raise ValueError(f"Unknown risk filter {band!r}.")
    if band == NOT_ASSESSED:
        return reports.filter(risk_band__isnull=True)
    return reports.filter(risk_band=band)
