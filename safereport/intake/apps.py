"""Reporter-facing intake: the report journey, codename return, public API."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "safereport.intake"
    label = "intake"
