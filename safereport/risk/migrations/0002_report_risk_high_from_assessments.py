"""Fill Report.risk_high from each case's current (highest-sequence) assessment."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_current_band(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    RiskAssessment = apps.get_model("risk", "RiskAssessment")
    current = RiskAssessment.objects.filter(report=OuterRef("pk")).order_by("-sequence").values("band")[:1]
    assessed = Report.objects.filter(risk_assessments__isnull=False).distinct().annotate(band=Subquery(current))
    Report.objects.filter(pk__in=assessed.filter(band="high").values("pk")).update(risk_high=True)


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_risk_questionnaires_and_assessments"),
        ("intake", "0012_report_risk_high_queue_indexes"),
    ]

    operations = [migrations.RunPython(copy_current_band, migrations.RunPython.noop)]
