"""The information firewall: classification, consent, disclosure policy."""

from django.apps import AppConfig


class FirewallConfig(AppConfig):
    name = "safereport.firewall"
    label = "firewall"

    def ready(self):
        from django.db.models.signals import pre_delete

        from safereport.intake.models import Report
        from safereport.vault.rotation import register_resealer

        from . import checks  # noqa: F401  (registers the classification check)
        from .rotation import reseal_disclosure_requests, reseal_police_updates, reseal_referrals
        from .withdrawal import withdraw_referrals

        register_resealer(reseal_disclosure_requests)
        register_resealer(reseal_referrals)
        register_resealer(reseal_police_updates)
        # Erasing a report withdraws its referrals rather than letting them vanish from the force's list.
        pre_delete.connect(withdraw_referrals, sender=Report, dispatch_uid="firewall.withdraw_referrals")
