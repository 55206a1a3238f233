"""Which organisation a new report goes to: by area, then specialism, then language; never refused.

The rule, in order (docs/architecture.md repeats it):

1. Area. The support organisations that serve the report's listed area. When none does (or the
   area was not one of the listed ones), those that receive unrouted reports; when none of
   those exists either, every support organisation.
2. Specialism. Among those, the ones specialising in the report's kind of crime (see
   SPECIALISM_OF); when none does, or the crime maps to no specialism, all of step 1's.
3. Language. Among those, the ones whose staff work in the narrative's language; when none
   does, all of step 2's.
4. The oldest organisation (lowest id) of what is left, so the same report always goes to the
   same place.

Each step narrows only when it finds a match, so a report is never refused for lack of one:
a specialist or a speaker is preferred, a place that can read it and find an interpreter is
better than none. Only an installation with no support organisation holding a key refuses.
"""

from django.conf import settings
from django.db import transaction

from safereport.accounts.models import Organisation, Specialism, User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.vault.models import OrganisationKey

from .languages import REPORT_LANGUAGES
from .models import CrimeType


class NoReceivingOrganisation(Exception):
    """Nobody is set up to receive reports yet."""


# Crime types that call for a specialist. The others (assault, theft, fraud, harassment, other)
# go to any organisation serving the area.
SPECIALISM_OF: dict[str, str] = {
    CrimeType.DOMESTIC_ABUSE: Specialism.DOMESTIC_ABUSE,
    CrimeType.SEXUAL_VIOLENCE: Specialism.SEXUAL_VIOLENCE,
    CrimeType.TRAFFICKING: Specialism.MODERN_SLAVERY,
    CrimeType.HATE_CRIME: Specialism.HATE_CRIME,
}


def _narrowed(candidates: list[Organisation], keep) -> list[Organisation]:
    matching = [organisation for organisation in candidates if keep(organisation)]
    return matching or candidates


def receiving_organisation(area: str, crime_type: str = "", language: str = "") -> Organisation:
    return receiving_key(area, crime_type, language).organisation


def _active_keys() -> dict[Organisation, OrganisationKey]:
    """Each support organisation holding a key, oldest first, with its active key generation: one query.

    The key is the one `vault.keyring.current_key` gives (the newest unretired generation), read in the same
    statement as the routing, so a report is sealed to the key that was active when it was routed.
    """
    keys = (
        OrganisationKey.objects.filter(retired_at__isnull=True, organisation__kind=Organisation.Kind.SUPPORT)
        .select_related("organisation")
        .order_by("organisation_id", "-created_at", "-id")
    )
    active: dict[Organisation, OrganisationKey] = {}
    for key in keys:
        active.setdefault(key.organisation, key)
    return active


def receiving_key(area: str, crime_type: str = "", language: str = "") -> OrganisationKey:
    """The active key of the organisation a new report goes to; its `organisation` is that organisation."""
    keys = _active_keys()
    support = list(keys)
    if not support:
        raise NoReceivingOrganisation("No support organisation with a key is set up to receive reports.")
    serving = [organisation for organisation in support if area and area in (organisation.areas or [])]
    candidates = serving or [organisation for organisation in support if organisation.receives_unrouted] or support
    specialism = SPECIALISM_OF.get(crime_type)
    if specialism:
        candidates = _narrowed(candidates, lambda organisation: specialism in (organisation.specialisms or []))
    if language:
        candidates = _narrowed(candidates, lambda organisation: language in (organisation.languages or []))
    return keys[candidates[0]]


class RoutingRefused(ValueError):
    """One bad value, named by its field; nothing was saved."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@transaction.atomic
def set_routing(
    organisation: Organisation,
    *,
    areas: list[str],
    specialisms: list[str],
    languages: list[str],
    receives_unrouted: bool,
    user: User,
) -> None:
    """What routes reports to a support organisation, set by one of its supervisors; audited with the new values.

    Every code comes from its closed list. The change applies to reports submitted from now on: a
    report already received stays where it is (moving it would hand it to another organisation's keys).
    """
    if not user.is_supervisor or user.organisation_id != organisation.pk:
        raise RoutingRefused("", "Only a supervisor of the organisation sets what routes reports to it.")
    if organisation.kind != Organisation.Kind.SUPPORT:
        raise RoutingRefused("", "Only support organisations receive reports.")
    checks = (
        ("areas", areas, {code for code, _label in settings.AREAS}),
        ("specialisms", specialisms, set(Specialism.values)),
        ("languages", languages, set(REPORT_LANGUAGES)),
    )
    for field, codes, known in checks:
        if unknown := sorted(set(codes) - known):
            raise RoutingRefused(field, f"Not on the list: {', '.join(unknown)}.")
    organisation.areas = sorted(set(areas))
    organisation.specialisms = [code for code in Specialism.values if code in specialisms]
    organisation.languages = sorted(set(languages))
    organisation.receives_unrouted = receives_unrouted
    organisation.save(update_fields=["areas", "specialisms", "languages", "receives_unrouted"])
    record(
        AuditAction.ORGANISATION_ROUTING_CHANGED,
        actor=actor_of(user),
        target=f"organisation:{organisation.pk}",
        areas=organisation.areas,
        specialisms=organisation.specialisms,
        languages=organisation.languages,
        receives_unrouted=receives_unrouted,
    )
