"""Re-seal what the firewall holds (the disclosure-request register, referrals) when an organisation rotates its key."""

from collections.abc import Iterator

from django.db import transaction

from safereport.vault.keyring import UnlockedOrganisation, reseal_for_organisation
from safereport.vault.models import OrganisationKey

from .models import DisclosureRequest, PoliceUpdate, Referral

SEALED_FIELDS = (
    "asked_sealed",
    "legal_basis_sealed",
    "court_order_reference_sealed",
    "court_order_copy_sealed",
    "legal_review_sealed",
    "package_sealed",
)


def _sealed_to_organisation(request: DisclosureRequest) -> list[str]:
    # A package under the report's own key moves with that key's seals (vault rotation), not here.
    return [
        name
        for name in SEALED_FIELDS
        if getattr(request, name) is not None and not (name == "package_sealed" and request.package_key_id)
    ]


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


def reseal_referrals(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    """Packages received by a force, and crime references kept for a sender; safe to run again."""
    # A withdrawn referral holds nothing sealed (its report was erased): nothing to re-seal.
    received = Referral.objects.filter(police_id=unlocked.organisation_id, withdrawn_on__isnull=True).exclude(
        recipient_fingerprint=new.fingerprint
    )
    while batch := list(received[:batch_size]):
        with transaction.atomic():
            for referral in batch:
                referral.package_sealed = reseal_for_organisation(unlocked, new, referral.package_sealed)
                if referral.crime_reference_for_police:
                    referral.crime_reference_for_police = reseal_for_organisation(
                        unlocked, new, referral.crime_reference_for_police
                    )
                for sent in referral.files.all():
                    sent.content_sealed = reseal_for_organisation(unlocked, new, sent.content_sealed)
                    sent.save(update_fields=["content_sealed"])
                referral.recipient_fingerprint = new.fingerprint
                referral.save(update_fields=["package_sealed", "crime_reference_for_police", "recipient_fingerprint"])
        yield len(batch)
    sent = Referral.objects.filter(report__organisation_id=unlocked.organisation_id, crime_reference_for_sender__isnull=False)
    ids = list(sent.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for referral in Referral.objects.filter(pk__in=ids[start : start + batch_size]):
                referral.crime_reference_for_sender = reseal_for_organisation(unlocked, new, referral.crime_reference_for_sender)
                referral.save(update_fields=["crime_reference_for_sender"])
        yield min(batch_size, len(ids) - start)


def reseal_police_updates(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    """Each side's seal of the updates on referrals: the force's for what it received, the sender's for what it
    sent. Both are re-sealed whole (open_any opens any generation), so running it again is safe."""
    org = unlocked.organisation_id
    for field, mine in (
        ("details_for_police_sealed", {"referral__police_id": org}),
        ("details_for_sender_sealed", {"referral__report__organisation_id": org}),
    ):
        ids = list(PoliceUpdate.objects.filter(**mine).values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                for update in PoliceUpdate.objects.filter(pk__in=ids[start : start + batch_size]):
                    setattr(update, field, reseal_for_organisation(unlocked, new, getattr(update, field)))
                    update.save(update_fields=[field])
            yield min(batch_size, len(ids) - start)
