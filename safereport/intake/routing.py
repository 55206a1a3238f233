"""Which organisation a new report goes to."""

from safereport.accounts.models import Organisation


class NoReceivingOrganisation(Exception):
    """Nobody is set up to receive reports yet."""


def receiving_organisation(area: str) -> Organisation:
    support = Organisation.objects.filter(kind=Organisation.Kind.SUPPORT, keys__retired_at__isnull=True).distinct()
    for organisation in support.order_by("pk"):
        if area and area in (organisation.areas or []):
            return organisation
    fallback = support.filter(receives_unrouted=True).order_by("pk").first() or support.order_by("pk").first()
    if fallback is None:
        raise NoReceivingOrganisation("No support organisation with a key is set up to receive reports.")
    return fallback
