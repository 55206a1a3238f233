"""The language a narrative is written in, which may not be the language of the pages it was typed on.

Lingua ships its models inside the package (nothing is downloaded, ever) and is built here for a
short list of languages only: with all 75 it takes ~300 MB and misreads short phrases. It runs in
low-accuracy mode (trigram models only): ~60 MB and under a second to load, once per process,
then well under a millisecond a narrative; the high-accuracy models took ~380 MB and ~10 s to
load for the same list, which a submission cannot wait for. Narratives are sentences, where both
modes agree (the tests hold the samples). Lingua has no Tigrinya or Amharic: Ethiopic script is
recognised by its Unicode ranges instead.

When unsure (too few letters, or two languages too close) the form's language stands: a wrong
guess would route a report away from the people who can read it.
"""

from __future__ import annotations

import re
import threading
from functools import cache

from .languages import report_language

# Base codes only (see languages.py). Chosen for who reports: the interface's languages and the
# languages most spoken by people with insecure status in the UK that lingua knows.
DETECTED_LANGUAGES: tuple[str, ...] = (
    "ar", "bn", "en", "es", "fa", "fr", "pl", "pt", "ro", "ru", "so", "sq", "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip
# Fewer letters than this and lingua guesses ("Hola" came out Turkish): keep the form's language.
MIN_LETTERS = 12
# How far ahead the best language must be of the next one (lingua's relative distance), and how
# sure of it lingua must be: short mixed text in low-accuracy mode can come out as a third
# language ("Estou aqui, estoy aquí, no sé" scored Turkish 0.75), which these thresholds refuse.
MIN_RELATIVE_DISTANCE = 0.2
MIN_CONFIDENCE = 0.8
# Ethiopic, Ethiopic Supplement, Ethiopic Extended, Ethiopic Extended-A.
_ETHIOPIC = ((0x1200, 0x137F), (0x1380, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))
# Letters Tigrinya writes and Amharic (almost) never does: ኣ (Tigrinya's initial a) and the ቐ series.
_TIGRINYA_MARKS = frozenset(["\u12a3", *map(chr, range(0x1250, 0x125E))])
_ETHIOPIC_LANGUAGES = ("ti", "am")

_lock = threading.Lock()


_ETHIOPIC_CHARS = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _ETHIOPIC) + "]")


def _ethiopic_letters(text: str) -> int:
    # The regular expression finds the few candidates at C speed; a per-character test of all 600 cost ~1 ms.
    return sum(1 for char in _ETHIOPIC_CHARS.findall(text) if char.isalpha())


@cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in DETECTED_LANGUAGES]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .with_low_accuracy_mode()
        .build()
    )


def load() -> None:
    """Build the detector now (a server calls this at start), so no reporter waits for it."""
    with _lock:
        _detector()


def _ethiopic_language(text: str, fallback: str) -> str:
    if fallback in _ETHIOPIC_LANGUAGES:
        return fallback
    return "ti" if any(char in _TIGRINYA_MARKS for char in text) else "am"


def detect_language(text: str, fallback: str) -> str:
    """The narrative's base language code, or `fallback` (the form's language) when unsure."""
    letters = sum(map(str.isalpha, text))
    if letters < MIN_LETTERS:
        return fallback
    ethiopic = _ethiopic_letters(text)
    if ethiopic * 2 > letters:
        return _ethiopic_language(text, fallback)
    with _lock:
        detector = _detector()
    # One pass of the models, not two: lingua's detect_language_of computes these same values and refuses
    # when the best is less than MIN_RELATIVE_DISTANCE ahead of the next. The values sum to 1, so a best of
    # MIN_CONFIDENCE (0.8) is at least 0.6 ahead of any other: that refusal is implied here (a test holds it).
    values = detector.compute_language_confidence_values(text)
    if not values:
        return fallback
    best = values[0]
    if best.value < MIN_CONFIDENCE or (len(values) > 1 and values[1].value == best.value):
        return fallback
    return report_language(best.language.iso_code_639_1.name.lower()) or fallback
