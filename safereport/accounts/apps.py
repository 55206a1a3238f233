"""Staff, organisations and roles."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereport.accounts"
    label = "accounts"

    def ready(self):
        from . import checks  # noqa: F401  (registers the "who can unlock" check)
