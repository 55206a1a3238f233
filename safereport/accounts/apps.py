"""Staff, organisations and roles."""
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safereport.accounts"
    label = "accounts"
