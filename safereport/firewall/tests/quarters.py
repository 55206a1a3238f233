"""Moving test records into the last quarter: the transparency report shows completed quarters only."""

from datetime import datetime, timedelta

from django.utils import timezone

from safereport.firewall.models import DisclosureRequest, Referral


def last_quarter_moment() -> datetime:
    """Ten days before the current quarter began, at noon."""
    now = timezone.localtime()
    began = now.replace(month=3 * ((now.month - 1) // 3) + 1, day=1, hour=12, minute=0, second=0, microsecond=0)
    return began - timedelta(days=10)


def next_quarter_moment() -> datetime:
    """Ten days into the next quarter."""
    return last_quarter_moment() + timedelta(days=10 + 92 + 10)


def into_last_quarter() -> None:
    """Everything registered, decided and referred so far, as if it had all happened last quarter."""
    moment = last_quarter_moment()
    DisclosureRequest.objects.update(received_at=moment, created_at=moment)
    DisclosureRequest.objects.exclude(decided_at=None).update(decided_at=moment)
    Referral.objects.update(made_at=moment)
