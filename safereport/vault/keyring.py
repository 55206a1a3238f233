"""Organisation and staff keys: creation, unlocking, grants, passwords and recovery."""

from __future__ import annotations

import json
import secrets
import unicodedata
from base64 import b64decode, b64encode
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from safereport.audit.actions import AuditAction
from safereport.audit.log import record

from . import crypto
from .codename_words import wordlist
from .crypto import KeyPair as KeyPair  # re-exported for those who hold an opened pair (accounts.User.staff_pair)
from .models import OrganisationKey, OrganisationKeyGrant, StaffKey
from .parties import OrganisationLike

if TYPE_CHECKING:
    # The stubs' name for settings.AUTH_USER_MODEL (accounts.User): the vault sits below accounts, so cannot import it.
    from django.contrib.auth.models import _User as User

RECOVERY_WORDS = 16  # 16 words of 12.84 bits (codename_words): 205 bits, far beyond guessing


class AccessDenied(Exception):
    """The person cannot unlock what they asked for."""


@dataclass(frozen=True)
class UnlockedOrganisation:
    """An organisation's private keys, opened for one signed-in request. Never stored in the clear."""

    organisation_id: int
    keys: dict[str, crypto.KeyPair]

    def key(self, fingerprint: str) -> crypto.KeyPair:
        try:
            return self.keys[fingerprint]
        except KeyError:
            raise AccessDenied("This key generation is not unlocked in this session.") from None

    def active(self) -> tuple[str, crypto.KeyPair]:
        org_key = active_key(self.organisation_id)
        return org_key.fingerprint, self.key(org_key.fingerprint)

    def open_any(self, sealed: bytes) -> bytes:
        """Open something sealed to any unlocked generation of the organisation key."""
        for pair in self.keys.values():
            try:
                return pair.open(sealed)
            except crypto.DecryptionFailed:
                continue
        raise AccessDenied("Sealed to a key generation not unlocked in this session.")

    def to_bytes(self) -> bytes:
        keys = {fp: b64encode(pair.secret).decode() for fp, pair in self.keys.items()}
        return json.dumps({"org": self.organisation_id, "keys": keys}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> UnlockedOrganisation:
        raw = json.loads(data)
        return cls(raw["org"], {fp: crypto.KeyPair(b64decode(s)) for fp, s in raw["keys"].items()})


def random_words(count: int) -> str:
    words = wordlist()
    return " ".join(secrets.choice(words) for _ in range(count))


def normalise_words(text: str) -> str:
    """Forgive case, extra spaces, hyphens and full-width characters when words are typed back."""
    text = unicodedata.normalize("NFKC", text).lower().replace("-", " ").replace(".", " ")
    return " ".join(text.split())


def _kdf_params() -> crypto.KdfParams:
    return crypto.KdfParams.for_profile(settings.VAULT_KDF_PROFILE)


def current_key(organisation_id: int) -> OrganisationKey | None:
    """The organisation's active key generation, or None if it has none (it cannot receive)."""
    return OrganisationKey.objects.filter(organisation_id=organisation_id, retired_at__isnull=True).first()


def active_key(organisation_id: int) -> OrganisationKey:
    key = current_key(organisation_id)
    if key is None:
        raise AccessDenied("This organisation has no key yet.")
    return key


def _recovery_pair(words: str) -> crypto.KeyPair:
    return crypto.KeyPair.from_seed(crypto.secret_key(normalise_words(words), b"sr-recovery-key"))


def create_organisation_key(organisation: OrganisationLike, *, actor: str) -> tuple[OrganisationKey, crypto.KeyPair, str]:
    """New key pair for an organisation; returns the recovery words, which are never stored."""
    pair = crypto.KeyPair.generate()
    words = random_words(RECOVERY_WORDS)
    recovery = _recovery_pair(words)
    org_key = OrganisationKey.objects.create(
        organisation_id=organisation.pk,
        public_key=pair.public_key,
        verify_key=pair.verify_key,
        fingerprint=crypto.fingerprint(pair.public_key),
        recovery_public_key=recovery.public_key,
        sealed_for_recovery=crypto.seal_to(recovery.public_key, pair.secret),
    )
    record(
        AuditAction.KEY_ORGANISATION_CREATED,
        actor=actor,
        target=f"organisation:{organisation.pk}",
        fingerprint=org_key.fingerprint,
    )
    return org_key, pair, words


def _wrap_staff_secret(user: User, pair: crypto.KeyPair, password: str) -> StaffKey:
    params, salt = _kdf_params(), crypto.random_salt()
    wrapping = crypto.password_key(password, salt, params)
    wrapped = crypto.aead_seal(wrapping, pair.secret, f"staff-key:{user.pk}".encode())
    StaffKey.objects.update_or_create(
        user=user,
        defaults=dict(
            public_key=pair.public_key, wrapped_secret=wrapped, salt=salt, opslimit=params.opslimit, memlimit=params.memlimit
        ),
    )
    return user.staff_key


def check_new_password(user: User, password: str) -> None:
    """Every path that sets a staff password passes here: AUTH_PASSWORD_VALIDATORS (length, common passwords,
    likeness to the email), since that password is all that guards the key. Raises ValidationError."""
    validate_password(password, user)


def enrol_staff(user: User, password: str) -> crypto.KeyPair:
    """Give a new member of staff their own key pair; access comes later, through a grant."""
    check_new_password(user, password)
    pair = crypto.KeyPair.generate()
    _wrap_staff_secret(user, pair, password)
    return pair


def unlock_staff(user: User, password: str) -> crypto.KeyPair:
    staff_key = StaffKey.objects.filter(user=user).first()
    if staff_key is None:
        raise AccessDenied("No key is enrolled for this person.")
    params = crypto.KdfParams(staff_key.opslimit, staff_key.memlimit)
    wrapping = crypto.password_key(password, bytes(staff_key.salt), params)
    try:
        secret = crypto.aead_open(wrapping, bytes(staff_key.wrapped_secret), f"staff-key:{user.pk}".encode())
    except crypto.DecryptionFailed:
        raise AccessDenied("The password does not open this person's key.") from None
    pair = crypto.KeyPair(secret)
    if params != _kdf_params():  # cost raised since the last wrap: re-wrap now, while we hold the password
        _wrap_staff_secret(user, pair, password)
    return pair


def spend_unlock_time(password: str) -> None:
    """Do the work of a real unlock, for attempts on accounts that do not exist."""
    crypto.password_key(password, bytes(crypto.random_salt()), _kdf_params())


def unlock_organisation(
    user: User, password: str | None = None, *, staff_pair: crypto.KeyPair | None = None
) -> UnlockedOrganisation:
    """Open every key generation of the user's organisation that was granted to them."""
    pair = staff_pair
    if pair is None:
        if password is None:  # a caller's mistake, not a wrong password: never try to unlock with nothing
            raise TypeError("unlock_organisation needs the password or the already opened staff key pair.")
        pair = unlock_staff(user, password)
    if user.organisation_id is None:
        raise AccessDenied("This person belongs to no organisation.")
    keys = {}
    for grant in OrganisationKeyGrant.objects.filter(user=user, org_key__organisation_id=user.organisation_id).select_related(
        "org_key"
    ):
        try:
            keys[grant.org_key.fingerprint] = crypto.KeyPair(pair.open(bytes(grant.sealed_secret)))
        except crypto.DecryptionFailed:
            continue  # sealed to an old personal key (password was reset): needs a new grant
    if not keys:
        raise AccessDenied("No organisation key has been granted to this person.")
    return UnlockedOrganisation(user.organisation_id, keys)


def has_access(user: User) -> bool:
    if user.organisation_id is None:
        return False
    return (
        OrganisationKeyGrant.objects.filter(
            user=user, org_key__organisation_id=user.organisation_id, org_key__retired_at__isnull=True
        ).exists()
        and StaffKey.objects.filter(user=user).exists()
    )


def _grant(org_key: OrganisationKey, pair: crypto.KeyPair, to_user: User) -> None:
    staff_key = StaffKey.objects.get(user=to_user)
    OrganisationKeyGrant.objects.update_or_create(
        org_key=org_key, user=to_user, defaults={"sealed_secret": crypto.seal_to(bytes(staff_key.public_key), pair.secret)}
    )


@transaction.atomic
def grant_access(unlocked: UnlockedOrganisation, to_user: User, *, actor: str) -> None:
    """Seal the organisation's keys to a colleague's own public key: no password needs sharing."""
    if to_user.organisation_id != unlocked.organisation_id:
        raise AccessDenied("Access can only be granted within one's own organisation.")
    for org_key in OrganisationKey.objects.filter(organisation_id=unlocked.organisation_id, fingerprint__in=unlocked.keys):
        _grant(org_key, unlocked.keys[org_key.fingerprint], to_user)
        record(AuditAction.KEY_GRANTED, actor=actor, target=f"staff:{to_user.pk}", fingerprint=org_key.fingerprint)


@transaction.atomic
def revoke_access(to_user: User, *, actor: str) -> int:
    grants = OrganisationKeyGrant.objects.filter(user=to_user).select_related("org_key")
    fingerprints = [g.org_key.fingerprint for g in grants]
    grants.delete()
    for fp in fingerprints:
        record(AuditAction.KEY_REVOKED, actor=actor, target=f"staff:{to_user.pk}", fingerprint=fp)
    return len(fingerprints)


@transaction.atomic
def change_password(user: User, old_password: str, new_password: str, *, actor: str) -> None:
    check_new_password(user, new_password)  # before the costly derivation: a refused password costs nothing
    pair = unlock_staff(user, old_password)
    _wrap_staff_secret(user, pair, new_password)
    user.set_unusable_password()  # a fresh value: other sessions of this account end
    user.save(update_fields=["password"])
    record(
        AuditAction.KEY_PASSWORD_REWRAPPED,
        actor=actor,
        target=f"staff:{user.pk}",
        fingerprint=crypto.fingerprint(pair.public_key),
    )


@transaction.atomic
def reset_forgotten_password(user: User, new_password: str, *, actor: str) -> None:
    """An administrator's reset: the old personal key cannot be opened, so its grants go with it."""
    check_new_password(user, new_password)  # before anything is deleted
    OrganisationKeyGrant.objects.filter(user=user).delete()
    pair = enrol_staff(user, new_password)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record(
        AuditAction.KEY_PASSWORD_RESET, actor=actor, target=f"staff:{user.pk}", fingerprint=crypto.fingerprint(pair.public_key)
    )


def recover_with_words(user: User, words: str, *, actor: str) -> UnlockedOrganisation:
    """Open the organisation's keys with the printed recovery words and grant them to ``user``."""
    if user.organisation_id is None:
        raise AccessDenied("This person belongs to no organisation.")
    recovery = _recovery_pair(words)
    keys = {}
    with transaction.atomic():
        for org_key in OrganisationKey.objects.filter(organisation_id=user.organisation_id):
            if bytes(org_key.recovery_public_key) != recovery.public_key or not bytes(org_key.sealed_for_recovery):
                continue  # another organisation's words, or a retired key whose secret was destroyed
            pair = crypto.KeyPair(recovery.open(bytes(org_key.sealed_for_recovery)))
            _grant(org_key, pair, user)
            keys[org_key.fingerprint] = pair
            record(AuditAction.KEY_RECOVERED, actor=actor, target=f"staff:{user.pk}", fingerprint=org_key.fingerprint)
    if not keys:
        # Recorded outside the transaction above, so a failed guess always leaves its trace.
        record(AuditAction.KEY_RECOVERY_FAILED, actor=actor, target=f"organisation:{user.organisation_id}")
        raise AccessDenied("Those recovery words do not match this organisation's key.")
    return UnlockedOrganisation(user.organisation_id, keys)


def people_who_can_unlock(organisation: OrganisationLike) -> int:
    key = OrganisationKey.objects.filter(organisation_id=organisation.pk, retired_at__isnull=True).first()
    if key is None:
        return 0
    return key.grants.filter(user__is_active=True, user__organisation_id=organisation.pk).count()


def holds_key(organisation_id: int, fingerprint: str) -> bool:
    """Whether this installation holds a key generation, current or retired, of that organisation."""
    return OrganisationKey.objects.filter(organisation_id=organisation_id, fingerprint=fingerprint).exists()


def seal_to_key(org_key: OrganisationKey, plaintext: bytes) -> bytes:
    """Seal to one given key generation (a referral is sealed to the force's key that received it)."""
    return crypto.seal_to(bytes(org_key.public_key), plaintext)


def seal_to_organisation(organisation_id: int, plaintext: bytes) -> tuple[bytes, str]:
    """Seal to the organisation's active public key, so that anyone may write and only its staff read.

    Returns the sealed bytes and the fingerprint of the key generation, which rotation needs.
    """
    org_key = active_key(organisation_id)
    return seal_to_key(org_key, plaintext), org_key.fingerprint


def open_for_organisation(unlocked: UnlockedOrganisation, sealed: bytes | memoryview) -> bytes:
    """Open something sealed with `seal_to_organisation`, with a signed-in member's unlocked keys."""
    return unlocked.open_any(bytes(sealed))


def reseal_for_organisation(unlocked: UnlockedOrganisation, new: OrganisationKey, sealed: bytes | memoryview) -> bytes:
    """Re-seal to a new key generation during rotation, before the old secret is destroyed."""
    return seal_to_key(new, unlocked.open_any(bytes(sealed)))
