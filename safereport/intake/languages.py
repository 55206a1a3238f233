"""Languages a report may be written in: a closed list, far longer than the interface is translated into."""

from django.conf import settings
from django.conf.locale import LANG_INFO

# Languages commonly spoken by people with insecure status that Django's own list lacks.
_EXTRA = {"ti", "am", "so", "ps", "ku", "yo", "ha", "tl", "si", "lo", "ln", "rw", "om", "prs", "zh", "ff", "wo", "din", "nus"}

# The language is stored in the clear (routing a report to someone who speaks it), so the list
# holds base language codes only: a region or script subtag ("ti-ER", "ar-SY", "zh-hant") would
# say which country a reporter comes from, and a speaker needs only the language. The interface's
# own languages are always on it, since the web form files a report in the language its pages
# were read in. docs/threat-model.md lists the codes; the OpenAPI document publishes them.
REPORT_LANGUAGES: tuple[str, ...] = tuple(
    sorted({code for code in LANG_INFO if "-" not in code} | _EXTRA | {code for code, _name in settings.LANGUAGES})
)
_KNOWN = frozenset(REPORT_LANGUAGES)


def report_language(code: str) -> str | None:
    """The code when it is on the list, exactly as listed; None otherwise (no guessing at near misses)."""
    return code if isinstance(code, str) and code in _KNOWN else None
