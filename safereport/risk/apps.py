"""Risk assessment: versioned questionnaires per crime type, sealed answers, band and score in the clear."""

from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "safereport.risk"
    label = "risk"
