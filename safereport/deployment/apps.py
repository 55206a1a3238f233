"""Production-settings checks, registered with Django's system check framework."""

from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "safereport.deployment"
    label = "deployment"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy-only checks)
