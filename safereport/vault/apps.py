"""Sealed storage of report content and the keys that open it."""

from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "safereport.vault"
    label = "vault"
