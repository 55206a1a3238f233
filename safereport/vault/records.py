"""Per-record data keys: sealed to an organisation, wrapped under a codename, destroyed on erasure."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from . import crypto
from .keyring import AccessDenied, UnlockedOrganisation, active_key
from .models import CodenameWrap, DataKey, SealedDataKey


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


def _codename_keys(codename: str) -> tuple[bytes, bytes]:
    return crypto.secret_key(codename, b"sr-codename-find"), crypto.secret_key(codename, b"sr-codename-wrap")


def create_data_key(organisation_id: int, codename: str | None) -> tuple[DataKey, bytes]:
    """A new record key sealed to the organisation's public key: needs nobody signed in."""
    raw = crypto.random_key()
    data_key = DataKey.objects.create()
    org_key = active_key(organisation_id)
    SealedDataKey.objects.create(data_key=data_key, org_key=org_key, sealed=crypto.seal_to(bytes(org_key.public_key), raw))
    if codename is not None:
        lookup, wrapping = _codename_keys(codename)
        CodenameWrap.objects.create(
            data_key=data_key, lookup=lookup, wrapped=crypto.aead_seal(wrapping, raw, f"data-key:{data_key.pk}".encode())
        )
    return data_key, raw


def create_data_keys(organisation_id: int, count: int) -> list[tuple[DataKey, bytes]]:
    """`count` record keys sealed to the organisation, in two bulk inserts and with no codename.

    For synthetic data at scale (`safereport seed`): sealed exactly as `create_data_key` seals,
    so the records cost what real ones cost to store, list and open.
    """
    org_key = active_key(organisation_id)
    public_key = bytes(org_key.public_key)
    made = [(DataKey(), crypto.random_key()) for _ in range(count)]
    DataKey.objects.bulk_create([data_key for data_key, _raw in made])
    SealedDataKey.objects.bulk_create(
        [SealedDataKey(data_key=data_key, org_key=org_key, sealed=crypto.seal_to(public_key, raw)) for data_key, raw in made]
    )
    return made


def open_with_codename(codename: str) -> tuple[DataKey, bytes] | None:
    """The same answer (None) for a codename that never existed and one whose record was erased."""
    lookup, wrapping = _codename_keys(codename)
    wrap = CodenameWrap.objects.filter(lookup=lookup).select_related("data_key").first()
    if wrap is None:
        return None
    try:
        raw = crypto.aead_open(wrapping, bytes(wrap.wrapped), f"data-key:{wrap.data_key_id}".encode())
    except crypto.DecryptionFailed:
        return None
    return wrap.data_key, raw


def open_with_organisation(data_key_id: UUID, unlocked: UnlockedOrganisation) -> bytes:
    for seal in SealedDataKey.objects.filter(data_key_id=data_key_id).select_related("org_key"):
        if seal.org_key.organisation_id == unlocked.organisation_id and seal.org_key.fingerprint in unlocked.keys:
            return unlocked.keys[seal.org_key.fingerprint].open(bytes(seal.sealed))
    raise AccessDenied("This record is not sealed to a key unlocked in this session.")


@transaction.atomic
def destroy_data_key(data_key_id: UUID) -> None:
    """Cryptographic erasure: without the key, every ciphertext of the record is noise."""
    DataKey.objects.filter(pk=data_key_id).delete()
