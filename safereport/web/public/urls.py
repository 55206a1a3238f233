"""Public pages: the transparency report and the audit log's signed checkpoints."""

from django.urls import path

from . import audit_log, transparency

app_name = "transparency"
urlpatterns = [
    path("", transparency.transparency_report, name="report"),
    path("report.csv", transparency.transparency_csv, name="csv"),
    path("audit/checkpoint.json", audit_log.latest_checkpoint, name="checkpoint"),
    path("audit/checkpoints.json", audit_log.every_checkpoint, name="checkpoints"),
    path("audit/consistency", audit_log.consistency, name="consistency"),
]
