"""Failure counters for codename and sign-in guessing, shared across processes."""

from django.apps import AppConfig


class RateLimitConfig(AppConfig):
    name = "safereport.ratelimit"
    label = "ratelimit"

    def ready(self):
        from . import checks  # noqa: F401  (registers the trusted-proxy check)
