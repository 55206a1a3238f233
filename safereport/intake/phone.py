"""Phone numbers as reporters type them: digits of any script accepted, stored as ASCII digits."""

import re
import unicodedata

from django.utils.translation import gettext as _

# What may remain once every digit is ASCII: a leading +, digits, and the separators people type.
PHONE_PATTERN = re.compile(r"\+?[0-9 ()\-.]{6,25}")
# Invisible direction marks that Arabic and Persian keyboards and copy-paste put around numbers.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def normalise_phone(typed: str) -> str:
    """The number with every digit as ASCII (٠٧٧٠٠, ۰۷۷۰۰ and ０７７００ all become 07700); ValueError says why not."""
    # NFKC folds full-width digits, plus signs and spaces; Arabic-Indic and Persian digits need unicodedata.decimal.
    text = unicodedata.normalize("NFKC", typed).translate(_DIRECTION_MARKS).strip()
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    text = " ".join(text.split())
    if not PHONE_PATTERN.fullmatch(text) or sum(ch.isdigit() for ch in text) < 6:
        raise ValueError(_("Enter only the phone number: digits, spaces or dashes, and + at the start if you need it."))
    return text
