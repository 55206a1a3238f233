"""System check: SAFEREPORT_TRUSTED_PROXY names addresses or networks, nothing else."""

from django.core import checks

from .clients import trusted_proxies


@checks.register(checks.Tags.security)
def trusted_proxy_is_valid(app_configs=None, **kwargs):
    try:
        trusted_proxies()
    except ValueError as exc:
        return [
            checks.Error(
                str(exc), hint="List IP addresses or networks, comma-separated, e.g. 127.0.0.1,10.0.0.0/8.", id="ratelimit.E001"
            )
        ]
    return []
