"""Re-seal referral packages and crime reference numbers when an organisation rotates its key."""
from collections.abc import Iterator

from django.db import transaction

from safereport.vault import crypto
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.models import OrganisationKey

from .models import Referral


def _resealed(unlocked: UnlockedOrganisation, new: OrganisationKey, blob) -> bytes:
    return crypto.seal_to(bytes(new.public_key), unlocked.open_any(bytes(blob)))


def reseal_referrals(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    """Packages received by a force, and crime references kept for a sender; safe to run again."""
    received = Referral.objects.filter(police_id=unlocked.organisation_id).exclude(recipient_fingerprint=new.fingerprint)
    while batch := list(received[:batch_size]):
        with transaction.atomic():
            for referral in batch:
                referral.package_sealed = _resealed(unlocked, new, referral.package_sealed)
                if referral.crime_reference_for_police:
                    referral.crime_reference_for_police = _resealed(unlocked, new, referral.crime_reference_for_police)
                referral.recipient_fingerprint = new.fingerprint
                referral.save(update_fields=["package_sealed", "crime_reference_for_police", "recipient_fingerprint"])
        yield len(batch)
    sent = Referral.objects.filter(report__organisation_id=unlocked.organisation_id, crime_reference_for_sender__isnull=False)
    ids = list(sent.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for referral in Referral.objects.filter(pk__in=ids[start : start + batch_size]):
                referral.crime_reference_for_sender = _resealed(unlocked, new, referral.crime_reference_for_sender)
                referral.save(update_fields=["crime_reference_for_sender"])
        yield min(batch_size, len(ids) - start)
