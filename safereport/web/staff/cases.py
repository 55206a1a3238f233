"""Advocates' queue and case page; the police liaison's referrals."""

from dataclasses import dataclass
from datetime import date
from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safereport import coarse_time
from safereport.accounts.checks import MIN_UNLOCKERS
from safereport.accounts.models import Organisation, User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.cases import actions
from safereport.cases.assignment import caseworkers
from safereport.cases.immigration_advice import NOTES_MAX_CHARS as IMMIGRATION_NOTES_MAX_CHARS
from safereport.cases.queue import due_on, is_awaiting_first_read, is_overdue, triage_queue
from safereport.evidence import actions as evidence_actions
from safereport.firewall import package_pdf, police_updates, receipts
from safereport.firewall import referrals as police_referrals
from safereport.firewall.disclosure import outbound_for_police
from safereport.firewall.models import Referral
from safereport.firewall.requests import compelled_disclosures_for
from safereport.firewall.review import Decisions
from safereport.intake import actions as intake_actions
from safereport.intake.models import ErasedReport, Report
from safereport.risk import actions as risk_actions
from safereport.risk import queue as risk_queue
from safereport.services import referrals as service_referrals
from safereport.text_input import TextOnlyForm
from safereport.vault import records
from safereport.vault.keyring import people_who_can_unlock
from safereport.vault.signing import document_bytes
from safereport.web.downloads import attachment
from safereport.web.evidence_form import EvidenceForm
from safereport.web.staff import police, visits
from safereport.web.staff.pagination import CappedPaginator
from safereport.web.staff.queue_form import QueueForm
from safereport.web.staff.service_forms import ServiceReferralForm
from safereport.web.staff.timeline import case_timeline
from safereport.web.staff.unlock import staff_required

CASEWORK = (User.Role.ADVOCATE, User.Role.SUPERVISOR)


