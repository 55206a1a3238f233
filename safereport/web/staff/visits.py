"""Supported police visits: forces' agreements and stations (supervisors record them), booking a visit and its letter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safereport.accounts.models import Organisation, User
from safereport.audit.log import actor_of
from safereport.firewall import visit_letter
from safereport.intake.models import Report
from safereport.text_input import TextOnlyForm
from safereport.vault import records
from safereport.visits import actions
from safereport.visits.models import Commitment, ForceAgreement, PoliceStation, Visit
from safereport.web.downloads import attachment
from safereport.web.staff.unlock import staff_required

CASEWORK = (User.Role.ADVOCATE, User.Role.SUPERVISOR)
STATION_IDS = "station_%s"  # both forms on the forces page have a "force" field: their ids must differ
PHONE = re.compile(r"^\+?[0-9 ()-]{6,30}$")


def _forces():
    return Organisation.objects.filter(kind=Organisation.Kind.POLICE).order_by("name")


class AgreementForm(forms.Form):
    force = forms.ModelChoiceField(label=gettext_lazy("Police force"), queryset=_forces())
    commitments = forms.MultipleChoiceField(
        label=gettext_lazy("What the force has agreed"), choices=Commitment.choices, widget=forms.CheckboxSelectMultiple
    )
    agreed_on = forms.DateField(label=gettext_lazy("Date agreed"), widget=forms.DateInput(attrs={"type": "date"}))


class StationForm(TextOnlyForm):
    force = forms.ModelChoiceField(label=gettext_lazy("Police force"), queryset=_forces())
    name = forms.CharField(label=gettext_lazy("Station name"), max_length=120)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300)


class AdvocateField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class BookingForm(TextOnlyForm):
    station = forms.ModelChoiceField(label=gettext_lazy("Police station"), queryset=PoliceStation.objects.none())
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    advocate = AdvocateField(label=gettext_lazy("Advocate going with them"), queryset=User.objects.none())
    advocate_phone = forms.CharField(
        label=gettext_lazy("Advocate's work phone"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Printed on the letter so the police can reach the advocate. Never the reporter's number."),
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        # Every station of the organisation is accepted here so that a force without an agreement is
        # refused by the booking action with its reason; the page offers only the ones that can be booked.
        station = cast(forms.ModelChoiceField, self.fields["station"])
        station.queryset = PoliceStation.objects.filter(organisation=report.organisation).select_related("force")
        advocate = cast(forms.ModelChoiceField, self.fields["advocate"])
        advocate.queryset = User.objects.filter(organisation=report.organisation, role__in=CASEWORK, is_active=True).order_by(
            "email"
        )

    def clean_advocate_phone(self):
        phone = self.cleaned_data["advocate_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number: digits, spaces, brackets, dashes and an optional +."))
        return phone

    def visit_time(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class LetterForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the letter"), choices=settings.LANGUAGES)


def _forces_page(request, *, agreement_form=None, station_form=None, status=200):
    organisation = request.user.organisation
    agreements = ForceAgreement.objects.visible_to(request.user).select_related("force", "recorded_by")
    stations = PoliceStation.objects.visible_to(request.user).select_related("force")
    forces = [
        {
            "force": force,
            "current": next((a for a in agreements if a.force_id == force.pk and a.superseded_on is None), None),
            "history": [a for a in agreements if a.force_id == force.pk],
            "stations": [s for s in stations if s.force_id == force.pk],
        }
        for force in _forces()
    ]
    return render(
        request,
        "visits/forces.html",
        {
            "organisation": organisation,
            "forces": forces,
            "agreement_form": agreement_form or AgreementForm(),
            "station_form": station_form or StationForm(auto_id=STATION_IDS),
        },
        status=status,
    )


@never_cache
@staff_required(*CASEWORK, unlocked=False)
def forces(request):
    return _forces_page(request)


def _refused(form, refusal: actions.Refused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


@require_POST
@staff_required(User.Role.SUPERVISOR, unlocked=False)
def record_agreement(request):
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            actions.record_agreement(
                request.user.organisation,
                form.cleaned_data["force"],
                form.cleaned_data["commitments"],
                form.cleaned_data["agreed_on"],
                request.user,
            )
        except actions.Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Agreement recorded."))
            return redirect("visits:forces")
    return _forces_page(request, agreement_form=form, status=422)


@require_POST
@staff_required(User.Role.SUPERVISOR, unlocked=False)
def withdraw_agreement(request, force_pk):
    force = get_object_or_404(_forces(), pk=force_pk)
    try:
        actions.withdraw_agreement(request.user.organisation, force, request.user)
    except actions.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Agreement withdrawn: no new visit can be booked with this force."))
    return redirect("visits:forces")


@require_POST
@staff_required(User.Role.SUPERVISOR, unlocked=False)
def add_station(request):
    form = StationForm(request.POST, auto_id=STATION_IDS)
    if form.is_valid():
        try:
            actions.add_station(
                request.user.organisation,
                form.cleaned_data["force"],
                form.cleaned_data["name"],
                form.cleaned_data["address"],
                request.user,
            )
        except actions.Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Station added."))
            return redirect("visits:forces")
    return _forces_page(request, station_form=form, status=422)


def _case(request, reference) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user), reference=reference)


def _visit(request, reference, pk) -> Visit:
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("report", "station__force"), pk=pk, report__reference=reference
    )


@dataclass(frozen=True)
class VisitOnCase:
    """A visit as the case timeline shows it: when it is, where, and its letter (issued day and language) if any."""

    opened: actions.OpenedVisit
    letter: tuple[date, str] | None


def visits_on_case(report: Report, unlocked, user: User) -> list[VisitOnCase]:
    """The case's visits and their letters, opened for the case page (one audited read, like the visits page)."""
    if not report.visits.exists():
        return []
    key = records.open_with_organisation(report.data_key_id, unlocked)
    shown = []
    for opened in actions.read_visits(report, key, user):
        issued = visit_letter.letter_issued(opened.visit, key)
        shown.append(VisitOnCase(opened, (date.fromisoformat(issued[0]), issued[1]) if issued else None))
    return shown


