"""No page of any face may be kept by a browser or a proxy: each can show what someone told us."""

from django.utils.cache import patch_cache_control


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
            # Not Django's add_never_cache_headers: its Expires carries the second of the answer, so two
            # answers that must be identical (an erased and an unknown codename) would differ by it.
            patch_cache_control(response, no_store=True, no_cache=True, must_revalidate=True, private=True, max_age=0)
        return response
