"""Forget who is asking: no IP address, user agent or forwarding header survives past here."""
import hashlib
import os

from django.http import HttpRequest

# Rotates with every process start, so a client token cannot be linked to an address later.
_PROCESS_KEY = os.urandom(32)
_IDENTIFYING_HEADERS = ("REMOTE_ADDR", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "REMOTE_HOST")


class ClientRequest(HttpRequest):
    """A request as ForgetClientMiddleware leaves it (for annotations: the middleware adds the attribute)."""

    client_token: str


def client_token(address: str) -> str:
    return hashlib.blake2b(address.encode(), key=_PROCESS_KEY, digest_size=12).hexdigest()


class ForgetClientMiddleware:
    """Rule 8: replace the client's address with a short-lived keyed token used only for rate limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_token = client_token(request.META.get("REMOTE_ADDR", ""))
        for header in _IDENTIFYING_HEADERS:
            request.META.pop(header, None)
        request.META["REMOTE_ADDR"] = "0.0.0.0"
        return self.get_response(request)
