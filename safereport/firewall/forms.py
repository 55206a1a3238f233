"""Forms for the disclosure-request register: parse staff input into the action's terms."""
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereport.intake.models import Report
from safereport.text_input import TextOnlyForm

from .models import DisclosureRequest
from .policy import COMPELLABLE_FIELDS
from .requests import NewRequest

YES_NO = (("no", _("No")), ("yes", _("Yes")))


class RegisterForm(TextOnlyForm):
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=DisclosureRequest.AgencyKind.choices,
                                    widget=forms.RadioSelect)
    agency_name = forms.CharField(label=_("Agency"), max_length=200,
                                  help_text=_("The agency or office, e.g. “Northshire Police, CID”."))
    received_on = forms.DateField(label=_("Date received"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Leave empty for today."))
    asked = forms.CharField(label=_("What was asked for"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Copy the request. It is sealed: only signed-in staff of this organisation can read it."))
    report_reference = forms.CharField(label=_("Case reference (if the request concerns one)"), max_length=20, required=False,
                                       help_text=_("For example SR-ABCD-2345."))
    compulsion_claimed = forms.ChoiceField(label=_("Does the agency claim a legal compulsion (e.g. a court order)?"),
                                           choices=YES_NO, initial="no", widget=forms.RadioSelect)
    legal_basis_kind = forms.ChoiceField(label=_("Kind of legal basis"), required=False,
                                         choices=[("", _("None claimed")), *DisclosureRequest.LegalBasisKind.choices])
    legal_basis = forms.CharField(label=_("Legal basis cited"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("The order, statute or power, as cited. Sealed like the request."))
    names_immigration = forms.ChoiceField(
        label=_("Does the legal basis name immigration data specifically?"), choices=YES_NO, initial="no",
        widget=forms.RadioSelect,
        help_text=_("Only then can immigration information be disclosed, and only the fields it names."))
    requested_fields = forms.MultipleChoiceField(
        label=_("Which information is requested?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(name, item.label) for name, item in COMPELLABLE_FIELDS.items()],
        help_text=_("The facts of the crime always go with a compelled disclosure."))
    withheld_reason = forms.CharField(
        label=_("Lawful reason to withhold this from the reporter (if any)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty unless the law forbids telling the reporter. Do not name the person."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return received

    def clean_report_reference(self):
        reference = self.cleaned_data["report_reference"].strip().upper()
        if not reference:
            return None
        report = Report.objects.visible_to(self.user).filter(reference=reference).first()
        if report is None:
            raise forms.ValidationError(_("There is no case with this reference in your organisation."))
        return report

    def new_request(self) -> NewRequest:
        data = self.cleaned_data
        received = data.get("received_on")
        return NewRequest(
            agency_kind=data.get("agency_kind", ""), agency_name=data.get("agency_name", ""), asked=data.get("asked", ""),
            # A date alone: noon that day, or now if noon has not come yet, so "today" is never in the future.
            received_at=min(timezone.make_aware(datetime.combine(received, time(12))), timezone.now()) if received else None,
            report=data.get("report_reference"), compulsion_claimed=data.get("compulsion_claimed") == "yes",
            legal_basis_kind=data.get("legal_basis_kind", ""), legal_basis=data.get("legal_basis", ""),
            names_immigration=data.get("names_immigration") == "yes",
            requested_fields=tuple(data.get("requested_fields", ())), withheld_reason=data.get("withheld_reason", ""),
        )

    def clean(self):
        cleaned = super().clean()
        # The action's own rules, so every problem shows at once; a field already in error keeps its message.
        for name, message in self.new_request().errors().items():
            name = {"received_at": "received_on"}.get(name, name)
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class RefuseForm(TextOnlyForm):
    reason = forms.CharField(label=_("Reason for refusing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Recorded in the register. Do not name the person."))


class ApproveForm(TextOnlyForm):
    confirm = forms.BooleanField(
        label=_("I have checked the legal basis, and this organisation is legally compelled to disclose the fields listed."))
