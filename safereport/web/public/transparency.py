"""The public transparency report: disclosure requests by agency and decision, and referrals, per quarter."""
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safereport.firewall import transparency


@require_safe
def transparency_report(request):
    headings, rows = transparency.table()
    return render(request, "firewall/transparency.html", {
        "headings": headings, "rows": rows, "limit": transparency.SMALL_NUMBER_LIMIT,
    })


@require_safe
def transparency_csv(request):
    response = HttpResponse(transparency.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="transparency.csv"'
    return response
