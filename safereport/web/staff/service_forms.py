"""Forms for the directory of services and for referring a case to one (shared by the case page and the services pages)."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy

from safereport.intake.languages import REPORT_LANGUAGES
from safereport.services import referrals
from safereport.services.directory import CONTACT_MAX, ELIGIBILITY_MAX, NAME_MAX
from safereport.services.models import Service
from safereport.text_input import TextOnlyForm


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _language_choices():
    return sorted(((code, f"{language_name(code)} ({code})") for code in REPORT_LANGUAGES), key=lambda c: c[1])


class ServiceForm(TextOnlyForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=NAME_MAX)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of service"), choices=Service.Kind.choices)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages it works in"), choices=_language_choices, required=False, widget=forms.SelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Areas it covers (none: every area)"),
        choices=settings.AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligibility = forms.CharField(
        label=gettext_lazy("Who it takes"), max_length=ELIGIBILITY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(label=gettext_lazy("How to reach it"), max_length=CONTACT_MAX, required=False)


class DirectoryFilter(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=[("", gettext_lazy("Any"))] + Service.Kind.choices, required=False
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=lambda: [("", gettext_lazy("Any"))] + _language_choices(), required=False
    )
    area = forms.ChoiceField(
        label=gettext_lazy("Area"), choices=[("", gettext_lazy("Any"))] + list(settings.AREAS), required=False
    )


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class ServiceReferralForm(TextOnlyForm):
    service = ServiceChoice(label=gettext_lazy("Service"), queryset=Service.objects.none())
    made_on = forms.DateField(label=gettext_lazy("Referred on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=gettext_lazy("Note (sealed, optional)"),
        max_length=referrals.NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"made_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        services = Service.objects.visible_to(user)
        if not user.is_immigration_adviser:
            # A referral to an immigration service is immigration data: only an adviser records one.
            services = services.exclude(kind__in=Service.IMMIGRATION_KINDS)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=referrals.OUTCOMES)
    outcome_on = forms.DateField(
        label=gettext_lazy("Date of the outcome"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
