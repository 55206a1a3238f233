"""Secrets of one reporter visit, kept for minutes in the server session, sealed under a key only the browser's cookie holds.

Unlike `session_keys`, one key serves the whole visit and is reused from the cookie, so two
requests racing from the same browser (a double tap on "Send") seal under the same key and
neither leaves the other's value unreadable. Each value carries its own deadline inside the
ciphertext: a copy of the session table shows neither what was kept nor until when, and
every cookie stays a browser-session cookie (no Max-Age, nothing left on the phone).
"""

from __future__ import annotations

import struct
import time
from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from . import crypto

COOKIE = "sr_visit"
_PREFIX = "visit:"
_DEADLINE = struct.Struct(">Q")


def _cookie_key(request: HttpRequest) -> bytes | None:
    raw = request.COOKIES.get(COOKIE, "")
    try:
        key = urlsafe_b64decode(raw)
    except ValueError:
        return None
    return key if len(key) == crypto.KEY_BYTES else None


def _key_for(request: HttpRequest, response: HttpResponseBase) -> bytes:
    """The visit's key: the browser's own if it has one, else a new one sent to it in a session cookie."""
    key = getattr(request, "_visit_key", None) or _cookie_key(request)
    if key is None:
        key = crypto.random_key()
        response.set_cookie(
            COOKIE,
            urlsafe_b64encode(key).decode(),
            max_age=None,
            httponly=True,
            samesite="Strict",
            secure=settings.SESSION_COOKIE_SECURE,
            path="/",
        )
    vars(request)["_visit_key"] = key  # the same key for every seal of this request
    return key


def seal(request: HttpRequest, response: HttpResponseBase, label: str, value: bytes, *, lifetime: int) -> None:
    """Keep `value` under `label` for `lifetime` seconds; padded, so its length says little of what was typed."""
    plaintext = _DEADLINE.pack(int(time.time()) + lifetime) + value
    blob = crypto.aead_seal(_key_for(request, response), crypto.pad(plaintext), label.encode())
    request.session[_PREFIX + label] = urlsafe_b64encode(blob).decode()


def open_sealed(request: HttpRequest, label: str) -> bytes | None:
    """The value kept under `label`, or None when there is none, it has expired, or this browser cannot open it."""
    blob = request.session.get(_PREFIX + label)
    key = getattr(request, "_visit_key", None) or _cookie_key(request)
    if not blob or key is None:
        return None
    try:
        plaintext = crypto.unpad(crypto.aead_open(key, urlsafe_b64decode(blob), label.encode()))
    except (crypto.DecryptionFailed, ValueError):
        return None
    (deadline,) = _DEADLINE.unpack_from(plaintext)
    if time.time() >= deadline:
        request.session.pop(_PREFIX + label, None)  # expired: gone from the server too, not just unreadable
        return None
    return plaintext[_DEADLINE.size :]


def forget(request: HttpRequest, label: str) -> None:
    request.session.pop(_PREFIX + label, None)


def end_visit(request: HttpRequest, response: HttpResponseBase) -> None:
    """Forget every value of this visit and the browser's key to them."""
    for name in [name for name in request.session.keys() if name.startswith(_PREFIX)]:
        request.session.pop(name, None)
    vars(request)["_visit_key"] = None
    response.delete_cookie(COOKIE, path="/", samesite="Strict")
