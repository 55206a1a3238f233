"""Evidence files on the case page: the advocate adds one on the reporter's behalf, or opens one in the browser."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safereport.accounts.models import User
from safereport.evidence import actions
from safereport.evidence.formats import AUDIO_TYPES, PDF, EvidenceRefused
from safereport.evidence.models import EvidenceFile
from safereport.firewall import referral_files
from safereport.firewall.models import Referral
from safereport.vault import records
from safereport.web.evidence_form import EvidenceForm
from safereport.web.staff.cases import CASEWORK, _case, _case_page
from safereport.web.staff.unlock import staff_required

# The file is shown as itself, never as a page: nothing in it may run, load or be framed.
IMAGE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# Chromium's own PDF viewer is a plugin the document's policy must allow; scripts in PDFs are refused on upload.
PDF_POLICY = "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# A recording opened in its own tab plays in the browser's media page, which needs media-src for itself.
AUDIO_POLICY = (
    "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@require_POST
@staff_required(*CASEWORK)
def add(request, reference):
    report = _case(request, reference)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        key = records.open_with_organisation(report.data_key_id, request.unlocked)
        try:
            actions.add_evidence(report, key, form.content(), user=request.user)
        except EvidenceRefused as refused:
            form.add_error("file", refused.message)
        else:
            messages.success(
                request, _("File added. Its hidden details (such as where and when a photo was taken) were removed.")
            )
            return redirect(f"{reverse('cases:case', args=[reference])}#evidence")
    return _case_page(request, report, refused="evidence_form", form=form)


@never_cache
@staff_required(*CASEWORK)
def show(request, reference, pk):
    """The file inline in the browser, audited as a read of the case; the first opening marks it reviewed."""
    report = _case(request, reference)
    item = EvidenceFile.objects.filter(report=report, pk=pk).select_related("report").first()
    if item is None:
        raise Http404()
    opened = actions.open_for_review(item, request.unlocked, request.user)
    return _inline(opened.content, opened.content_type, opened.filename, request.headers.get("Range", ""))


@never_cache
@staff_required(User.Role.POLICE_LIAISON)
def referral_file(request, pk, number):
    """A file sent with a referral, inline for the force's liaison (their own force's referrals only), audited."""
    item = get_object_or_404(Referral.objects.visible_to(request.user).select_related("report"), pk=pk)
    opened = referral_files.open_file(item, number, request.unlocked, request.user)
    if opened is None:  # withdrawn with its report, taken back by the reporter, or never sent
        raise Http404()
    return _inline(opened.content, opened.content_type, opened.filename, request.headers.get("Range", ""))


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _inline(content: bytes, content_type: str, filename: str, wanted: str = "") -> HttpResponse:
    response = (
        _part(content, content_type, wanted) if content_type in AUDIO_TYPES else HttpResponse(content, content_type=content_type)
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        PDF_POLICY if content_type == PDF else AUDIO_POLICY if content_type in AUDIO_TYPES else IMAGE_POLICY
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _part(content: bytes, content_type: str, wanted: str) -> HttpResponse:
    """The byte range a media player asks for: without one, Chromium cannot find an Ogg recording's length
    (it reads the last page for it) and the advocate could not move through it. Each request is audited."""
    match, size = _RANGE.fullmatch(wanted.strip()), len(content)
    if match is None or not (match[1] or match[2]):
        response = HttpResponse(content, content_type=content_type)
    else:
        start = int(match[1]) if match[1] else max(0, size - int(match[2]))
        end = min(int(match[2]), size - 1) if match[1] and match[2] else size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = HttpResponse(content[start : end + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
