"""The police liaison's updates on a referral, and the advocate's answer to a request for contact."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safereport.accounts.models import User
from safereport.firewall import police_updates, referral_files
from safereport.firewall import referrals as police_referrals
from safereport.firewall.investigation import InvestigationStatus, Outcome
from safereport.firewall.models import Referral
from safereport.intake.models import Report
from safereport.text_input import TextOnlyForm
from safereport.web.staff.unlock import staff_required


class CrimeReferenceForm(TextOnlyForm):
    crime_reference = forms.CharField(label=gettext_lazy("Crime reference number"), max_length=police_updates.CRIME_REFERENCE_MAX)


class InvestigationForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Investigation status"), choices=InvestigationStatus.choices)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome (Home Office crime outcome)"),
        choices=[("", gettext_lazy("— none yet —")), *Outcome.choices],
        required=False,
        help_text=gettext_lazy("Once the investigation has ended: suspect charged, no further action or closed."),
    )
    outcome_on = forms.DateField(
        label=gettext_lazy("Date of the outcome"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("For example 2026-12-01."),
    )

    def clean(self):
        data = super().clean() or {}
        if not self.errors:
            for name, message in police_updates.check_investigation(
                data.get("status", ""), data.get("outcome", ""), data.get("outcome_on")
            ).items():
                self.add_error(name, message)
        return data


class ContactRequestForm(TextOnlyForm):
    message = forms.CharField(
        label=gettext_lazy("Ask the advocate to arrange contact"),
        max_length=police_updates.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "This goes to the advocate, never to the reporter. Say why and how you would like contact "
            "(for example a supported visit to a station)."
        ),
    )


class ContactAnswerForm(TextOnlyForm):
    body = forms.CharField(
        label=gettext_lazy("Answer the force"),
        max_length=police_updates.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "The force receives it with immigration-status statements, identifiers, phone numbers and emails removed."
        ),
    )


def _referral(request, pk) -> Referral:
    return get_object_or_404(Referral.objects.visible_to(request.user).select_related("report", "police"), pk=pk)


def withdrawn_page(request, item: Referral, *, status: int = 200):
    """A referral whose report the reporter erased: the stub, telling the force to delete its copies."""
    police_referrals.read_withdrawn_referral(item, request.user)
    return render(request, "cases/referral_erased.html", {"referral": item}, status=status)


def referral_page(request, item: Referral, *, bound=None):
    """The liaison's page for one referral; after refused input, that form with what was typed (422)."""
    if item.withdrawn:
        return withdrawn_page(request, item, status=410 if bound is not None else 200)
    opened = police_referrals.open_referral(item, request.unlocked, request.user)
    forms_shown = {
        "form": CrimeReferenceForm(),
        "investigation_form": InvestigationForm(
            initial={"status": item.investigation_status, "outcome": item.outcome, "outcome_on": item.outcome_on}
        ),
        "contact_form": ContactRequestForm(),
    }
    if bound is not None:
        forms_shown[bound[0]] = bound[1]
    return render(
        request,
        "cases/referral.html",
        {
            "opened": opened,
            "updates": police_updates.for_police(item, request.unlocked),
            "files_held": referral_files.numbers_held(item),
            **forms_shown,
        },
        status=422 if bound is not None else 200,
    )


def _save(request, pk, form, form_name: str, action, done: str):
    item = _referral(request, pk)
    if form.is_valid():
        try:
            action(item, form.cleaned_data)
        except police_updates.UpdateInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except police_updates.UpdateRefused as refused:
            messages.error(request, str(refused))
            return redirect("cases:referral", pk=pk)
        else:
            messages.success(request, done)
            return redirect("cases:referral", pk=pk)
    return referral_page(request, item, bound=(form_name, form))


def record_crime_reference(request, pk):
    return _save(
        request,
        pk,
        CrimeReferenceForm(request.POST),
        "form",
        lambda item, data: police_updates.record_crime_reference(item, request.unlocked, request.user, data["crime_reference"]),
        _("Crime reference number recorded."),
    )


@require_POST
@staff_required(User.Role.POLICE_LIAISON)
def investigation(request, pk):
    return _save(
        request,
        pk,
        InvestigationForm(request.POST),
        "investigation_form",
        lambda item, data: police_updates.record_investigation(
            item,
            request.unlocked,
            request.user,
            status=data["status"],
            outcome=data.get("outcome") or "",
            outcome_on=data.get("outcome_on"),
        ),
        _("Investigation update recorded. The advocate sees it on the case."),
    )


@require_POST
@staff_required(User.Role.POLICE_LIAISON)
def ask_for_contact(request, pk):
    return _save(
        request,
        pk,
        ContactRequestForm(request.POST),
        "contact_form",
        lambda item, data: police_updates.ask_for_contact(item, request.unlocked, request.user, data["message"]),
        _("Request sent to the advocate. Their answer will appear here."),
    )


def police_on_case(report: Report, unlocked, user) -> list[dict]:
    """For the case page: each referral with its crime reference, where it stands and every update."""
    police_updates.relay_to_reporter(report, unlocked, user)
    return [
        {
            "referral": referral,
            "crime_reference": police_referrals.crime_reference_for_sender(referral, unlocked),
            "updates": police_updates.for_sender(referral, unlocked),
        }
        for referral in report.referrals.select_related("police").prefetch_related("updates__answer")
    ]
