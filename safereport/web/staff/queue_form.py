"""The triage queue's filters, read from the URL (GET) so a filtered queue can be bookmarked."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from safereport.accounts.models import User
from safereport.cases import queue
from safereport.intake.languages import REPORT_LANGUAGES
from safereport.intake.models import CrimeType, Report

CASEWORK = (User.Role.ADVOCATE, User.Role.SUPERVISOR)

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("due", _("Due soonest")),
    ("crime_type", _("Crime")),
    ("area", _("Area")),
    ("language", _("Language")),
    ("status", _("Status")),
    ("assignee", _("Assignee")),
]
assert {code for code, _label in SORT_CHOICES} == set(queue.SORTS)  # noqa: S101 (a table kept in step at import)

# Immigration advice is left out on purpose: see safereport/cases/queue.py.
WANT_CHOICES = [
    ("advocate", _("An advocate")),
    ("interpreter", _("An interpreter")),
    ("police_visit", _("A supported police visit")),
]


def language_choice_label(code: str) -> str:
    try:
        return f"{get_language_info(code)['name_translated']} ({code})"
    except KeyError:
        return code


def language_choices() -> list[tuple[str, str]]:
    """Every report language, labelled for the reader: the queue's filter, one's own languages, an organisation's."""
    return [(code, language_choice_label(code)) for code in REPORT_LANGUAGES]


def languages_field(label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, choices=language_choices(), widget=forms.SelectMultiple(attrs={"size": 12})
    )


class QueueForm(forms.Form):
    reference = forms.CharField(label=_("Reference (finds closed cases too)"), required=False, max_length=20)
    crime_type = forms.MultipleChoiceField(
        label=_("Crime"), required=False, choices=CrimeType.choices, widget=forms.CheckboxSelectMultiple
    )
    area = forms.MultipleChoiceField(label=_("Area"), required=False, choices=settings.AREAS, widget=forms.CheckboxSelectMultiple)
    language = forms.MultipleChoiceField(label=_("Language"), required=False)
    in_my_languages = forms.BooleanField(label=_("Only in my languages"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    status = forms.MultipleChoiceField(
        label=_("Status (none ticked: every open status)"),
        required=False,
        choices=Report.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    wants = forms.MultipleChoiceField(
        label=_("The reporter asked for"), required=False, choices=WANT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    unread = forms.BooleanField(label=_("Unread replies from the reporter"), required=False)
    overdue = forms.BooleanField(label=_("Overdue (not read within two working days)"), required=False)
    min_age_days = forms.IntegerField(
        label=_("Received at least this many days ago"), required=False, min_value=0, max_value=3650
    )
    max_age_days = forms.IntegerField(label=_("Received at most this many days ago"), required=False, min_value=0, max_value=3650)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=10**6, widget=forms.HiddenInput)

    def __init__(self, data, *, user: User):
        super().__init__(data)
        self.user = user
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices()
        # Everyone who may hold cases, including someone removed whose cases wait to be handed over.
        holders = User.objects.filter(organisation_id=user.organisation_id, role__in=CASEWORK).order_by("email")
        colleagues = [(str(member.pk), member.get_full_name() or member.email) for member in holders]
        cast(forms.ChoiceField, self.fields["assignee"]).choices = [
            ("", _("Anyone or nobody")),
            (queue.MINE, _("Me")),
            (queue.UNASSIGNED, _("Nobody (unassigned)")),
            *colleagues,
        ]

    def clean(self):
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_age_days"), cleaned.get("max_age_days")
        if low is not None and high is not None and low > high:
            self.add_error("max_age_days", _("Give a number of days at least as large as the other age limit."))
        return cleaned

    def filters(self) -> queue.QueueFilters:
        data = self.cleaned_data
        return queue.QueueFilters(
            reference=data["reference"],
            crime_types=tuple(data["crime_type"]),
            areas=tuple(data["area"]),
            languages=tuple(data["language"]),
            in_my_languages=data["in_my_languages"],
            assignee=data["assignee"],
            statuses=tuple(data["status"]),
            wants=tuple(data["wants"]),
            unread=data["unread"],
            overdue=data["overdue"],
            min_age_days=data["min_age_days"],
            max_age_days=data["max_age_days"],
            sort=data["sort"] or queue.DEFAULT_SORT,
        )