class TextForm(TextOnlyForm):
    body = forms.CharField(label=gettext_lazy("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ImmigrationAdviceForm(TextOnlyForm):
    # Every case's notes are sealed at one fixed size, so a longer text cannot be kept.
    body = forms.CharField(
        label=gettext_lazy("Immigration advice notes"),
        max_length=IMMIGRATION_NOTES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": format_lazy(
                gettext_lazy("Write immigration advice notes of at most {limit} characters; nothing was saved."),
                limit=f"{IMMIGRATION_NOTES_MAX_CHARS:,}",
            )
        },
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Report.Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assigned to"), queryset=User.objects.none(), required=False, empty_label=gettext_lazy("Nobody")
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = caseworkers(organisation_id)


class CancelErasureForm(forms.Form):
    spoke_with_reporter = forms.BooleanField(
        label=gettext_lazy("I have spoken with the reporter and they want to keep their report"),
        error_messages={
            "required": gettext_lazy(
                "Tick the box to confirm that you have spoken with the reporter and that they want to keep their "
                "report; the erasure was not cancelled."
            )
        },
    )


class ReferralForm(forms.Form):
    police = forms.ModelChoiceField(label=gettext_lazy("Police force"), queryset=Organisation.objects.filter(kind="police"))


class RiskFilterForm(forms.Form):
    risk = forms.ChoiceField(
        label=gettext_lazy("Risk"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            ("high", gettext_lazy("High")),
            ("medium", gettext_lazy("Medium")),
            ("standard", gettext_lazy("Standard")),
            (risk_queue.NOT_ASSESSED, gettext_lazy("Not assessed")),
        ],
    )


QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueRow:
    report: Report
    due: date
    overdue: bool
    awaiting_first_read: bool
    in_my_languages: bool


@staff_required(*CASEWORK)
def queue(request):
    """The triage queue: filters from the URL; a bad value shows the form with the field named (400)."""
    form, risk_filter = QueueForm(request.GET, user=request.user), RiskFilterForm(request.GET)
    unlockers = people_who_can_unlock(request.user.organisation) if request.user.is_supervisor else None
    context: dict[str, object] = {
        "form": form,
        "risk_filter": risk_filter,
        "page": None,
        "rows": [],
        "unlockers": unlockers,
        "min_unlockers": MIN_UNLOCKERS,
    }
    if not (form.is_valid() & risk_filter.is_valid()):  # both, so each names its own bad fields
        return render(request, "cases/queue.html", context, status=400)
    today = coarse_time.today().date()
    reports = risk_queue.with_current_risk(triage_queue(request.user, form.filters(), today))
    if risk_filter.cleaned_data["risk"]:
        reports = risk_queue.filter_by_risk(reports, risk_filter.cleaned_data["risk"])
    page = CappedPaginator(risk_queue.high_risk_first(reports), QUEUE_PAGE_SIZE).get_page(form.cleaned_data["page"])
    mine = set(request.user.languages or [])
    context["rows"] = [
        QueueRow(
            report,
            due_on(report),
            is_overdue(report, today),
            is_awaiting_first_read(report),
            report.language in mine,
        )
        for report in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=page, query=query.urlencode())
    return render(request, "cases/queue.html", context)


def _case(request, reference):
    return get_object_or_404(Report.objects.visible_to(request.user), reference=reference)


@staff_required(*CASEWORK)
def case(request, reference):
    report = Report.objects.visible_to(request.user).filter(reference=reference).first()
    if report is None:
        # A case its reporter erased: this organisation's staff are told so (410), instead of a missing page.
        erased = get_object_or_404(ErasedReport.objects.visible_to(request.user), reference=reference)
        return render(request, "cases/erased.html", {"erased": erased}, status=410)
    return _case_page(request, report)


@require_POST
@staff_required(*CASEWORK)
def cancel_erasure(request, reference):
    """The advocate cancels the reporter's erasure request, having spoken with them: confirmed, audited."""
    report = _case(request, reference)
    form = CancelErasureForm(request.POST)
    if not form.is_valid():
        return _case_page(request, report, refused="erasure_form", form=form)
    try:
        intake_actions.cancel_erasure(report, request.user, spoke_with_reporter=True)
    except intake_actions.ErasureRefused:
        messages.error(request, _("This erasure can no longer be cancelled: it is not pending, or its day has come."))
    else:
        messages.success(request, _("The erasure is cancelled. The report stays, and the reporter's codename keeps working."))
    return redirect("cases:case", reference=reference)


def _case_page(request, report, *, refused: str = "", form=None, answering=None):
    """The case page; after refused input, with that form's text kept and its error shown (422).

    `answering` is (contact request id, its refused answer form)."""
    view = actions.open_case(report, request.unlocked, request.user)
    receipts.issue_receipt(report, request.unlocked, request.user)  # the organisation now has the report
    referrals = police.police_on_case(report, request.unlocked, request.user)
    compelled = compelled_disclosures_for(report, include_withheld=True)
    risk = risk_actions.history(report)
    services = service_referrals.referrals_for(report, request.unlocked, request.user)
    supported_visits = visits.visits_on_case(report, request.unlocked, request.user)
    text_forms = {
        "reply_form": TextForm(),
        "note_form": TextForm(),
        "immigration_form": ImmigrationAdviceForm(),
        "service_referral_form": ServiceReferralForm(user=request.user),
        "erasure_form": CancelErasureForm(),
        "evidence_form": EvidenceForm(),
    }
    if refused:
        text_forms[refused] = form
    answer_forms = dict([answering]) if answering else {}
    for item in referrals:
        # A request for contact not yet answered carries its answer form.
        item["updates"] = [
            (
                shown,
                answer_forms.get(shown.update.pk) or police.ContactAnswerForm()
                if shown.kind == "contact_request" and not hasattr(shown.update, "answer")
                else None,
            )
            for shown in item["updates"]
        ]
    return render(
        request,
        "cases/case.html",
        {
            "case": view,
            "report": report,
            **text_forms,
            "status_form": StatusForm(initial={"status": report.status}),
            "assign_form": AssignForm(initial={"assignee": report.assigned_to_id}, organisation_id=report.organisation_id),
            "referral_form": ReferralForm(),
            "referrals": referrals,
            "service_referrals": services,
            "compelled_disclosures": compelled,
            "timeline": case_timeline(view, referrals, compelled, risk, services, supported_visits),
            "immigration_notes_max": IMMIGRATION_NOTES_MAX_CHARS,
            "immigration_notes_limit": f"{IMMIGRATION_NOTES_MAX_CHARS:,}",
            # What the police would receive of the narrative now, with every mark the advocate must settle.
            "police_preview": outbound_for_police(report, request.unlocked),
            "risk": risk,
            # Each file with whether a referral made now would carry it, and why not.
            "evidence": evidence_actions.with_police_status(
                report, records.open_with_organisation(report.data_key_id, request.unlocked)
            ),
        },
        status=422 if refused or answering else 200,
    )


def _save_text(request, reference, form_class, form_name: str, action, done: str):
    """One sealed text from the case page: saved through its action, or the page again with the text kept (422)."""
    report, form = _case(request, reference), form_class(request.POST)
    if not form.is_valid():
        return _case_page(request, report, refused=form_name, form=form)
    action(report, form.cleaned_data["body"], request.unlocked, request.user)
    messages.success(request, done)
    return redirect("cases:case", reference=reference)


@require_POST
@staff_required(*CASEWORK)
def reply(request, reference):
    return _save_text(
        request,
        reference,
        TextForm,
        "reply_form",
        actions.reply_to_reporter,
        _("Reply sent. The reporter sees it when they come back with their codename."),
    )


@require_POST
@staff_required(*CASEWORK)
def note(request, reference):
    return _save_text(request, reference, TextForm, "note_form", actions.add_note, _("Note saved."))


def refuse_unless_adviser(request) -> None:
    """404 for anyone who is not an immigration adviser: the same answer whatever the case holds, so it says nothing
    of it. The refusal is recorded against the person, never the case (a case-named entry would mark the case)."""
    if not request.user.is_immigration_adviser:
        record(AuditAction.IMMIGRATION_ACCESS_REFUSED, actor=actor_of(request.user), target=actor_of(request.user))
        raise Http404()


@require_POST
@staff_required(*CASEWORK)
def immigration_advice(request, reference):
    refuse_unless_adviser(request)
    return _save_text(
        request,
        reference,
        ImmigrationAdviceForm,
        "immigration_form",
        actions.save_immigration_advice,
        _("Immigration advice entry saved. It never leaves this organisation."),
    )


@require_POST
@staff_required(*CASEWORK)
def status(request, reference):
    report, form = _case(request, reference), StatusForm(request.POST)
    if form.is_valid():
        actions.change_status(report, form.cleaned_data["status"], request.user)
        messages.success(request, _("Status changed."))
    return redirect("cases:case", reference=reference)


@require_POST
@staff_required(*CASEWORK)
def refer(request, reference):
    report, form = _case(request, reference), ReferralForm(request.POST)
    if form.is_valid():
        shown = outbound_for_police(report, request.unlocked)
        decisions = Decisions.from_form(request.POST, len(shown.marks)) if shown else None
        try:
            police_referrals.refer_to_police(
                report, form.cleaned_data["police"], request.unlocked, request.user, decisions=decisions
            )
        except police_referrals.ReferralRefused as refused:
            messages.error(request, _("The firewall refused this referral: %(reason)s.") % {"reason": refused})
        else:
            messages.success(request, _("Referral sent to %(force)s.") % {"force": form.cleaned_data["police"].name})
    return redirect("cases:case", reference=reference)


@require_POST
@staff_required(*CASEWORK)
def answer_contact(request, reference, pk):
    """The advocate answers a force's request for contact; refused text comes back kept, with its error."""
    report = _case(request, reference)
    asked = police_updates.open_contact_request(report, pk)
    if asked is None:
        raise Http404
    form = police.ContactAnswerForm(request.POST)
    if form.is_valid():
        try:
            police_updates.answer_contact_request(
                asked, request.unlocked, request.user, form.cleaned_data["body"], language=get_language()
            )
        except police_updates.UpdateInvalid as invalid:
            form.add_error("body", " ".join(invalid.errors.values()))
        except police_updates.UpdateRefused as refused:
            messages.error(request, str(refused))
            return redirect("cases:case", reference=reference)
        else:
            messages.success(request, _("Answer sent to the force."))
            return redirect("cases:case", reference=reference)
    return _case_page(request, report, answering=(asked.pk, form))


@staff_required(User.Role.POLICE_LIAISON)
def referrals(request):
    received = list(
        Referral.objects.visible_to(request.user).select_related("report", "report__organisation", "made_by__organisation")
    )
    notices = police_referrals.withdrawal_notices(received, request.unlocked)
    return render(
        request,
        "cases/referrals.html",
        {
            "referrals": [
                (
                    referral,
                    notices.get(referral.pk, ()),
                    police_referrals.crime_reference_for_police(referral, request.unlocked),
                )
                for referral in received
            ],
        },
    )


@staff_required(User.Role.POLICE_LIAISON)
def referral(request, pk):
    if request.method == "POST":
        return police.record_crime_reference(request, pk)
    item = get_object_or_404(Referral.objects.visible_to(request.user).select_related("report", "police"), pk=pk)
    return police.referral_page(request, item)


def _referral_download(request, pk, file_format, respond):
    item = get_object_or_404(Referral.objects.visible_to(request.user).select_related("report"), pk=pk)
    if item.withdrawn:
        return police.withdrawn_page(request, item, status=410)  # nothing is left to download
    try:
        opened = police_referrals.download_referral(item, request.unlocked, request.user, file_format)
    except police_referrals.PackageWithdrawn as withdrawn:
        # 410: the signed package existed and is deliberately no longer served; the page says why.
        return render(request, "cases/referral_withdrawn.html", {"opened": withdrawn.opened}, status=410)
    return respond(opened.document)


@never_cache
@staff_required(User.Role.POLICE_LIAISON)
def referral_json(request, pk):
    return _referral_download(
        request,
        pk,
        "json",
        lambda document: attachment(
            document_bytes(document), "application/json; charset=utf-8", package_pdf.filename(document, "json")
        ),
    )


@never_cache
@staff_required(User.Role.POLICE_LIAISON)
def referral_pdf(request, pk):
    return _referral_download(
        request,
        pk,
        "pdf",
        lambda document: attachment(
            package_pdf.render_pdf(document, language=get_language()), "application/pdf", package_pdf.filename(document, "pdf")
        ),
    )
