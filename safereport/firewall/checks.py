"""System check: every stored field of case data is classified."""

from django.core import checks

from .classification import unclassified_fields


@checks.register(checks.Tags.security)
def every_field_classified(app_configs=None, **kwargs):
    return [
        checks.Error(f"{key} has no firewall classification.", hint="Add it to firewall/classification.py.", id="firewall.E001")
        for key in unclassified_fields()
    ]
