"""Advocates' casework and the police liaison view."""
from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereport.cases"
    label = "cases"

    def ready(self):
        from safereport.vault.rotation import register_resealer

        from .rotation import reseal_referrals

        register_resealer(reseal_referrals)
