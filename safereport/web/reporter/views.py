"""Reporter pages: choose a language, report in three steps, come back with the codename."""

import json
from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.evidence import actions as evidence_actions
from safereport.evidence.formats import EvidenceRefused
from safereport.firewall import package_pdf, police_updates, referral_files, visit_letter, withdrawn_consent
from safereport.firewall.requests import compelled_disclosures_for
from safereport.intake import actions, throttle
from safereport.intake.models import Report
from safereport.vault.signing import document_bytes
from safereport.visits.actions import visits_of
from safereport.web.downloads import attachment
from safereport.web.evidence_form import EvidenceForm

from . import police_preview, police_progress, report_form
from . import session as reporter_session
from .forms import CodenameForm, ConsentForm, CrimeReferenceChoiceForm, EraseForm, FileConsentForm, MessageForm

CONSENT_SAVED = "reporter:consent_saved"
ERASURE_CANCELLED = "reporter:erasure_cancelled"
EVIDENCE_SAVED = "reporter:evidence_saved"


def choose_language(request):
    return render(request, "intake/choose_language.html", {"languages": settings.LANGUAGES})


def start(request):
    return render(request, "intake/start.html")


@never_cache
def report(request):
    """Three steps; what was typed is kept sealed on the server between them, and every post ends in a redirect."""
    return report_form.receive(request) if request.method == "POST" else report_form.show(request)


@never_cache
def report_sent(request):
    return report_form.sent(request)


