"""Stored key material. Every private key and data key here is sealed or wrapped, never clear."""

import uuid

from django.conf import settings
from django.db import models

from safereport.coarse_time import DayDateTimeField


class OrganisationKey(models.Model):
    """One generation of an organisation's key pair; rotation adds a new one."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="keys")
    public_key = models.BinaryField()
    verify_key = models.BinaryField()
    fingerprint = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    # The organisation key sealed to the recovery key pair derived from the printed words.
    recovery_public_key = models.BinaryField()
    sealed_for_recovery = models.BinaryField()

    class Meta:
        ordering = ["-created_at", "-id"]


class StaffKey(models.Model):
    """A member of staff's own key pair, its secret wrapped under their password (Argon2id)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_key")
    public_key = models.BinaryField()
    wrapped_secret = models.BinaryField()
    salt = models.BinaryField()
    kdf = models.CharField(max_length=20, default="argon2id13")
    opslimit = models.PositiveBigIntegerField()
    memlimit = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class OrganisationKeyGrant(models.Model):
    """An organisation key sealed to one member of staff's public key: their access."""

    org_key = models.ForeignKey(OrganisationKey, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key_grants")
    sealed_secret = models.BinaryField()
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_key", "user"], name="one_grant_per_key_and_user")]


class DataKey(models.Model):
    """A record's own random key. Deleting this row (and its seals) erases the record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Made at submission: to the day, like the report's own time.
    created_at = DayDateTimeField(auto_now_add=True)


class KeyEpoch(models.Model):
    """A day's epoch key (vault.epochs): its 32 bytes live in a file outside the database, never in a row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    day = models.DateField()
    # A key wrapped in this epoch was erased: once the day has ended, the survivors move to a new epoch
    # and this epoch's key file is destroyed.
    rekey_needed = models.BooleanField(default=False)
    retired = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day"], condition=models.Q(retired=False), name="one_open_epoch_per_day")]


class SealedDataKey(models.Model):
    data_key = models.ForeignKey(DataKey, on_delete=models.CASCADE, related_name="seals")
    org_key = models.ForeignKey(OrganisationKey, on_delete=models.PROTECT, related_name="sealed_data_keys")
    # The data key sealed to the organisation's public key, then under the epoch's key (vault.epochs).
    sealed = models.BinaryField()
    epoch = models.ForeignKey(KeyEpoch, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["data_key", "org_key"], name="one_seal_per_org_key")]


class CodenameWrap(models.Model):
    """The data key wrapped under a key derived from the reporter's codename."""

    data_key = models.OneToOneField(DataKey, on_delete=models.CASCADE, related_name="codename_wrap")
    lookup = models.BinaryField(unique=True)
    # The data key under the codename-derived key, then under the epoch's key (vault.epochs).
    wrapped = models.BinaryField()
    epoch = models.ForeignKey(KeyEpoch, on_delete=models.PROTECT, related_name="+")
