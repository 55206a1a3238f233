"""Keep unlocked secrets for the length of a browser session without storing them in the clear.

The server-side session holds only ciphertext; the key that opens it lives in a cookie
that only the person's browser has. A copy of the session table is therefore useless, and
signing out (which flushes the session) or expiry forgets the secret.
"""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from . import crypto

COOKIE_PREFIX = "sr_k_"


def remember(request: HttpRequest, response: HttpResponseBase, label: str, secret: bytes) -> None:
    cookie_key = crypto.random_key()
    request.session[f"vault:{label}"] = urlsafe_b64encode(crypto.aead_seal(cookie_key, secret, label.encode())).decode()
    response.set_cookie(
        COOKIE_PREFIX + label,
        urlsafe_b64encode(cookie_key).decode(),
        max_age=None,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/",
    )


def recall(request: HttpRequest, label: str) -> bytes | None:
    blob = request.session.get(f"vault:{label}")
    cookie = request.COOKIES.get(COOKIE_PREFIX + label)
    if not blob or not cookie:
        return None
    try:
        return crypto.aead_open(urlsafe_b64decode(cookie), urlsafe_b64decode(blob), label.encode())
    except (crypto.DecryptionFailed, ValueError):
        return None


def forget(request: HttpRequest, response: HttpResponseBase, label: str) -> None:
    request.session.pop(f"vault:{label}", None)
    response.delete_cookie(COOKIE_PREFIX + label, path="/", samesite="Strict")
