"""Forget who is asking: no IP address, user agent or forwarding header survives past here."""

from django.http import HttpRequest

from safereport.ratelimit.clients import client_token

_IDENTIFYING_HEADERS = (
    "REMOTE_ADDR",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "REMOTE_HOST",
)


class ClientRequest(HttpRequest):
    """A request as ForgetClientMiddleware leaves it (for annotations: the middleware adds the attribute)."""

    client_token: str


class ForgetClientMiddleware:
    """Rule 8: replace the client's address with an hourly keyed token (ratelimit.clients) used only for rate limits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_token = client_token(request.META)
        for header in _IDENTIFYING_HEADERS:
            request.META.pop(header, None)
        request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 (a placeholder address, not a bind)
        return self.get_response(request)
