"""Quick exit: end the reporter's visit on the server, then send the browser to an ordinary, innocuous site."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from safereport.vault import visit_seal

from . import session as reporter_session


# A plain link (GET) works with JavaScript off and from the error pages, which carry no CSRF token. Exempt
# from the CSRF check: its only effect is to forget this browser's visit, and refusing it would trap the person
# on the page; a request from another site carries none of the SameSite=Strict cookies it could forget.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def leave_now(request):
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    visit_seal.end_visit(request, response)  # the report form's draft and any codename not yet shown
    reporter_session.forget(request, response)  # an opened report, then the whole session, server side
    response.delete_cookie(
        settings.CSRF_COOKIE_NAME, path=settings.CSRF_COOKIE_PATH, samesite="Strict"
    )  # settings.CSRF_COOKIE_SAMESITE
    return response
