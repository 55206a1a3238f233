"""Rate limits on codename guesses, kept only in memory and keyed by a short-lived client token."""
import time

from django.core.cache import cache

# A codename carries over 90 bits, so these limits are a second line, not the defence: generous
# enough that a reporter (or a shared address: a refuge, a library) mistyping is never locked out,
# tight enough that guessing stays hopeless (50 guesses per 15 minutes against 2^90).
PER_CLIENT = 50  # failed codename attempts per client per window
OVERALL = 2000  # failed attempts across everyone per window: a brake on distributed guessing
WINDOW_SECONDS = 15 * 60


def _keys(token: str) -> tuple[str, str]:
    window = int(time.time() // WINDOW_SECONDS)
    return f"codename-fail:{window}:{token}", f"codename-fail:{window}:all"


def codename_attempts_blocked(token: str) -> bool:
    client, overall = _keys(token)
    return cache.get(client, 0) >= PER_CLIENT or cache.get(overall, 0) >= OVERALL


def note_failed_codename(token: str) -> None:
    for key in _keys(token):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)


def retry_after_seconds() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
