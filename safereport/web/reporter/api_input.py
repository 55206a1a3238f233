"""What the public API takes in a request body (JSON said to be JSON, each key once, fields as its schema states) and how it refuses one."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Schema
from ninja.parser import Parser
from pydantic import BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from safereport import text_input
from safereport.intake import models
from safereport.intake.languages import REPORT_LANGUAGES


class UnsupportedMediaType(Exception):
    """The body is not declared as `application/json` in UTF-8."""


class DuplicateKey(Exception):
    """One JSON object names the same key twice."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _each_key_once(pairs: list[tuple[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")


class JSONBodyParser(Parser):
    """Reads a body only when it says it is JSON, and refuses a key given twice.

    A page on any other site can make a visitor's browser POST a form or `text/plain` body here
    without asking first (a CORS "simple" request), but not `application/json`: requiring it means
    no report or message can be filed from someone else's page. With duplicate keys Python keeps
    the last, another reader may keep the first: a consent flag could say one thing to a reviewer
    and another to the server.
    """

    def parse_body(self, request: HttpRequest):
        charset = (request.content_params or {}).get("charset", "utf-8").lower()
        if request.content_type != "application/json" or charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType()
        # Decoded here, strictly: json.loads would otherwise guess UTF-16 or UTF-32 from the bytes.
        return json.loads(request.body.decode("utf-8"), object_pairs_hook=_each_key_once, parse_constant=_not_json)


class TextRules:
    """Pydantic metadata for a text field: it enforces, and the schema states, the length, that it is
    text (text_input), and any pattern of its own.

    `published` is a pattern the schema states for a rule enforced further on (Submission.validate).
    """

    def __init__(
        self,
        max_length: int,
        *,
        multiline: bool = False,
        pattern: str | None = None,
        mismatch: str = "",
        published: str | None = None,
        description: str = "",
    ):
        self.max_length, self.multiline, self.mismatch, self.description = max_length, multiline, mismatch, description
        self.own_pattern = re.compile(pattern) if pattern else None
        self.published = published or pattern or (text_input.MULTI_LINE_PATTERN if multiline else text_input.SINGLE_LINE_PATTERN)

    def check(self, value: Any) -> Any:
        if isinstance(value, str):
            message = text_input.problem(value, multiline=self.multiline)
            if message:
                raise PydanticCustomError("not_text", message)
            # Past the length limit pydantic's own check answers; no pattern runs on a huge string.
            if self.own_pattern and len(value) <= self.max_length and not self.own_pattern.fullmatch(value):
                raise PydanticCustomError("pattern_mismatch", _(self.mismatch))
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # Checked before pydantic's own string checks, so a lone surrogate gets this message, not pydantic's.
        return core_schema.no_info_before_validator_function(self.check, core_schema.str_schema(max_length=self.max_length))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        stated = dict(handler(schema))
        stated["pattern"] = self.published
        if self.description:
            stated["description"] = self.description
        return stated


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value):
    # Pydantic alone would also take a Unix time or a datetime at midnight, which the schema's
    # `format: date` does not allow.
    if not (isinstance(value, str) and _ISO_DATE.match(value)):
        raise PydanticCustomError("date_format", _("Give the date as YYYY-MM-DD."))
    return value


# Addresses Django's EmailValidator (which Submission.validate applies) accepts, written so that
# ECMA-262 and Python read it alike: an ASCII dot-atom, hostname labels, and a top-level domain of
# 2 to 63 ASCII letters. Every address the schema allows is taken; the API refuses the rest, so a
# reader of the schema is never surprised. (Internationalised domains are not taken: punycode
# labels must be valid IDNA, which no regular expression states.)
_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$"

# The gettext_noop'd messages are the ones Submission.validate and Django already translate.
Name = Annotated[str, TextRules(200)]
# `\d` as Python reads it: a digit of any script (٠٧٧٠٠, ۰۷۷۰۰, ０７７００), which Submission.validate turns into
# ASCII (intake.phone) — the same rule as the web form. An ECMA-262 reader takes \d as 0-9 only: narrower, never wider.
Phone = Annotated[
    str,
    TextRules(
        200,
        pattern=r"^(?=(?:\D*\d){6})\+?[\d ()\-.]{6,25}$",
        mismatch=gettext_noop("Enter a phone number using digits, spaces and an optional +."),
        description="Digits (at least 6), spaces, brackets, dots and dashes, 6 to 25 of them, after an optional +.",
    ),
]
# No `format: email`: checkers differ on what that allows (local-part length, IDNA); the pattern says exactly.
Email = Annotated[
    str,
    TextRules(
        200,
        pattern=EMAIL_PATTERN,
        mismatch=gettext_noop("Enter a valid email address."),
        description="An email address, as the pattern states.",
    ),
]
Area = Annotated[
    str,
    TextRules(
        200, description="One of the listed areas by code or name; anything else is kept sealed as the reporter's own words."
    ),
]
InterpreterLanguage = Annotated[str, TextRules(40, description="Free text, kept sealed.")]
SafeTimes = Annotated[
    str,
    TextRules(
        200,
        description="When it is safe to contact the reporter, in their words; kept sealed, and given to the police only "
        "with consent to share contact details.",
    ),
]
# Blank text is refused by Submission.validate and by the message endpoint, as the pattern says.
Narrative = Annotated[
    str,
    TextRules(
        settings.NARRATIVE_MAX_CHARS,
        multiline=True,
        published=text_input.NON_BLANK_MULTI_LINE_PATTERN,
        description="What happened, in the reporter's words and language. Not blank; line breaks and tabs are fine; other "
        "control characters and lone surrogates are refused.",
    ),
]
MessageBody = Annotated[
    str,
    TextRules(
        settings.MESSAGE_MAX_CHARS,
        multiline=True,
        published=text_input.NON_BLANK_MULTI_LINE_PATTERN,
        description="Not blank; line breaks and tabs are fine; other control characters and lone surrogates are refused.",
    ),
]
# Submission.validate checks membership against the same lists; the schema states them.
CrimeTypeCode = Annotated[str, Field(json_schema_extra={"enum": list(models.CrimeType.values)})]
Language = Annotated[
    str,
    Field(
        json_schema_extra={
            "enum": list(REPORT_LANGUAGES),
            "description": "The language the report is written in: a base language code from this list, never a "
            "region (the code is stored in the clear, and a region would say where a reporter comes from).",
        }
    ),
]
OccurredOn = Annotated[date, BeforeValidator(_iso_date), Field(description="Not in the future.")]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, str] = {}


# Every operation that takes a body can answer these: the body is not JSON (400), is larger than the
# server reads (413), is not declared as JSON (415), or a field breaks a rule the schema states (422).
BODY_ERRORS = {400: ErrorOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut}
# Keyed by number, as ninja keys its own responses: a "413" beside a 413 would be a second key in the JSON document,
# and the one a reader keeps would have no schema.
BODY_ERRORS_SAID = {
    "responses": {
        400: {"description": "The body is not valid JSON in UTF-8 (`error`: `malformed`)."},
        413: {"description": f"The body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes (`error`: `too_large`)."},
        415: {"description": "The body is not declared as `Content-Type: application/json` (`error`: `unsupported_media_type`)."},
        422: {"description": "A field breaks a rule of this schema, or a key is given twice; `fields` names each one."},
    }
}