def _case_visits_page(request, report: Report, *, form=None, status=200):
    key = records.open_with_organisation(report.data_key_id, request.unlocked)
    agreed = actions.forces_with_agreement(report.organisation)
    stations = PoliceStation.objects.filter(organisation=report.organisation).select_related("force")
    form = form or BookingForm(report=report, initial={"advocate": request.user.pk})
    return render(
        request,
        "visits/case_visits.html",
        {
            "report": report,
            "visits": actions.read_visits(report, key, request.user),
            "form": form,
            "bookable": [s for s in stations if s.force_id in agreed],
            "not_bookable": sorted({s.force.name for s in stations if s.force_id not in agreed}),
            "letter_form": LetterForm(initial={"language": report.language}),
        },
        status=status,
    )


@never_cache
@staff_required(*CASEWORK)
def case_visits(request, reference):
    report = _case(request, reference)
    if request.method != "POST":
        return _case_visits_page(request, report)
    form = BookingForm(request.POST, report=report)
    if form.is_valid():
        key = records.open_with_organisation(report.data_key_id, request.unlocked)
        try:
            actions.book_visit(
                report,
                key,
                station=form.cleaned_data["station"],
                at=form.visit_time(),
                advocate=form.cleaned_data["advocate"],
                advocate_phone=form.cleaned_data["advocate_phone"],
                user=request.user,
            )
        except actions.Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Visit booked. Produce the assurance letter below."))
            return redirect("visits:case_visits", reference=reference)
    return _case_visits_page(request, report, form=form, status=422)


@require_POST
@staff_required(*CASEWORK)
def produce_letter(request, reference, pk):
    visit = _visit(request, reference, pk)
    form = LetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed languages for the letter."))
        return redirect("visits:case_visits", reference=reference)
    try:
        visit_letter.issue_letter(visit, request.unlocked, request.user, form.cleaned_data["language"])
    except actions.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Letter produced and signed. The reporter can download it from their codename page."))
    return redirect("visits:case_visits", reference=reference)


@require_POST
@staff_required(*CASEWORK, unlocked=False)
def cancel_visit(request, reference, pk):
    visit = _visit(request, reference, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the visit is cancelled."))
        return redirect("visits:case_visits", reference=reference)
    try:
        actions.cancel_visit(visit, request.user)
    except actions.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Visit cancelled. Its letter is withdrawn; the reporter sees that the visit is cancelled."))
    return redirect("visits:case_visits", reference=reference)


@never_cache
@staff_required(*CASEWORK)
def letter_pdf(request, reference, pk):
    visit = _visit(request, reference, pk)
    key = records.open_with_organisation(visit.report.data_key_id, request.unlocked)
    made = visit_letter.letter_pdf(visit, key, actor=actor_of(request.user))
    if made is None:
        if visit.cancelled:
            messages.error(request, _("This visit was cancelled: its letter is no longer handed out."))
        else:
            messages.error(request, _("No letter has been produced for this visit yet."))
        return redirect("visits:case_visits", reference=reference)
    pdf, filename = made
    return attachment(pdf, "application/pdf", filename)
