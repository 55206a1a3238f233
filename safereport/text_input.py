"""What counts as text in a field a person types into: no control characters, no lone surrogates.

Every path that takes typed text (the public API, the reporter's and the staff's forms, messages,
notes and replies) checks it here, so "text" means one thing everywhere. Control characters hide
content from a reader (a NUL cuts a string short in C code and PostgreSQL refuses it, an escape
sequence can rewrite a terminal), and a lone surrogate cannot be encoded as UTF-8, so it could
never be sealed, stored or shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# The patterns are written so that ECMA-262 (JSON Schema, browsers) and Python's `re` read them the
# same way: the OpenAPI document publishes them, and the server enforces exactly them.
# Control characters are Unicode category Cc: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F).
# Text with lines may also hold tab, line feed and carriage return (browsers send a textarea's
# line breaks as CR LF).
_CONTROLS = r"\u0000-\u001f\u007f-\u009f"
_CONTROLS_BUT_LINES = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
# What Python's str.strip() removes, less the control characters refused anyway (the test checks
# this against str.isspace for every code point).
_SPACES = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

SINGLE_LINE_PATTERN = rf"^[^{_CONTROLS}]*$"
MULTI_LINE_PATTERN = rf"^[^{_CONTROLS_BUT_LINES}]*$"
# Multi-line text with at least one character that is not a space: written so that no part of a
# string can match two ways, so matching stays linear however long the text.
NON_BLANK_MULTI_LINE_PATTERN = rf"^[\t\n\r{_SPACES}]*[^{_CONTROLS}{_SPACES}][^{_CONTROLS_BUT_LINES}]*$"

_SINGLE_LINE_REFUSED = re.compile(rf"[{_CONTROLS}]")
_MULTI_LINE_REFUSED = re.compile(rf"[{_CONTROLS_BUT_LINES}]")
# A str decoded from UTF-8 or from JSON holds a surrogate code point only when it is unpaired
# (json.loads joins a valid pair into one character).
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is not acceptable text, in words a person can act on; None when it is."""
    if _SURROGATE.search(value):
        return _("This contains a broken character (half of a character pair). Type the text again.")
    if multiline and _MULTI_LINE_REFUSED.search(value):
        return _("This contains control characters, which are not text. Remove them (line breaks and tabs are fine).")
    if not multiline and _SINGLE_LINE_REFUSED.search(value):
        return _("This contains control characters or line breaks, which this field does not take. Remove them.")
    return None


def problems(values: Mapping[str, object], *, multiline: Collection[str] = ()) -> dict[str, str]:
    """The fields among `values` (name → value) whose text is not acceptable, each with the reason.

    Values that are not strings are left to the caller's own type checks.
    """
    found = {}
    for name, value in values.items():
        if isinstance(value, str):
            message = problem(value, multiline=name in multiline)
            if message:
                found[name] = message
    return found


@deconstructible
class TextValidator:
    """A Django validator: refuses control characters (but line breaks and tabs, if `multiline`) and lone surrogates."""

    code = "not_text"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        message = problem(str(value), multiline=self.multiline)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline


class TextOnlyForm(forms.Form):
    """A form whose every text field takes only text: multi-line where the widget is a textarea.

    Passwords are left alone: they are never shown or stored, and refusing characters a password
    manager generated would only lock someone out.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                # TextValidator refuses NUL too; Django's own NUL check would only repeat the error.
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators.append(TextValidator(multiline=isinstance(field.widget, forms.Textarea)))
