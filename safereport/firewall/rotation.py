"""Re-seal the disclosure-request register when an organisation rotates its key."""
from collections.abc import Iterator

from django.db import transaction

from safereport.vault.keyring import UnlockedOrganisation, reseal_for_organisation
from safereport.vault.models import OrganisationKey

from .models import DisclosureRequest

SEALED_FIELDS = ("asked_sealed", "legal_basis_sealed", "package_sealed")


def reseal_disclosure_requests(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    """Every sealed part of each register entry, moved to the new key; safe to run again."""
    pending = DisclosureRequest.objects.filter(organisation_id=unlocked.organisation_id).exclude(sealed_to=new.fingerprint)
    while batch := list(pending[:batch_size]):
        with transaction.atomic():
            for request in batch:
                for name in SEALED_FIELDS:
                    if getattr(request, name):
                        setattr(request, name, reseal_for_organisation(unlocked, new, getattr(request, name)))
                request.sealed_to = new.fingerprint
                request.save(update_fields=[*SEALED_FIELDS, "sealed_to"])
        yield len(batch)
