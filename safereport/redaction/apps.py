"""Immigration-status statements and identifiers out of free text: the engine and its evaluation."""

from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "safereport.redaction"
    label = "redaction"
