"""Slow down password guessing against staff accounts, in memory only (no addresses are kept)."""
import hashlib
import time

from django.core.cache import cache

PER_ACCOUNT = 8  # failures per account per window, from anywhere
PER_CLIENT = 20  # failures per client token per window, across accounts
WINDOW_SECONDS = 15 * 60


def _keys(token: str, email: str) -> tuple[str, str]:
    window = int(time.time() // WINDOW_SECONDS)
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"signin-fail:{window}:acct:{account}", f"signin-fail:{window}:client:{token}"


def blocked(token: str, email: str) -> bool:
    account, client = _keys(token, email)
    return cache.get(account, 0) >= PER_ACCOUNT or cache.get(client, 0) >= PER_CLIENT


def note_failure(token: str, email: str) -> None:
    for key in _keys(token, email):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW_SECONDS)
