"""Forms for the disclosure-request register: parse staff input into the action's terms."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from safereport.firewall import court_orders
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.policy import COMPELLABLE_FIELDS
from safereport.firewall.requests import NewRequest
from safereport.intake.models import Report
from safereport.text_input import TextOnlyForm

YES_NO = (("no", _("No")), ("yes", _("Yes")))


class RegisterForm(TextOnlyForm):
    agency_kind = forms.ChoiceField(
        label=_("Kind of agency"), choices=DisclosureRequest.AgencyKind.choices, widget=forms.RadioSelect
    )
    agency_name = forms.CharField(
        label=_("Agency"), max_length=200, help_text=_("The agency or office, e.g. “Northshire Police, CID”.")
    )
    received_on = forms.DateField(
        label=_("Date received"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    asked = forms.CharField(
        label=_("What was asked for"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Copy the request. It is sealed: only signed-in staff of this organisation can read it."),
    )
    report_reference = forms.CharField(
        label=_("Case reference (if the request concerns one)"),
        max_length=20,
        required=False,
        help_text=_("For example SR-ABCD-2345."),
    )
    compulsion_claimed = forms.ChoiceField(
        label=_("Does the agency claim a legal compulsion (e.g. a court order)?"),
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
    )
    legal_basis_kind = forms.ChoiceField(
        label=_("Kind of legal basis"),
        required=False,
        choices=[("", _("None claimed")), *DisclosureRequest.LegalBasisKind.choices],
    )
    legal_basis = forms.CharField(
        label=_("Legal basis cited"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The order, statute or power, as cited. Sealed like the request."),
    )
    names_immigration = forms.ChoiceField(
        label=_("Does the legal basis name immigration data specifically?"),
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
        help_text=_("Only then can immigration information be disclosed, and only the fields it names."),
    )
    requested_fields = forms.MultipleChoiceField(
        label=_("Which information is requested?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, item.label) for name, item in COMPELLABLE_FIELDS.items()],
        help_text=_(
            "The facts of the crime go with every compelled disclosure, except to immigration enforcement: "
            "there only what the court order names goes, the facts of the crime included."
        ),
    )
    court_order_reference = forms.CharField(
        label=_("Court order reference"),
        max_length=200,
        required=False,
        help_text=_("The case or order number on the order. Required whenever the legal basis is a court order. Sealed."),
    )
    court_order_copy = forms.FileField(
        label=_("Copy of the court order"),
        required=False,
        help_text=format_lazy(
            _(
                "A PDF, PNG or JPEG file of up to {limit} MB. Required whenever the legal basis is a court order. "
                "It is sealed: only signed-in staff of this organisation can open it."
            ),
            limit=court_orders.MAX_COPY_BYTES // (1024 * 1024),
        ),
    )
    order_forbids_telling = forms.ChoiceField(
        label=_("Does the court order forbid telling the reporter?"),
        choices=YES_NO,
        initial="no",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For immigration enforcement this is the only reason the reporter is not told."),
    )
    withheld_reason = forms.CharField(
        label=_("Lawful reason to withhold this from the reporter (if any)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty unless the law forbids telling the reporter. Do not name the person."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return received

    def clean_court_order_copy(self):
        upload = self.cleaned_data["court_order_copy"]
        if upload is None:
            return None
        content = upload.read()
        if upload.size > court_orders.MAX_COPY_BYTES or len(content) != upload.size:
            # The in-memory handler stops keeping bytes past the limit; a short read means it did.
            raise forms.ValidationError(court_orders.too_large())
        try:
            return court_orders.check_copy(content)
        except court_orders.CopyRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None

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
            agency_kind=data.get("agency_kind", ""),
            agency_name=data.get("agency_name", ""),
            asked=data.get("asked", ""),
            # A date alone: noon that day, or now if noon has not come yet, so "today" is never in the future.
            received_at=min(timezone.make_aware(datetime.combine(received, time(12))), timezone.now()) if received else None,
            report=data.get("report_reference"),
            compulsion_claimed=data.get("compulsion_claimed") == "yes",
            legal_basis_kind=data.get("legal_basis_kind", ""),
            legal_basis=data.get("legal_basis", ""),
            names_immigration=data.get("names_immigration") == "yes",
            requested_fields=tuple(data.get("requested_fields", ())),
            withheld_reason=data.get("withheld_reason", ""),
            court_order_reference=data.get("court_order_reference", ""),
            court_order_copy=data.get("court_order_copy"),
            order_forbids_telling=data.get("order_forbids_telling") == "yes",
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
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the register. Do not name the person."),
    )


class ApproveForm(TextOnlyForm):
    legal_review = forms.CharField(
        label=_("Your legal review"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why the legal basis compels this organisation, and that only the fields listed will go. Required "
            "for immigration enforcement and whenever immigration data is asked for. Sealed; do not name the person unless you must."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the legal basis, and this organisation is legally compelled to disclose the fields listed.")
    )
