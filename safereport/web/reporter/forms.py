"""The reporter's forms, one per step. Between steps the answers are kept sealed on the server (report_draft)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereport.intake.consent import STATEMENTS
from safereport.intake.models import CrimeType
from safereport.intake.submission import SAFE_CONTACT_TIMES_MAX
from safereport.text_input import TextOnlyForm

# What a reporter types must not be offered back to the next person using the phone, nor put back by Back.
PRIVATE = {"autocomplete": "off"}


REPORTED_BY_CHOICES = [
    ("victim", _("It happened to me")),
    ("witness", _("I saw it happen (a witness)")),
    ("third_party", _("I am reporting for someone it happened to")),
]


def _yes_no(label):
    """A yes/no question a reporter may leave unanswered: True, False or None."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )


class WhatHappenedForm(TextOnlyForm):
    reported_by = forms.ChoiceField(
        label=_("Who is making this report? (optional)"),
        required=False,
        choices=REPORTED_BY_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("We count these answers, never who gave them."),
    )
    crime_type = forms.ChoiceField(label=_("What kind of crime was it?"), choices=CrimeType.choices, widget=forms.RadioSelect)
    narrative = forms.CharField(
        label=_("What happened?"),
        max_length=settings.NARRATIVE_MAX_CHARS,
        help_text=_("Write in your own words and your own language. You do not need to give names."),
        widget=forms.Textarea(attrs={"rows": 8, **PRIVATE}),
    )
    occurred_on = forms.DateField(
        label=_("When did it happen? (if you know)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("An approximate date is fine."),
    )
    area = forms.ChoiceField(
        label=_("Roughly where did it happen?"),
        required=False,
        choices=[("", _("I prefer not to say"))] + list(settings.AREAS),
    )

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value


class WhatYouWantForm(TextOnlyForm):
    wants = forms.MultipleChoiceField(
        label=_("What would help you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("advocate", _("Talk to an independent advocate")),
            ("interpreter", _("An interpreter")),
            ("immigration_advice", _("Free, confidential immigration advice")),
            ("police_visit", _("Go to the police with an advocate beside me")),
        ],
    )
    interpreter_language = forms.CharField(
        label=_("Which language should the interpreter speak?"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=PRIVATE),
    )


class ContactForm(TextOnlyForm):
    name = forms.CharField(
        label=_("Name (any name you want us to use)"), required=False, max_length=200, widget=forms.TextInput(attrs=PRIVATE)
    )
    # Checked by Submission.validate() (one rule for the form and the API), which accepts digits of any script.
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=200, widget=forms.TextInput(attrs=PRIVATE))
    email = forms.EmailField(label=_("Email address"), required=False, max_length=200, widget=forms.EmailInput(attrs=PRIVATE))
    safe_to_call = _yes_no(_("Is it safe to call you?"))
    safe_to_text = _yes_no(_("Is it safe to send you a text message?"))
    safe_to_leave_message = _yes_no(_("Is it safe to leave you a voicemail or a message?"))
    safe_times = forms.CharField(
        label=_("When is it safe to contact you? (optional)"),
        required=False,
        max_length=SAFE_CONTACT_TIMES_MAX,
        help_text=_(
            "For example: weekdays between 10 and 12. This is kept locked, and goes to the police only if you agree to share your contact details."
        ),
        widget=forms.TextInput(attrs=PRIVATE),
    )
    police_share_contact = forms.TypedChoiceField(
        label=STATEMENTS[("police", "share_contact")],
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        initial="no",
        coerce=lambda v: v == "yes",
    )
    police_share_narrative = forms.TypedChoiceField(
        label=STATEMENTS[("police", "share_narrative")],
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        initial="no",
        coerce=lambda v: v == "yes",
    )


STEPS = (("what", WhatHappenedForm), ("wants", WhatYouWantForm), ("contact", ContactForm))


class CodenameForm(TextOnlyForm):
    codename = forms.CharField(
        label=_("Your codename"),
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class MessageForm(TextOnlyForm):
    body = forms.CharField(
        label=_("Your message"), max_length=settings.MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4, **PRIVATE})
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase my report and all messages on the day shown above. After that day, this cannot be undone.")
    )


class ConsentForm(forms.Form):
    police_share_contact = ContactForm.base_fields["police_share_contact"]
    police_share_narrative = ContactForm.base_fields["police_share_narrative"]


class FileConsentForm(forms.Form):
    """One evidence file: may the police see it? A ticked box, nothing else; unticked (absent) is no."""

    share_with_police = forms.BooleanField(label=_("Police may see this file"), required=False)


class CrimeReferenceChoiceForm(forms.Form):
    show_crime_reference = forms.TypedChoiceField(
        label=_("Show the police's crime reference number on this page?"),
        help_text=_(
            "You may need it to ask the police about your case or to get support. Anyone who opens this page "
            "with your codename could read it."
        ),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
        initial="no",
        coerce=lambda v: v == "yes",
    )
