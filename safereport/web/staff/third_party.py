"""Third-party reporting: a member of staff files a report on a victim's behalf and hands them its codename.

The report goes through intake's own `Submission` and `submit_report`, so its checks, sealing
and consent records are the reporter form's. It lands in the filing organisation's queue,
marked as filed on behalf; the consent rows say the answers are the victim's, asked and
recorded by this member of staff, in the wording version shown here.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from safereport.audit.log import actor_of
from safereport.intake import actions as intake_actions
from safereport.intake.consent import STATEMENTS, WORDING_VERSION
from safereport.intake.models import CrimeType
from safereport.intake.submission import SAFE_CONTACT_TIMES_MAX, WANTS, Submission, SubmissionInvalid
from safereport.text_input import TextOnlyForm
from safereport.web.staff.unlock import staff_required

from .cases import CASEWORK

FORM_KEY = "staff:on_behalf_form"  # the session entry holding this form's one-time token
_YES_NO = [("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes"))]
# Submission's names for answers this form spells otherwise.
_FIELD_FOR = {
    "contact.name": "name",
    "contact.phone": "phone",
    "contact.email": "email",
    "consent": "police_share_contact",
    "consent.police": "police_share_contact",
    "safe_contact.call": "safe_to_call",
    "safe_contact.text": "safe_to_text",
    "safe_contact.leave_message": "safe_to_leave_message",
    "safe_contact.times": "safe_times",
    "wants": "wants",
}
_SAFE = {"call": "safe_to_call", "text": "safe_to_text", "leave_message": "safe_to_leave_message"}


def _maybe(label):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )


def _consent(statement):
    return forms.TypedChoiceField(
        label=statement, choices=_YES_NO, widget=forms.RadioSelect, initial="no", coerce=lambda v: v == "yes"
    )


class OnBehalfForm(TextOnlyForm):
    reported_by = forms.ChoiceField(
        label=gettext_lazy("Whose account is this?"),
        choices=[
            ("victim", gettext_lazy("The victim's: they told me, and I am filing it for them")),
            ("witness", gettext_lazy("A witness's: they told me what they saw")),
            ("third_party", gettext_lazy("Mine, as a third party: the victim is not here to tell it")),
        ],
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("The victim's language"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("The codename slip and the consent questions are in this language."),
    )
    narrative_language = forms.ChoiceField(label=gettext_lazy("Language the account is written in"), choices=settings.LANGUAGES)
    crime_type = forms.ChoiceField(label=gettext_lazy("Kind of crime"), choices=CrimeType.choices, widget=forms.RadioSelect)
    narrative = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=settings.NARRATIVE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    occurred_on = forms.DateField(
        label=gettext_lazy("When it happened (if known)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    area = forms.ChoiceField(
        label=gettext_lazy("Area"), required=False, choices=[("", gettext_lazy("Not said"))] + list(settings.AREAS)
    )
    wants = forms.MultipleChoiceField(
        label=gettext_lazy("What the victim asks for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("advocate", gettext_lazy("An independent advocate")),
            ("interpreter", gettext_lazy("An interpreter")),
            ("immigration_advice", gettext_lazy("Immigration advice (never leaves the organisation)")),
            ("police_visit", gettext_lazy("A supported police visit")),
        ],
    )
    interpreter_language = forms.CharField(label=gettext_lazy("Interpreter's language"), required=False, max_length=40)
    name = forms.CharField(label=gettext_lazy("Victim's name (optional)"), required=False, max_length=200)
    phone = forms.CharField(label=gettext_lazy("Victim's phone (optional)"), required=False, max_length=200)
    email = forms.EmailField(label=gettext_lazy("Victim's email (optional)"), required=False, max_length=200)
    safe_to_call = _maybe(gettext_lazy("Is it safe to call them?"))
    safe_to_text = _maybe(gettext_lazy("Is it safe to text them?"))
    safe_to_leave_message = _maybe(gettext_lazy("Is it safe to leave them a message?"))
    safe_times = forms.CharField(
        label=gettext_lazy("When it is safe to contact them"), required=False, max_length=SAFE_CONTACT_TIMES_MAX
    )
    police_share_contact = _consent(STATEMENTS[("police", "share_contact")])
    police_share_narrative = _consent(STATEMENTS[("police", "share_narrative")])
    consent_relayed = forms.BooleanField(
        label=gettext_lazy(
            "I read the consent questions to the victim in their language, in the words shown, and recorded their own answers."
        ),
        required=False,
    )

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value

    def clean(self):
        cleaned = super().clean() or {}
        agreed = cleaned.get("police_share_contact") or cleaned.get("police_share_narrative")
        if agreed and not cleaned.get("consent_relayed"):
            # A "yes" recorded here is the victim's consent: only their own answer, asked in their words, may stand for it.
            self.add_error("consent_relayed", _("Confirm that these are the victim's own answers, or record No."))
        return cleaned

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            crime_type=data["crime_type"],
            narrative=data["narrative"],
            language=data["narrative_language"],
            occurred_on=data.get("occurred_on"),
            area=data.get("area") or "",
            wants=set(data.get("wants") or []) & set(WANTS),
            interpreter_language=data.get("interpreter_language", ""),
            contact={k: data[k] for k in ("name", "phone", "email") if data.get(k)},
            consent={
                "police": {
                    "share_contact": data["police_share_contact"],
                    "share_narrative": data["police_share_narrative"],
                }
            },
            reported_by=data["reported_by"],
            safe_contact={
                **{key: data[name] for key, name in _SAFE.items() if data.get(name) is not None},
                **({"times": data["safe_times"]} if data.get("safe_times") else {}),
            },
        )


def _statements_in_each_language():
    """The consent wording in every language the victim may be asked in, word for word."""
    shown = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            shown.append((code, name, [str(STATEMENTS[key]) for key in sorted(STATEMENTS)]))
    return shown


def _form_page(request, form, *, status=200, resent=False):
    token = secrets.token_urlsafe(18)
    request.session[FORM_KEY] = token
    return render(
        request,
        "cases/on_behalf.html",
        {
            "form": form,
            "form_token": token,
            "resent": resent,
            "statements": _statements_in_each_language(),
            "wording_version": WORDING_VERSION,
        },
        status=status,
    )


@never_cache
@staff_required(*CASEWORK)
def report_on_behalf(request):
    if request.method != "POST":
        return _form_page(request, OnBehalfForm())
    form = OnBehalfForm(request.POST)
    expected, given = request.session.pop(FORM_KEY, ""), request.POST.get("form_token", "")
    if not (expected and given and secrets.compare_digest(expected.encode(), given.encode())):
        # Sent already (a reload or a double click) or from a page left open: nothing is filed twice.
        return _form_page(request, form, status=409, resent=True)
    if not form.is_valid():
        return _form_page(request, form, status=422)
    try:
        report, codename = intake_actions.submit_report(
            form.submission(),
            actor=actor_of(request.user),
            filed_by=request.user,
            wording_language=form.cleaned_data["language"],
        )
    except SubmissionInvalid as invalid:
        for key, message in invalid.errors.items():
            name = _FIELD_FOR.get(key, key)
            form.add_error(name if name in form.fields else None, message)
        return _form_page(request, form, status=422)
    language = form.cleaned_data["language"]
    with translation.override(language):
        return_url = request.build_absolute_uri(reverse("intake:return"))
    return render(
        request,
        "cases/on_behalf_filed.html",
        {
            "report": report,
            "codename": codename,
            "slip_language": language,
            "slip_rtl": language in settings.LANGUAGES_BIDI,
            "return_url": return_url,
        },
    )