@never_cache
def return_with_codename(request):
    form = CodenameForm(request.POST or None)
    if request.method == "POST":
        # The right codename always opens the report, however many wrong ones were tried from this address: someone
        # sharing the reporter's network (an abuser on the home Wi-Fi) must not be able to keep them out by guessing.
        access = actions.open_with_codename(form.cleaned_data["codename"]) if form.is_valid() else None
        if access is not None:
            opened = redirect("intake:my_report")
            reporter_session.remember(request, opened, access)
            return opened
        if wait := throttle.codename_wait_seconds(request.client_token):
            # An empty form: a near-miss codename is never written back into the page (see below).
            response = render(request, "intake/return.html", {"form": CodenameForm(), "throttled": True}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            throttle.note_failed_codename(request.client_token)
            form.add_error("codename", _("We could not find a report with that codename. Check each word and try again."))
    return render(request, "intake/return.html", {"form": _without_typed_codename(form)})


def _without_typed_codename(form: CodenameForm) -> CodenameForm:
    """The refused form with its errors but an empty field: a near-miss codename is never written back into the
    page, where someone looking at this phone later (the page, or its copy in the browser's history) could read it."""
    if form.is_bound:
        form.errors  # noqa: B018 (validated on what was typed, before the field is emptied)
        form.data = {**dict(form.data.items()), "codename": ""}
    return form


@never_cache
def my_report(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    message_form = MessageForm(request.POST or None)
    if request.method == "POST" and message_form.is_valid():
        actions.post_reporter_message(access, message_form.cleaned_data["body"])
        return redirect("intake:my_report")
    # A valid message was sent and redirected above.
    return _my_report_page(request, access, message_form=message_form, refused=request.method == "POST")


def _my_report_page(request, access, *, message_form=None, evidence_form=None, refused=False):
    message_form = message_form or MessageForm()
    police = actions.current_consent(access.report, "police")
    show_crime_reference = actions.crime_reference_shown(access)
    where = police_updates.for_reporter(access.report, access.key, show_crime_reference=show_crime_reference)
    return render(
        request,
        "intake/my_report.html",
        {
            "report": access.report,
            "thread": actions.message_thread(access.report, access.key),
            "compelled_disclosures": compelled_disclosures_for(access.report),
            "message_form": message_form,
            "evidence": _files_with_consent(access),
            "evidence_form": evidence_form or EvidenceForm(),
            "evidence_saved": request.session.pop(EVIDENCE_SAVED, None),
            "removal_wait_days": evidence_actions.cooling_off_days(),
            "erase_form": EraseForm(),
            # The day an erasure asked for today would be carried out, said before the reporter asks.
            "erasure_would_be_due_on": coarse_time.today().date() + timedelta(days=actions.cooling_off_days()),
            "erasure_cancelled": request.session.pop(ERASURE_CANCELLED, False),
            "status_label": Report.Status(access.report.status).label,
            "status_words": police_progress.REPORT_STATUS.get(Report.Status(access.report.status)),
            "where_it_went": [police_progress.in_plain_words(item) for item in where],
            "show_crime_reference": show_crime_reference,
            "crime_reference_form": CrimeReferenceChoiceForm(
                initial={"show_crime_reference": "yes" if show_crime_reference else "no"}
            ),
            "has_receipt": access.report.receipt_sealed is not None,
            "visits": visits_of(access.report, access.key),
            "consent_saved": request.session.pop(CONSENT_SAVED, None),
            "withheld_saved": request.session.pop(police_preview.SAVED, None),
            "consent_form": ConsentForm(
                initial={
                    "police_share_contact": "yes" if police and police.share_contact else "no",
                    "police_share_narrative": "yes" if police and police.share_narrative else "no",
                }
            ),
        },
        status=422 if refused else 200,
    )


@require_POST
def add_evidence(request):
    """A photo or document from the codename page: a plain multipart form, no JavaScript needed."""
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_actions.add_evidence(access.report, access.key, form.content())
        except EvidenceRefused as refused:
            form.add_error("file", refused.message)
        else:
            request.session[EVIDENCE_SAVED] = "added"
            return redirect(f"{reverse('intake:my_report')}#evidence")
    return _my_report_page(request, access, evidence_form=form, refused=True)


def _files_with_consent(access):
    items = evidence_actions.files_of(access.report)
    for item in items:
        item.police_may_see = evidence_actions.shared_with_police(item, access.key)  # type: ignore[attr-defined]
    return items


@require_POST
def evidence_consent(request, pk):
    """The reporter's choice for one file: may the police see it? A plain form with a checkbox, no JavaScript."""
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = FileConsentForm(request.POST)
    form.is_valid()  # a checkbox cannot be wrong: absent or anything but a false value is its answer
    if referral_files.set_file_consent(access, pk, bool(form.cleaned_data.get("share_with_police"))) is None:
        raise Http404()
    request.session[EVIDENCE_SAVED] = "consent"
    return redirect(f"{reverse('intake:my_report')}#evidence")


@require_POST
def remove_evidence(request, pk):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    if referral_files.request_file_removal(access, pk) is None:
        raise Http404()
    request.session[EVIDENCE_SAVED] = "removal_requested"
    return redirect(f"{reverse('intake:my_report')}#evidence")


@require_POST
def keep_evidence(request, pk):
    """Keep a file whose removal was asked for (by the reporter, or by someone else with their codename)."""
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    if not referral_files.keep_file(access, pk):
        raise Http404()
    request.session[EVIDENCE_SAVED] = "kept"
    return redirect(f"{reverse('intake:my_report')}#evidence")


@require_POST
def change_consent(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = ConsentForm(request.POST)
    if form.is_valid():
        change = withdrawn_consent.change_consent(
            access.report,
            "police",
            share_contact=form.cleaned_data["police_share_contact"],
            share_narrative=form.cleaned_data["police_share_narrative"],
            language=get_language(),
        )
        # Shown once on the next page: what was taken back, never anything the reporter wrote.
        request.session[CONSENT_SAVED] = {"withdrawn": list(change.withdrawn), "police_told": bool(change.forces_told)}
    return redirect("intake:my_report")


@require_POST
def crime_reference_choice(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = CrimeReferenceChoiceForm(request.POST)
    if form.is_valid():
        actions.choose_crime_reference_shown(access, form.cleaned_data["show_crime_reference"])
    return redirect("intake:my_report")


@require_POST
def erase(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = EraseForm(request.POST)
    if not form.is_valid():
        return redirect("intake:my_report")
    due = actions.request_erasure(access.report)
    # Off this device at once (whoever picks up the phone next finds nothing open); the codename still works
    # until the due day, to cancel.
    response = render(request, "intake/erased.html", {"due_on": due})
    reporter_session.forget(request, response)
    return response


@require_POST
def cancel_erasure(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    try:
        actions.cancel_erasure(access.report)
    except actions.ErasureRefused:
        pass  # nothing pending: the page shows the report as it is
    else:
        request.session[ERASURE_CANCELLED] = True
    return redirect("intake:my_report")


@require_POST
def leave(request):
    response = redirect("intake:start")
    reporter_session.forget(request, response)
    # As quick exit does: a form post kept in the browser's history (a codename typed on the return page) cannot
    # be sent again from it once the reporter has left, since its CSRF token no longer matches.
    response.delete_cookie(settings.CSRF_COOKIE_NAME, path=settings.CSRF_COOKIE_PATH, samesite="Strict")
    return response


def _receipt(request):
    """The signed receipt, opened with the reporter's own key; None before staff have received the report."""
    access = reporter_session.current(request)
    if access is None or access.report.receipt_sealed is None:
        return access, None
    return access, json.loads(access.cipher.open("receipt", access.report.receipt_sealed))


def _receipt_download(request, file_format):
    access, document = _receipt(request)
    if document is not None:
        record(AuditAction.RECEIPT_DOWNLOADED, actor="reporter", target=access.report.reference, format=file_format)
    return access, document


@never_cache
def receipt_json(request):
    access, document = _receipt_download(request, "json")
    if document is None:
        return redirect("intake:my_report" if access else "intake:return")
    return attachment(document_bytes(document), "application/json; charset=utf-8", package_pdf.filename(document, "json"))


@never_cache
def receipt_pdf(request):
    access, document = _receipt_download(request, "pdf")
    if document is None:
        return redirect("intake:my_report" if access else "intake:return")
    return attachment(
        package_pdf.render_pdf(document, language=get_language()), "application/pdf", package_pdf.filename(document, "pdf")
    )


@require_POST
def visit_letter_download(request, pk):
    """The assurance letter, only on a press of its button: never a link a phone could prefetch or reopen from history."""
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    visit = get_object_or_404(access.report.visits.select_related("report"), pk=pk)
    made = visit_letter.letter_pdf(visit, access.key, actor="reporter")
    if made is None:
        raise Http404()
    pdf, filename = made
    return attachment(pdf, "application/pdf", filename)
