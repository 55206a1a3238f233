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
from .models import CrimeType
from .phone import normalise_phone

WANTS = ("advocate", "interpreter", "immigration_advice", "police_visit")


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
        errors.update(self._contact_errors())
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
        }

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
    def clean_contact(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.contact.items() if isinstance(v, str) and v.strip()}
