"""Second-factor guessing: slowed per account and client, never a lockout that keeps the owner out.

Only someone who has just given the account's password reaches the code step, so every count here is a count of
guesses by someone who knows the password (or by the owner mistyping). As for passwords (sign_in_throttle):

- per account and client, 5 wrong codes per 15 minutes;
- per account, a brake that only delays: after 10 wrong codes in an hour from browsers without the account's
  device cookie, their codes are spaced 5 minutes apart (all such browsers together). Each guess matches one of
  three codes (one step of clock skew either side) out of a million, so a guesser with any number of addresses
  needs well over a year for an even chance, with every wrong code in the audit log;
- a browser that has completed a sign-in to the account before holds its device cookie (set only after the
  second factor, see web/staff/accounts.py) and is counted on its own, 10 per 15 minutes: nobody else's guessing
  ever slows the owner's usual browser.

django-otp's own per-device throttle is off (settings.OTP_TOTP_THROTTLE_FACTOR): it would let anyone with the
password lock the owner out.
"""

from __future__ import annotations

from safereport.ratelimit import counters
from safereport.ratelimit.counters import Limit

from .sign_in_throttle import Attempt

PER_ACCOUNT_AND_CLIENT = Limit("second-factor:account+client", failures=5, seconds=15 * 60)
ACCOUNT_BRAKE = Limit("second-factor:account", failures=10, seconds=60 * 60)
ACCOUNT_SPACING = Limit("second-factor:account-spacing", failures=1, seconds=5 * 60)
PER_ACCOUNT_AND_DEVICE = Limit("second-factor:account+device", failures=10, seconds=15 * 60)


def wait_seconds(attempt: Attempt) -> int:
    """0 if a code may be tried now; otherwise how long until one may."""
    if attempt.device:
        return counters.wait_seconds(PER_ACCOUNT_AND_DEVICE.on(attempt.email, attempt.device))
    own = PER_ACCOUNT_AND_CLIENT.on(attempt.email, attempt.client)
    brake, spacing = ACCOUNT_BRAKE.on(attempt.email), ACCOUNT_SPACING.on(attempt.email)
    reading = counters.Reading(own, brake, spacing)
    return reading.wait_seconds(own) or (reading.wait_seconds(spacing) if reading.reached(brake) else 0)


def note_failure(attempt: Attempt) -> None:
    if attempt.device:
        counters.note_failure(PER_ACCOUNT_AND_DEVICE.on(attempt.email, attempt.device))
        return
    counters.note_failure(
        PER_ACCOUNT_AND_CLIENT.on(attempt.email, attempt.client),
        ACCOUNT_BRAKE.on(attempt.email),
        ACCOUNT_SPACING.on(attempt.email),
    )
