"""No page of any face may be kept by a browser or a proxy: each can show what someone told us."""
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every dynamic answer — reporter pages, the API, staff pages, error pages — is `no-store`.

    A shared phone's Back button or history, or a caching proxy, must not hold a narrative, a
    case or a referral. Static assets are answered by WhiteNoise before this runs, so they stay
    cacheable (they carry nothing about anyone).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
