"""The public transparency report: disclosure requests by agency and decision, and referrals, per quarter."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from safereport.firewall import transparency
from safereport.web.downloads import attachment


@require_safe
def transparency_report(request):
    headings, rows = transparency.table()
    return render(
        request,
        "firewall/transparency.html",
        {
            "headings": headings,
            "rows": rows,
            "limit": transparency.SMALL_NUMBER_LIMIT,
        },
    )


@require_safe
def transparency_csv(request):
    return attachment(transparency.as_csv(), "text/csv; charset=utf-8", "transparency.csv")
