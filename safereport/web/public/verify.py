"""The public "check a document" page: anyone handed a SafeReport package or receipt checks who signed it.

No sign-in and nothing stored: the file is read in memory (never a temporary file), checked by the
firewall's `document_check`, shown, and forgotten. No session, no audit entry, no log of what it held.
"""

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from safereport.firewall import document_check
from safereport.firewall.court_orders import InMemoryOnlyUploadHandler

TEMPLATE = "public/verify.html"


class KeptInMemory(InMemoryOnlyUploadHandler):
    limit = document_check.MAX_BYTES


def _submitted(request) -> bytes:
    """The uploaded file, or else the pasted text; Unreadable when neither was given or the file is too large."""
    upload = request.FILES.get("document")
    if upload is not None:
        content = upload.read()
        if upload.size > document_check.MAX_BYTES or len(content) != upload.size:
            raise document_check.Unreadable(document_check.too_large())  # the handler kept no more than the limit
        if content:
            return content
    pasted = request.POST.get("pasted", "")
    if pasted.strip():
        return pasted.encode("utf-8", "surrogatepass")
    raise document_check.Unreadable(_("Choose the file you were given (.json or .pdf), or paste the signed document."))


# Checking changes nothing and stores nothing, so there is nothing for a forged cross-site request to do;
# without a CSRF token the page sets no cookie on the device of whoever checks a document.
@csrf_exempt
@never_cache
def verify_document(request):
    if request.method != "POST":
        return render(request, TEMPLATE, {"limit": document_check.MAX_BYTES // (1024 * 1024)})
    request.upload_handlers = [KeptInMemory(request)]
    context: dict = {"limit": document_check.MAX_BYTES // (1024 * 1024), "checked_now": True}
    try:
        checked = document_check.check(_submitted(request))
    except RequestDataTooBig:
        context["problem"] = document_check.too_large()
        return render(request, TEMPLATE, context, status=413)
    except document_check.Unreadable as unreadable:
        context["problem"], context["pasted"] = str(unreadable), request.POST.get("pasted", "")
        return render(request, TEMPLATE, context, status=422)
    context["checked"], context["pasted"] = checked, request.POST.get("pasted", "")
    if checked.ok:
        context["facts"] = document_check.facts(checked.verification.payload)
    return render(request, TEMPLATE, context)
