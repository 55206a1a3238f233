"""A report as submitted, and its validation. Shared by the web form and the public API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from safereport import text_input

from . import withheld as withheld_parts
from .consent import RECIPIENT_KINDS
from .languages import report_language
from .models import CrimeType, ReportedBy
from .phone import normalise_phone

WANTS = ("advocate", "interpreter", "immigration_advice", "police_visit")
# Whether it is safe to call, text or leave a message (each True, False or not said), and when.
SAFE_CONTACT_CHOICES = ("call", "text", "leave_message")
SAFE_CONTACT_TIMES_MAX = 200


class SubmissionInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Submission:
    crime_type: str
    narrative: str
    language: str
    occurred_on: date | None = None
    area: str = ""
    wants: set[str] = field(default_factory=set)
    interpreter_language: str = ""
    contact: dict[str, str] = field(default_factory=dict)
    consent: dict[str, dict[str, bool]] = field(default_factory=dict)
    # Ranges of the narrative (as validated: stripped) the reporter keeps back from the police.
    withheld: tuple[tuple[int, int], ...] = ()
    # Who gives the account: one of ReportedBy, or "" when not said.
    reported_by: str = ""
    # {"call": bool, "text": bool, "leave_message": bool, "times": str}; a key left out is not said.
    safe_contact: dict[str, object] = field(default_factory=dict)

    def validate(self) -> Submission:
        """Raise SubmissionInvalid naming every offending field; return self when clean."""
        errors: dict[str, str] = {}
        if self.crime_type not in CrimeType.values:
            errors["crime_type"] = _("Choose one of the listed kinds of crime.")
        narrative = (self.narrative or "").strip()
        if not narrative:
            errors["narrative"] = _("Tell us what happened, in a few words or more.")
        elif len(narrative) > settings.NARRATIVE_MAX_CHARS:
            errors["narrative"] = _("This is too long: at most %(max)d characters.") % {"max": settings.NARRATIVE_MAX_CHARS}
        if report_language(self.language) is None:
            errors["language"] = _("Give the language as one of the listed codes, such as en, es, ar or ti.")
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = _("This date is in the future.")
        if len(self.area or "") > 200:
            errors["area"] = _("Describe the area in at most 200 characters of text.")
        unknown = set(self.wants) - set(WANTS)
        if unknown:
            errors["wants"] = _("Unknown choice: %(choices)s.") % {"choices": ", ".join(sorted(unknown))}
        if len(self.interpreter_language) > 40:
            errors["interpreter_language"] = _("Name the language in at most 40 characters.")
        if self.reported_by and self.reported_by not in ReportedBy.values:
            errors["reported_by"] = _("Choose one of the listed answers: victim, witness or third party.")
        errors.update(self._contact_errors())
        errors.update(self._safe_contact_errors())
        errors.update(self._consent_errors())
        errors.update(text_input.problems(self._typed_text(), multiline={"narrative"}))
        withheld: tuple[tuple[int, int], ...] = ()
        if "narrative" not in errors:
            try:
                withheld = withheld_parts.normalise(self.withheld, narrative)
            except withheld_parts.WithheldInvalid as invalid:
                errors["withheld"] = str(invalid)
        if errors:
            raise SubmissionInvalid(errors)
        self.narrative, self.withheld = narrative, withheld
        return self

    def _typed_text(self) -> dict[str, object]:
        return {
            "narrative": self.narrative,
            "area": self.area,
            "interpreter_language": self.interpreter_language,
            **{f"contact.{key}": value for key, value in self.contact.items()},
            "safe_contact.times": self.safe_contact.get("times", ""),
        }

    def _safe_contact_errors(self) -> dict[str, str]:
        errors = {}
        unknown = set(self.safe_contact) - {*SAFE_CONTACT_CHOICES, "times"}
        if unknown:
            errors["safe_contact"] = _("Unknown safe-contact field: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        for key in SAFE_CONTACT_CHOICES:
            if key in self.safe_contact and not isinstance(self.safe_contact[key], bool):
                errors[f"safe_contact.{key}"] = _("Answer yes or no, or leave it out.")
        times = self.safe_contact.get("times", "")
        if not isinstance(times, str) or len(times) > SAFE_CONTACT_TIMES_MAX:
            errors["safe_contact.times"] = _("Say when in at most %(max)d characters of text.") % {"max": SAFE_CONTACT_TIMES_MAX}
        return errors

    def _contact_errors(self) -> dict[str, str]:
        errors = {}
        unknown = set(self.contact) - {"name", "phone", "email"}
        if unknown:
            errors["contact"] = _("Unknown contact field: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        for key, value in self.contact.items():
            if not isinstance(value, str) or len(value) > 200:
                errors[f"contact.{key}"] = _("Enter at most 200 characters of text.")
        phone = self.contact.get("phone")
        if isinstance(phone, str) and phone.strip() and "contact.phone" not in errors:
            try:
                self.contact["phone"] = normalise_phone(phone)
            except ValueError as not_a_number:
                errors["contact.phone"] = str(not_a_number)
        email = (self.contact.get("email") or "").strip()
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                errors["contact.email"] = _("Enter a valid email address.")
        return errors

    def _consent_errors(self) -> dict[str, str]:
        errors = {}
        for kind, choices in self.consent.items():
            if kind not in RECIPIENT_KINDS:
                errors["consent"] = _("Unknown recipient: %(kind)s.") % {"kind": kind}
            elif set(choices) - {"share_contact", "share_narrative"}:
                errors[f"consent.{kind}"] = _("Only share_contact and share_narrative can be chosen.")
        return errors

    @property
    def area_code(self) -> str:
        """A listed area (by code or name) is kept in the clear for routing; anything else is sealed."""
        wanted = (self.area or "").strip().casefold()
        for code, label in settings.AREAS:
            if wanted in (code.casefold(), str(label).casefold()):
                return code
        return ""

    @property
    def area_detail(self) -> str:
        return "" if self.area_code else (self.area or "").strip()

    @property
    def clean_safe_contact(self) -> dict[str, object]:
        """Every key present, so what is sealed has one shape: a choice not made is None, no times is ""."""
        times = self.safe_contact.get("times")
        return {
            **{key: self.safe_contact.get(key) for key in SAFE_CONTACT_CHOICES},
            "times": times.strip() if isinstance(times, str) else "",
        }

    @property
    def clean_contact(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.contact.items() if isinstance(v, str) and v.strip()}
