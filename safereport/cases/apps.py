"""Advocates' casework records: notes and immigration advice."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereport.cases"
    label = "cases"
