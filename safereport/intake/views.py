"""Reporter pages: choose a language, report in three steps, come back with the codename."""
import json

from django import forms as django_forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safereport.audit.log import record
from safereport.firewall import package_pdf
from safereport.vault.signing import document_bytes
from safereport.firewall.requests import compelled_disclosures_for

from . import actions, reporter_session, throttle
from .forms import STEPS, CodenameForm, ConsentForm, EraseForm, MessageForm
from .models import Report
from .submission import Submission


def choose_language(request):
    return render(request, "intake/choose_language.html", {"languages": settings.LANGUAGES})


def start(request):
    return render(request, "intake/start.html")


def _step_index(request) -> int:
    names = [name for name, _form in STEPS]
    step = request.POST.get("step", names[0])
    return names.index(step) if step in names else 0


def _render_step(request, index, forms, status=200):
    name, _form = STEPS[index]
    hidden = [form for i, form in enumerate(forms) if i != index]
    return render(request, "intake/report_step.html", {
        "form": forms[index], "hidden_forms": hidden, "step": name, "step_number": index + 1, "step_count": len(STEPS),
        "is_last": index == len(STEPS) - 1,
    }, status=status)


def _submission(forms) -> Submission:
    what, wants, contact = (form.cleaned_data for form in forms)
    return Submission(
        crime_type=what["crime_type"], narrative=what["narrative"], language=get_language(),
        occurred_on=what.get("occurred_on"), area=what.get("area") or "",
        wants=set(wants.get("wants") or []), interpreter_language=wants.get("interpreter_language", ""),
        contact={k: contact[k] for k in ("name", "phone", "email") if contact.get(k)},
        consent={"police": {"share_contact": contact["police_share_contact"], "share_narrative": contact["police_share_narrative"]}},
    )


def _prefilled(form_class, data):
    """An unbound form showing what the reporter already typed, without error messages."""
    initial = {}
    for name, field in form_class.base_fields.items():
        values = [v for v in data.getlist(name) if v != ""]
        if values:
            initial[name] = values if isinstance(field, django_forms.MultipleChoiceField) else values[0]
    return form_class(initial=initial)


def _forms_for(index, data):
    return [_prefilled(form, data) if i == index else form(data) for i, (_n, form) in enumerate(STEPS)]


@never_cache
def report(request):
    """Three steps; every earlier answer is carried in the page itself, nothing is stored until the end."""
    if request.method != "POST":
        return _render_step(request, 0, [form() for _name, form in STEPS])
    index = _step_index(request)
    if "back" in request.POST:
        return _render_step(request, max(index - 1, 0), _forms_for(max(index - 1, 0), request.POST))
    bound = [form(request.POST) for _name, form in STEPS]
    for i in range(index + 1):
        if not bound[i].is_valid():
            return _render_step(request, i, bound, status=422)
    if index < len(STEPS) - 1:
        return _render_step(request, index + 1, _forms_for(index + 1, request.POST))
    created, codename = actions.submit_report(_submission(bound))
    return render(request, "intake/confirmation.html", {"report": created, "codename": codename})


@never_cache
def return_with_codename(request):
    form = CodenameForm(request.POST or None)
    if request.method == "POST":
        if throttle.codename_attempts_blocked(request.client_token):
            response = render(request, "intake/return.html", {"form": form, "throttled": True}, status=429)
            response["Retry-After"] = str(throttle.retry_after_seconds())
            return response
        if form.is_valid():
            access = actions.open_with_codename(form.cleaned_data["codename"])
            if access is not None:
                response = redirect("intake:my_report")
                reporter_session.remember(request, response, access)
                return response
            throttle.note_failed_codename(request.client_token)
            form.add_error("codename", _("We could not find a report with that codename. Check each word and try again."))
    return render(request, "intake/return.html", {"form": form})


@never_cache
def my_report(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    message_form = MessageForm(request.POST or None)
    if request.method == "POST" and message_form.is_valid():
        actions.post_reporter_message(access, message_form.cleaned_data["body"])
        return redirect("intake:my_report")
    police = actions.current_consent(access.report, "police")
    refused = request.method == "POST"  # a valid message was sent and redirected above
    return render(request, "intake/my_report.html", {
        "report": access.report, "thread": actions.message_thread(access.report, access.key),
        "compelled_disclosures": compelled_disclosures_for(access.report),
        "message_form": message_form, "erase_form": EraseForm(), "status_label": Report.Status(access.report.status).label,
        "has_receipt": access.report.receipt_sealed is not None,
        "consent_form": ConsentForm(initial={
            "police_share_contact": "yes" if police and police.share_contact else "no",
            "police_share_narrative": "yes" if police and police.share_narrative else "no",
        }),
    }, status=422 if refused else 200)


@require_POST
def change_consent(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = ConsentForm(request.POST)
    if form.is_valid():
        actions.change_consent(access.report, "police", share_contact=form.cleaned_data["police_share_contact"],
                               share_narrative=form.cleaned_data["police_share_narrative"], language=get_language())
    return redirect("intake:my_report")


@require_POST
def erase(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    form = EraseForm(request.POST)
    if not form.is_valid():
        return redirect("intake:my_report")
    actions.erase_report(access.report)
    response = render(request, "intake/erased.html")
    reporter_session.forget(request, response)
    return response


@require_POST
def leave(request):
    response = redirect("intake:start")
    reporter_session.forget(request, response)
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
        record("receipt.downloaded", actor="reporter", target=access.report.reference, format=file_format)
    return access, document


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def receipt_json(request):
    access, document = _receipt_download(request, "json")
    if document is None:
        return redirect("intake:my_report" if access else "intake:return")
    return _attachment(document_bytes(document), "application/json; charset=utf-8", package_pdf.filename(document, "json"))


@never_cache
def receipt_pdf(request):
    access, document = _receipt_download(request, "pdf")
    if document is None:
        return redirect("intake:my_report" if access else "intake:return")
    return _attachment(package_pdf.render_pdf(document, language=get_language()), "application/pdf",
                       package_pdf.filename(document, "pdf"))
