"""What a risk questionnaire is (its file format, checked with errors a person can act on) and how it scores."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from safereport.intake.models import CrimeType
from safereport.text_input import problem

FORMAT = 1
GENERIC = "generic"  # the set for any crime type that has none of its own
CRIME_TYPE_KEYS = (*CrimeType.values, GENERIC)

YES, NO, NOT_KNOWN = "yes", "no", "not_known"
ANSWERS = (YES, NO, NOT_KNOWN)
STANDARD, MEDIUM, HIGH = "standard", "medium", "high"
BANDS = (STANDARD, MEDIUM, HIGH)
BAND_LABELS = {STANDARD: _("Standard"), MEDIUM: _("Medium"), HIGH: _("High")}
ANSWER_LABELS = {YES: _("Yes"), NO: _("No"), NOT_KNOWN: _("Not known")}

_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TOP_KEYS = {"format", "crime_type", "version", "title", "source", "questions", "thresholds", "next_steps"}
_QUESTION_KEYS = {"id", "text", "help", "trigger"}
MAX_QUESTIONS = 60
MAX_TEXT = 600


class InvalidQuestionnaire(ValueError):
    """A questionnaire file that cannot be used; `errors` names every problem, each by where it is."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    trigger: bool  # a "yes" makes the case high risk whatever the score (professional-judgement item)


@dataclass(frozen=True)
class Definition:
    crime_type: str
    version: str
    title: str
    source: str
    questions: tuple[Question, ...]
    medium_from: int  # the score from which a case is medium risk
    high_from: int  # the score from which a case is high risk
    next_steps: Mapping[str, str]  # band -> the recommended next step

    def band(self, answers: Mapping[str, str], judgement: str = STANDARD) -> str:
        """High if any trigger is answered yes or the score reaches the high threshold; professional
        judgement may raise the band, never lower it."""
        score = self.score(answers)
        if score >= self.high_from or any(answers.get(q.id) == YES for q in self.questions if q.trigger):
            found = HIGH
        elif score >= self.medium_from:
            found = MEDIUM
        else:
            found = STANDARD
        return max(found, judgement, key=BANDS.index)

    def score(self, answers: Mapping[str, str]) -> int:
        return sum(1 for q in self.questions if answers.get(q.id) == YES)

    def triggers_answered_yes(self, answers: Mapping[str, str]) -> list[Question]:
        return [q for q in self.questions if q.trigger and answers.get(q.id) == YES]


def _text(errors: list[str], where: str, value: object, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        errors.append(f"{where}: must be {'a non-empty' if required else 'a'} text")
        return ""
    if len(value) > limit:
        errors.append(f"{where}: at most {limit} characters (this has {len(value)})")
    bad = problem(value)
    if bad:
        errors.append(f"{where}: {bad}")
    return value.strip()


def _unknown_keys(errors: list[str], where: str, data: Mapping, allowed: set[str]) -> None:
    for key in sorted(set(data) - allowed, key=str):
        errors.append(f"{where}{key}: not a field of a questionnaire (allowed: {', '.join(sorted(allowed))})")


def _questions(errors: list[str], raw: object) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append("questions: must be a non-empty list")
        return ()
    if len(raw) > MAX_QUESTIONS:
        errors.append(f"questions: at most {MAX_QUESTIONS} (this has {len(raw)})")
    found, seen = [], set()
    for n, item in enumerate(raw, start=1):
        where = f"questions[{n}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: must be a mapping with id and text")
            continue
        _unknown_keys(errors, f"{where}.", item, _QUESTION_KEYS)
        qid = item.get("id")
        if not isinstance(qid, str) or not _QUESTION_ID.match(qid):
            errors.append(f"{where}.id: must be lower-case letters, digits and _ (at most 40, starting with a letter)")
        elif qid in seen:
            errors.append(f"{where}.id: {qid!r} is used by an earlier question")
        seen.add(qid)
        trigger = item.get("trigger", False)
        if not isinstance(trigger, bool):
            errors.append(f"{where}.trigger: must be true or false")
        found.append(
            Question(
                id=qid if isinstance(qid, str) else "",
                text=_text(errors, f"{where}.text", item.get("text")),
                help=_text(errors, f"{where}.help", item.get("help"), required=False),
                trigger=trigger is True,
            )
        )
    return tuple(found)


def _thresholds(errors: list[str], raw: object, count: int) -> tuple[int, int]:
    if not isinstance(raw, dict) or set(raw) != {MEDIUM, HIGH}:
        errors.append("thresholds: must give exactly medium and high (the score from which each band starts)")
        return 0, 0
    medium, high = raw[MEDIUM], raw[HIGH]
    for name, value in ((MEDIUM, medium), (HIGH, high)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(f"thresholds.{name}: must be a whole number of at least 1")
            return 0, 0
    if not medium < high:
        errors.append(f"thresholds: medium ({medium}) must be lower than high ({high})")
    if count and high > count:
        errors.append(f"thresholds.high: {high} is more than the {count} questions, so no score could reach it")
    return medium, high


def _next_steps(errors: list[str], raw: object) -> dict[str, str]:
    if not isinstance(raw, dict) or set(raw) != set(BANDS):
        errors.append("next_steps: must give exactly standard, medium and high (the recommended next step for each band)")
        return {}
    return {band: _text(errors, f"next_steps.{band}", raw[band], limit=2 * MAX_TEXT) for band in BANDS}


def parse(data: object) -> Definition:
    """A definition from a questionnaire file's parsed content; InvalidQuestionnaire lists every problem."""
    if not isinstance(data, dict):
        raise InvalidQuestionnaire(["the file must hold one mapping (format, crime_type, version, title, questions, ...)"])
    errors: list[str] = []
    _unknown_keys(errors, "", data, _TOP_KEYS)
    if data.get("format") != FORMAT:
        errors.append(f"format: must be {FORMAT} (the version of this file format)")
    crime_type = data.get("crime_type")
    if crime_type not in CRIME_TYPE_KEYS:
        errors.append(f"crime_type: must be one of {', '.join(CRIME_TYPE_KEYS)}")
    version = data.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        errors.append("version: must be letters, digits, '.', '_' or '-' (at most 40), e.g. 2027.1")
    title = _text(errors, "title", data.get("title"), limit=200)
    source = _text(errors, "source", data.get("source"), required=False)
    questions = _questions(errors, data.get("questions"))
    medium, high = _thresholds(errors, data.get("thresholds"), len(questions))
    next_steps = _next_steps(errors, data.get("next_steps"))
    if errors:
        raise InvalidQuestionnaire(errors)
    return Definition(str(crime_type), str(version), title, source, questions, medium, high, next_steps)


def to_data(definition: Definition) -> dict:
    """The file form of a definition: what is stored, and what `parse` reads back to the same definition."""
    return {
        "format": FORMAT,
        "crime_type": definition.crime_type,
        "version": definition.version,
        "title": definition.title,
        "source": definition.source,
        "questions": [
            {"id": q.id, "text": q.text, **({"help": q.help} if q.help else {}), "trigger": q.trigger}
            for q in definition.questions
        ],
        "thresholds": {MEDIUM: definition.medium_from, HIGH: definition.high_from},
        "next_steps": dict(definition.next_steps),
    }
