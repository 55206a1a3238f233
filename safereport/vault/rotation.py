"""Rotate an organisation's key pair: re-seal every record key to the new one, resumably, while serving."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from safereport.audit.actions import AuditAction
from safereport.audit.log import record

from . import crypto, epochs, records
from .keyring import AccessDenied, UnlockedOrganisation
from .models import OrganisationKey, OrganisationKeyGrant, SealedDataKey

# Other apps hold things sealed to organisation keys (e.g. referral packages); they register a
# function that re-seals a batch and yields how many it moved, so the vault need not know them.
Resealer = Callable[[UnlockedOrganisation, OrganisationKey, int], Iterator[int]]
_resealers: list[Resealer] = []


def register_resealer(resealer: Resealer) -> None:
    if resealer not in _resealers:
        _resealers.append(resealer)


@dataclass
class RotationResult:
    old_fingerprints: list[str]
    new_fingerprint: str
    resealed: int
    resumed: bool


def _start(unlocked: UnlockedOrganisation, *, actor: str) -> OrganisationKey:
    old = OrganisationKey.objects.filter(organisation_id=unlocked.organisation_id, retired_at__isnull=True).first()
    if old is None or old.fingerprint not in unlocked.keys:
        raise AccessDenied("The current organisation key must be unlocked to rotate it.")
    pair = crypto.KeyPair.generate()
    with transaction.atomic():
        new = OrganisationKey.objects.create(
            organisation_id=unlocked.organisation_id,
            public_key=pair.public_key,
            verify_key=pair.verify_key,
            fingerprint=crypto.fingerprint(pair.public_key),
            # The printed recovery words stay valid: the new key is sealed to the same recovery key pair.
            recovery_public_key=old.recovery_public_key,
            sealed_for_recovery=crypto.seal_to(bytes(old.recovery_public_key), pair.secret),
        )
        for grant in OrganisationKeyGrant.objects.filter(org_key=old).select_related("user__staff_key"):
            OrganisationKeyGrant.objects.create(
                org_key=new, user=grant.user, sealed_secret=crypto.seal_to(bytes(grant.user.staff_key.public_key), pair.secret)
            )
        OrganisationKey.objects.filter(pk=old.pk).update(retired_at=timezone.now())
        record(
            AuditAction.KEY_ROTATION_STARTED,
            actor=actor,
            target=f"organisation:{unlocked.organisation_id}",
            old_fingerprint=old.fingerprint,
            new_fingerprint=new.fingerprint,
        )
    unlocked.keys[new.fingerprint] = pair
    return new


def _reseal_data_keys(unlocked: UnlockedOrganisation, new: OrganisationKey, batch_size: int) -> Iterator[int]:
    retired = OrganisationKey.objects.filter(organisation_id=unlocked.organisation_id, retired_at__isnull=False)
    while True:
        with transaction.atomic():
            batch = list(SealedDataKey.objects.filter(org_key__in=retired).select_related("org_key")[:batch_size])
            if not batch:
                return
            # Resealed into today's epoch: the only one never rekeyed while it is being written to (vault.epochs).
            epoch = epochs.current_epoch()
            under_epoch = epochs.cipher(epoch.pk)
            for seal in batch:
                raw = records.open_seal(seal, unlocked)
                SealedDataKey.objects.get_or_create(
                    data_key_id=seal.data_key_id,
                    org_key=new,
                    defaults={
                        "epoch": epoch,
                        "sealed": records.organisation_seal(under_epoch, bytes(new.public_key), seal.data_key_id, raw),
                    },
                )
                seal.delete()
        yield len(batch)


def rotate_organisation_key(
    unlocked: UnlockedOrganisation, *, actor: str, batch_size: int = 200, progress: Callable[[int], None] = lambda n: None
) -> RotationResult:
    """Start a rotation, or resume one that was interrupted, and run it to the end."""
    org_id = unlocked.organisation_id
    current = OrganisationKey.objects.filter(organisation_id=org_id, retired_at__isnull=True).first()
    pending = (
        SealedDataKey.objects.filter(org_key__organisation_id=org_id, org_key__retired_at__isnull=False).exists()
        or OrganisationKeyGrant.objects.filter(org_key__organisation_id=org_id, org_key__retired_at__isnull=False).exists()
    )
    resumed = bool(current and current.fingerprint in unlocked.keys and pending)
    new = current if resumed and current is not None else _start(unlocked, actor=actor)
    if new.fingerprint not in unlocked.keys:
        raise AccessDenied("The new organisation key is not unlocked in this session: sign in again to resume.")
    moved = 0
    for resealer in [_reseal_data_keys, *_resealers]:
        for count in resealer(unlocked, new, batch_size):
            moved += count
            progress(moved)
    old = OrganisationKey.objects.filter(organisation_id=org_id, retired_at__isnull=False)
    old_fps = list(old.values_list("fingerprint", flat=True))
    with transaction.atomic():
        # A submission that read the old key before the rotation began may still be sealing to it. On
        # PostgreSQL, SHARE mode waits for every transaction that has written a seal and holds off new
        # ones until this commits; what they wrote is resealed here, and one that writes after this
        # seals to the new key itself (records._seal_again_if_retired). SQLite serialises writers already.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {SealedDataKey._meta.db_table} IN SHARE MODE")
            for count in _reseal_data_keys(unlocked, new, batch_size):
                moved += count
                progress(moved)
        # Destroy every copy of the old private keys; their public halves stay to verify old signatures.
        OrganisationKeyGrant.objects.filter(org_key__in=old).delete()
        old.update(sealed_for_recovery=b"")
        record(
            AuditAction.KEY_ROTATION_COMPLETED,
            actor=actor,
            target=f"organisation:{org_id}",
            new_fingerprint=new.fingerprint,
            retired_fingerprints=old_fps,
            resealed=moved,
        )
    return RotationResult(old_fps, new.fingerprint, moved, resumed)
