"""The staff second factor: an authenticator app (TOTP, django-otp's device) and one-time recovery codes.

Enrolment needs a one-time setup code as well as the password. Whoever creates an account or resets its
password (`create_organisation`, `add_staff`, `reset_password`, `reset_second_factor`) is shown the code once and
hands it over with the password; without it, someone who has learnt only the password of an account that has not
enrolled yet cannot put their own phone on it. Recovery codes and setup codes are kept only as hashes: they are
random (about 79 bits), so an unkeyed BLAKE2b is enough, as for codenames.
"""

from __future__ import annotations

import hashlib
import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record

from .models import RecoveryCode, SetupCode, User

RECOVERY_CODES = 10
SETUP_CODE_DAYS = 14
SECRET_BYTES = 20  # RFC 4226's recommended 160 bits
STEP_SECONDS, DIGITS, TOLERANCE = 30, 6, 1  # what every authenticator app does; one step either side for clock skew
# No 0/o, 1/l/i: a code is read off paper or a screen and typed.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_CHARS = 16  # 16 x log2(31) = 79 bits


class Method(StrEnum):
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


@dataclass(frozen=True)
class Refused(Exception):
    """A value the person typed is wrong: `field` names the form field, `message` says why."""

    field: str
    message: str


def _random_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_CHARS))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_CHARS, 4))


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(code: str, purpose: bytes) -> str:
    return hashlib.blake2b(_normalise(code).encode(), digest_size=32, person=purpose).hexdigest()


def looks_like_app_code(code: str) -> bool:
    digits = "".join(code.split())
    return len(digits) == DIGITS and digits.isascii() and digits.isdigit()


# Devices


def device_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def otpauth_uri(user: User, secret: bytes) -> str:
    """What the QR code carries: the key URI every authenticator app reads."""
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{user.email}")
    secret32 = b32encode(secret).decode().rstrip("=")
    return f"otpauth://totp/{label}?secret={secret32}&issuer={quote(issuer)}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"


def readable_secret(secret: bytes) -> str:
    """The same secret for typing into an app by hand, in groups of four."""
    text = b32encode(secret).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _totp(secret: bytes) -> TOTP:
    return TOTP(secret, step=STEP_SECONDS, t0=0, digits=DIGITS, drift=0)


def code_now(secret: bytes) -> str:
    """The code an app shows this moment (for the demo's `totp_code` command and the test suite)."""
    return f"{_totp(secret).token():0{DIGITS}d}"


def code_for_user(user: User) -> str:
    device = device_of(user)
    if device is None:
        raise ValueError(f"{user.email} has no second factor.")
    return code_now(device.bin_key)


# Enrolment


def issue_setup_code(user: User, *, actor: str) -> str:
    """Remove any second factor the person has and return a new one-time setup code (shown once, kept hashed)."""
    code = _random_code()
    with transaction.atomic():
        had_device = _delete_second_factor(user)
        SetupCode.objects.create(
            user=user, code_hash=_hash(code, b"sr-setup-code"), expires_at=timezone.now() + timedelta(days=SETUP_CODE_DAYS)
        )
        record(
            AuditAction.STAFF_SECOND_FACTOR_RESET, actor=actor, target=f"staff:{user.pk}", had_device=had_device, setup_code=True
        )
    return code


def remove_second_factor(user: User, *, actor: str) -> None:
    """Delete the person's device, recovery codes and setup code (a removed or reset account keeps none)."""
    with transaction.atomic():
        if _delete_second_factor(user):
            record(
                AuditAction.STAFF_SECOND_FACTOR_RESET, actor=actor, target=f"staff:{user.pk}", had_device=True, setup_code=False
            )


def _delete_second_factor(user: User) -> bool:
    devices, _ = TOTPDevice.objects.filter(user=user).delete()
    codes, _ = RecoveryCode.objects.filter(user=user).delete()
    SetupCode.objects.filter(user=user).delete()
    return bool(devices or codes)


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_random_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c, b"sr-recovery-code")) for c in codes)
    return codes


def enrol(user: User, secret: bytes, *, setup_code: str, code: str) -> list[str]:
    """Confirm the app with a code it shows and the setup code; return the recovery codes (shown once).

    Raises Refused naming the field at fault; nothing is stored unless both are right.
    """
    with transaction.atomic():
        ticket = SetupCode.objects.select_for_update().filter(user=user).first()
        if ticket is None or ticket.expires_at <= timezone.now():
            raise Refused("setup_code", "expired")
        if not secrets.compare_digest(ticket.code_hash, _hash(setup_code, b"sr-setup-code")):
            raise Refused("setup_code", "wrong")
        totp = _totp(secret)
        if not looks_like_app_code(code) or not totp.verify(int("".join(code.split())), tolerance=TOLERANCE):
            raise Refused("code", "wrong")
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="authenticator app", key=secret.hex(), confirmed=True, last_t=totp.t())
        ticket.delete()
        codes = _new_recovery_codes(user)
        record(AuditAction.STAFF_SECOND_FACTOR_ENROLLED, actor=actor_of(user), target=f"staff:{user.pk}")
    return codes


def provision(user: User, *, actor: str) -> bytes:
    """A confirmed device without the enrolment page: for the demo data and the test suite only; returns the secret."""
    secret = new_secret()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        SetupCode.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="authenticator app", key=secret.hex(), confirmed=True)
        record(AuditAction.STAFF_SECOND_FACTOR_ENROLLED, actor=actor, target=f"staff:{user.pk}")
    return secret


# Signing in


def verify(user: User, code: str) -> Method | None:
    """Which second factor `code` is for this person, used up if it is a recovery code; None if neither."""
    if looks_like_app_code(code):
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            # django-otp refuses a code from a step at or before the last one accepted: no replay.
            if device is not None and device.verify_token("".join(code.split())):
                return Method.TOTP
        return None
    if len(_normalise(code)) != _CODE_CHARS:
        return None
    used = RecoveryCode.objects.filter(user=user, code_hash=_hash(code, b"sr-recovery-code"), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        return None
    record(AuditAction.STAFF_RECOVERY_CODE_USED, actor=actor_of(user), target=f"staff:{user.pk}", left=recovery_codes_left(user))
    return Method.RECOVERY_CODE


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def regenerate_recovery_codes(user: User, *, code: str) -> list[str]:
    """New recovery codes, confirmed with a current app code; the old ones stop working."""
    if not looks_like_app_code(code) or verify(user, code) is not Method.TOTP:
        raise Refused("code", "wrong")
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(AuditAction.STAFF_RECOVERY_CODES_REGENERATED, actor=actor_of(user), target=f"staff:{user.pk}")
    return codes
