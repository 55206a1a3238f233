"""The information firewall: classification, consent, disclosure policy."""
from django.apps import AppConfig


class FirewallConfig(AppConfig):
    name = "safereport.firewall"
    label = "firewall"

    def ready(self):
        from . import checks  # noqa: F401  (registers the classification check)
