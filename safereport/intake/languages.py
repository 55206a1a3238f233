"""Languages a report may be written in: far more than the interface is translated into."""
from django.conf.locale import LANG_INFO

# Languages commonly spoken by people with insecure status that Django's own list lacks.
_EXTRA = {"ti", "am", "so", "ps", "ku", "yo", "ha", "tl", "si", "lo", "ln", "rw", "om", "prs", "zh", "ff", "wo", "din", "nus"}
REPORT_LANGUAGES = frozenset(code for code in LANG_INFO if "-" not in code) | _EXTRA


def normalise_language(code: str) -> str | None:
    """'pt-BR' → 'pt-br'; None when the base language is not one we know."""
    code = (code or "").strip().lower().replace("_", "-")
    base = code.split("-")[0]
    return code if base in REPORT_LANGUAGES and len(code) <= 10 else None
