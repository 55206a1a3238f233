"""The project itself, as an app: project-wide commands that read every capability (seed_demo, stored_fields)."""

from django.apps import AppConfig


class SafeReportConfig(AppConfig):
    name = "safereport"
    label = "safereport"
