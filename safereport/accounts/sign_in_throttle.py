"""Staff password guessing: slowed per account and client, never a lockout that keeps the owner out.

Counted over the shared limiter (safereport.ratelimit), always under the normalised email (accounts.emails):

- per account and client, 10 failures per 15 minutes: a guesser elsewhere never touches the owner's count;
- per client across accounts, 30 per 15 minutes: one address trying many accounts;
- per account, a brake that only delays: after 20 failures in an hour from browsers without the account's
  device cookie, their attempts on it are spaced 30 seconds apart (all such browsers together), which caps a
  guesser with any number of addresses at two guesses a minute;
- a browser that has signed in to the account before holds a signed device cookie for it (HttpOnly, 90 days,
  a random id and nothing else) and is counted on its own, 10 per 15 minutes, instead of by address and past
  the brake: the owner's usual browser is never slowed by anyone else's guessing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

from safereport.ratelimit import counters
from safereport.ratelimit.counters import Limit

PER_ACCOUNT_AND_CLIENT = Limit("sign-in:account+client", failures=10, seconds=15 * 60)
PER_CLIENT = Limit("sign-in:client", failures=30, seconds=15 * 60)
ACCOUNT_BRAKE = Limit("sign-in:account", failures=20, seconds=60 * 60)
ACCOUNT_SPACING = Limit("sign-in:account-spacing", failures=1, seconds=30)
PER_ACCOUNT_AND_DEVICE = Limit("sign-in:account+device", failures=10, seconds=15 * 60)

DEVICE_COOKIE_DAYS = 90


@dataclass(frozen=True)
class Attempt:
    email: str  # normalised
    client: str  # request.client_token: a digest, never the address
    device: str | None  # the id in a valid device cookie for this account, if the browser sent one


def _tag(email: str) -> str:
    # The cookie's name and signature are tied to the account without naming it on the device.
    return salted_hmac("safereport.sign-in-device", email).hexdigest()[:16]


def _cookie_name(email: str) -> str:
    return f"sr_device_{_tag(email)}"


def _device(request, email: str) -> str | None:
    value = request.COOKIES.get(_cookie_name(email))
    if not value:
        return None
    try:
        return signing.loads(value, salt=f"safereport.sign-in-device:{_tag(email)}", max_age=DEVICE_COOKIE_DAYS * 86400)
    except signing.BadSignature:
        return None


def attempt(request, email: str) -> Attempt:
    return Attempt(email, request.client_token, _device(request, email))


def wait_seconds(attempt: Attempt) -> int:
    """0 if this attempt may be tried now; otherwise how long until it may."""
    if attempt.device:
        return counters.wait_seconds(PER_ACCOUNT_AND_DEVICE.on(attempt.email, attempt.device))
    own = (PER_ACCOUNT_AND_CLIENT.on(attempt.email, attempt.client), PER_CLIENT.on(attempt.client))
    brake, spacing = ACCOUNT_BRAKE.on(attempt.email), ACCOUNT_SPACING.on(attempt.email)
    reading = counters.Reading(*own, brake, spacing)
    return reading.wait_seconds(*own) or (reading.wait_seconds(spacing) if reading.reached(brake) else 0)


def note_failure(attempt: Attempt) -> None:
    if attempt.device:
        counters.note_failure(PER_ACCOUNT_AND_DEVICE.on(attempt.email, attempt.device))
        return
    counters.note_failure(
        PER_ACCOUNT_AND_CLIENT.on(attempt.email, attempt.client),
        PER_CLIENT.on(attempt.client),
        ACCOUNT_BRAKE.on(attempt.email),
        ACCOUNT_SPACING.on(attempt.email),
    )


def remember_device(attempt: Attempt, response) -> None:
    """After a correct password: this browser is the account's own from now on (renewed at each sign-in)."""
    device = attempt.device or secrets.token_urlsafe(16)
    response.set_cookie(
        _cookie_name(attempt.email),
        signing.dumps(device, salt=f"safereport.sign-in-device:{_tag(attempt.email)}"),
        max_age=DEVICE_COOKIE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Strict",
    )
