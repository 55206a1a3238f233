"""Per-record data keys: sealed to an organisation, wrapped under a codename, destroyed on erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from functools import partial
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from . import crypto, epochs, erasure_ledger
from .keyring import AccessDenied, UnlockedOrganisation, active_key
from .models import CodenameWrap, DataKey, OrganisationKey, SealedDataKey


@dataclass(frozen=True)
class RecordCipher:
    """Seals and opens one record's fields. The record id and field name are bound in as
    associated data, so a ciphertext moved to another record or field fails to open."""

    key: bytes
    record: str

    def _aad(self, field: str) -> bytes:
        return f"{self.record}:{field}".encode()

    def seal(self, field: str, value: str, *, padded_to: int | None = None) -> bytes:
        """Padded to a size bucket, or to exactly `padded_to` bytes (ValueError if the value does not fit)."""
        data = value.encode("utf-8")
        padded = crypto.pad(data) if padded_to is None else crypto.pad_to(data, padded_to)
        return crypto.aead_seal(self.key, padded, self._aad(field))

    @staticmethod
    def sealed_length(padded_to: int) -> int:
        """How long a value sealed with `padded_to` is: every one of them, whatever it holds."""
        return crypto.NONCE_BYTES + padded_to + crypto.TAG_BYTES

    def open(self, field: str, blob: bytes | memoryview | None) -> str:
        if blob is None:
            return ""
        return crypto.unpad(crypto.aead_open(self.key, bytes(blob), self._aad(field))).decode("utf-8")


def seal_layer(key: bytes, record: str, field: str, data: bytes) -> bytes:
    """Bytes under a record key, bound to the record and field (not padded: the caller's sizes are not secret)."""
    return crypto.aead_seal(key, data, f"{record}:{field}".encode())


def open_layer(key: bytes, record: str, field: str, blob: bytes) -> bytes:
    """DecryptionFailed for a layer moved to another record or field, or sealed under another key."""
    return crypto.aead_open(key, blob, f"{record}:{field}".encode())


def create_shared_data_key(organisation_ids: list[int]) -> tuple[DataKey, bytes]:
    """A new record key sealed to each of these organisations' active keys (no codename), under today's epoch.

    For what two organisations both read, a referral's (firewall.referral_keys): destroy_data_key() then makes
    every copy of it noise for both, backups and pages left in the database's files included.
    """
    raw = crypto.random_key()
    data_key = DataKey.objects.create()
    under_epoch = epochs.current_epoch_cipher()
    for organisation_id in dict.fromkeys(organisation_ids):
        org_key = active_key(organisation_id)
        SealedDataKey.objects.create(
            data_key=data_key,
            org_key=org_key,
            epoch_id=under_epoch.epoch_id,
            sealed=organisation_seal(under_epoch, bytes(org_key.public_key), data_key.pk, raw),
        )
        _seal_again_if_retired(org_key, data_key, raw, under_epoch)
    return data_key, raw


def _codename_keys(codename: str) -> tuple[bytes, bytes]:
    return crypto.secret_key(codename, b"sr-codename-find"), crypto.secret_key(codename, b"sr-codename-wrap")


def organisation_seal(epoch: epochs.EpochCipher, public_key: bytes, data_key_id: UUID, raw: bytes) -> bytes:
    """The data key sealed to an organisation's public key, under the epoch's key (vault.epochs)."""
    return epoch.wrap(crypto.seal_to(public_key, raw), "organisation-seal", data_key_id)


def create_data_key(organisation_id: int, codename: str | None, org_key: OrganisationKey | None = None) -> tuple[DataKey, bytes]:
    """A new record key sealed to the organisation's public key: needs nobody signed in.

    `org_key`, the organisation's active key when the caller has just read it (intake reads it with the
    routing, in the same transaction), saves reading it again.
    """
    if org_key is None:
        org_key = active_key(organisation_id)
    elif org_key.organisation_id != organisation_id or org_key.retired_at is not None:
        raise AccessDenied("A record key is sealed only to the organisation's own active key.")
    raw = crypto.random_key()
    data_key = DataKey.objects.create()
    under_epoch = epochs.current_epoch_cipher()
    epoch_id = under_epoch.epoch_id
    SealedDataKey.objects.create(
        data_key=data_key,
        org_key=org_key,
        epoch_id=epoch_id,
        sealed=organisation_seal(under_epoch, bytes(org_key.public_key), data_key.pk, raw),
    )
    _seal_again_if_retired(org_key, data_key, raw, under_epoch)
    if codename is not None:
        lookup, wrapping = _codename_keys(codename)
        inner = crypto.aead_seal(wrapping, raw, f"data-key:{data_key.pk}".encode())
        CodenameWrap.objects.create(
            data_key=data_key, lookup=lookup, epoch_id=epoch_id, wrapped=under_epoch.wrap(inner, "codename-wrap", data_key.pk)
        )
    return data_key, raw


def _seal_again_if_retired(org_key: OrganisationKey, data_key: DataKey, raw: bytes, under_epoch: epochs.EpochCipher) -> None:
    """A rotation may have retired the key between reading it and sealing to it: seal to the new key too.

    On PostgreSQL a rotation runs beside submissions. Its last step locks the seal table against
    writers (vault.rotation) and so waits for every seal already written; a seal written after it,
    to a key read before the rotation began, is caught here, because this read comes after the
    seal's insert and sees the rotation's commit. Without it the record would be sealed only to a key
    whose private half the rotation has destroyed: an acknowledged report nobody could open.
    SQLite serialises writers, so a rotation cannot fall between the read and the seal there.
    """
    if connection.vendor != "postgresql" or OrganisationKey.objects.filter(pk=org_key.pk, retired_at__isnull=True).exists():
        return
    current = active_key(org_key.organisation_id)
    SealedDataKey.objects.get_or_create(
        data_key=data_key,
        org_key=current,
        defaults={
            "epoch_id": under_epoch.epoch_id,
            "sealed": organisation_seal(under_epoch, bytes(current.public_key), data_key.pk, raw),
        },
    )


def forget_remembered_epoch() -> None:
    """After a write that named today's epoch failed: read the epoch from the database next time (vault.epochs)."""
    epochs.forget_current_epoch()


def create_data_keys(organisation_id: int, count: int) -> list[tuple[DataKey, bytes]]:
    """`count` record keys sealed to the organisation, in two bulk inserts and with no codename.

    For synthetic data at scale (`safereport seed`): sealed exactly as `create_data_key` seals,
    so the records cost what real ones cost to store, list and open.
    """
    org_key = active_key(organisation_id)
    public_key = bytes(org_key.public_key)
    epoch = epochs.current_epoch()
    under_epoch = epochs.cipher(epoch.pk)  # one read of the key file for the whole batch
    made = [(DataKey(), crypto.random_key()) for _ in range(count)]
    DataKey.objects.bulk_create([data_key for data_key, _raw in made])
    SealedDataKey.objects.bulk_create(
        [
            SealedDataKey(
                data_key=data_key,
                org_key=org_key,
                epoch=epoch,
                sealed=organisation_seal(under_epoch, public_key, data_key.pk, raw),
            )
            for data_key, raw in made
        ]
    )
    return made


def open_with_codename(codename: str) -> tuple[DataKey, bytes] | None:
    """The same answer (None) for a codename that never existed and one whose record was erased."""
    lookup, wrapping = _codename_keys(codename)
    for attempt in range(2):
        wrap = CodenameWrap.objects.filter(lookup=lookup).select_related("data_key").first()
        if wrap is None:
            return None
        try:
            inner = epochs.unwrap(wrap.epoch_id, bytes(wrap.wrapped), "codename-wrap", wrap.data_key_id)
            raw = crypto.aead_open(wrapping, inner, f"data-key:{wrap.data_key_id}".encode())
        except crypto.DecryptionFailed:
            return None
        except epochs.EpochKeyMissing:
            if attempt:
                raise
            continue  # a rekey moved the wrap to a new epoch between the read and the key file: read it again
        return wrap.data_key, raw
    return None


def open_seal(seal: SealedDataKey, unlocked: UnlockedOrganisation) -> bytes:
    """The raw data key from one organisation seal (its epoch layer, then the organisation's private key)."""
    inner = epochs.unwrap(seal.epoch_id, bytes(seal.sealed), "organisation-seal", seal.data_key_id)
    return unlocked.key(seal.org_key.fingerprint).open(inner)


def open_with_organisation(data_key_id: UUID, unlocked: UnlockedOrganisation) -> bytes:
    for attempt in range(2):
        try:
            for seal in SealedDataKey.objects.filter(data_key_id=data_key_id).select_related("org_key"):
                if seal.org_key.organisation_id == unlocked.organisation_id and seal.org_key.fingerprint in unlocked.keys:
                    return open_seal(seal, unlocked)
        except epochs.EpochKeyMissing:
            if attempt:
                raise
            continue  # a rekey moved the seal to a new epoch between the read and the key file: read it again
        break
    raise AccessDenied("This record is not sealed to a key unlocked in this session.")


@transaction.atomic
def destroy_data_key(data_key_id: UUID) -> None:
    """Cryptographic erasure: without the key, every ciphertext of the record is noise.

    The rows go now; their epochs are marked, so once the day has ended the epoch keys that could open
    any copy of those rows left in the database's files or a backup are destroyed (vault.epochs). Once the
    erasure commits, the key is listed in the erasure ledger, so a restore of an older backup erases it again
    (vault.erasure_ledger; listed after the commit, never for an erasure that rolled back).
    """
    epoch_ids = [
        *SealedDataKey.objects.filter(data_key_id=data_key_id).values_list("epoch_id", flat=True),
        *CodenameWrap.objects.filter(data_key_id=data_key_id).values_list("epoch_id", flat=True),
    ]
    DataKey.objects.filter(pk=data_key_id).delete()
    epochs.mark_for_rekey(epoch_ids)
    transaction.on_commit(partial(erasure_ledger.append, data_key_id, timezone.now().astimezone(UTC).date()))
