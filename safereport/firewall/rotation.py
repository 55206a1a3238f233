"""Re-seal the disclosure-request register when an organisation rotates its key."""
from collections.abc import Iterator

from django.db import transaction

from safereport.vault.keyring import UnlockedOrganisation, reseal_for_organisation
from safereport.vault.models import OrganisationKey

from .models import DisclosureRequest

SEALED_FIELDS = ("asked_sealed", "legal_basis_sealed", "court_order_reference_sealed", "court_order_copy_sealed",
                 "legal_review_sealed", "package_sealed")


def _sealed_to_organisation(request: DisclosureRequest) -> list[str]:
    # A package under the report's own key moves with that key's seals (vault rotation), not here.
    return [name for name in SEALED_FIELDS
            if getattr(request, name) is not None and not (name == "package_sealed" and request.package_key_id)]


def reseal_disclosure_requests(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    """Every part of each register entry sealed to the organisation, moved to the new key; safe to run again."""
    pending = DisclosureRequest.objects.filter(organisation_id=unlocked.organisation_id).exclude(sealed_to=new.fingerprint)
    while batch := list(pending[:batch_size]):
        with transaction.atomic():
            for request in batch:
                for name in _sealed_to_organisation(request):
                    setattr(request, name, reseal_for_organisation(unlocked, new, getattr(request, name)))
                request.sealed_to = new.fingerprint
                request.save(update_fields=[*SEALED_FIELDS, "sealed_to"])
        yield len(batch)
