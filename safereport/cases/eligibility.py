"""The immigration-advice eligibility helper: which routes open to migrant victims may apply, for an adviser.

Its answers are immigration-classified: sealed as a case note of the one fixed size (notes.py), read
and written only by an immigration adviser, and never part of any referral, package or statistic.
The wording is our own and deliberately cautious: it points a regulated adviser at routes to check,
it decides nothing, and it is not legal advice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from safereport.intake.models import Report

from .immigration_advice import require_adviser
from .models import CaseNote
from .notes import ELIGIBILITY, IMMIGRATION_ELIGIBILITY, kind_of, write_note

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWERS = (YES, NO, UNKNOWN)

QUESTIONS = {
    "last_permission_as_partner": _(
        "Was the person's most recent permission to stay granted as the partner of a British citizen or of someone settled in the UK?"
    ),
    "relationship_ended_by_abuse": _("Did the relationship break down because of domestic abuse?"),
    "without_funds": _("Is the person without money to live on, or barred from public funds?"),
    "investigation_live": _("Is a police investigation or a prosecution of the crime still going on?"),
    "exploitation_indicators": _("Are there signs of trafficking, forced labour or other exploitation?"),
}


@dataclass(frozen=True)
class Route:
    name: str
    applies: str  # "may apply" when every answer it needs is yes; "check" when some are not known
    explanation: str
    to_check: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    written_at: datetime
    author: object
    answers: dict

    @property
    def routes(self) -> list[Route]:
        return routes_for(self.answers)


class BadAnswers(ValueError):
    def __init__(self, field: str):
        self.field = field
        super().__init__(f"{field}: answer yes, no or not known.")


def _route(answers: dict, needs: tuple[str, ...], name, explanation) -> Route | None:
    given = [answers.get(q, UNKNOWN) for q in needs]
    if NO in given:
        return None
    unknown = tuple(str(QUESTIONS[q]) for q, a in zip(needs, given, strict=True) if a == UNKNOWN)
    return Route(str(name), "check" if unknown else "may apply", str(explanation), unknown)


def routes_for(answers: dict) -> list[Route]:
    """What relief may apply on these answers, in our own neutral words; empty when none seems to."""
    candidates = [
        _route(
            answers,
            ("last_permission_as_partner", "relationship_ended_by_abuse", "without_funds"),
            _("Domestic-abuse concession"),
            _(
                "A short period of permission to stay with access to public funds, for someone whose last permission was "
                "as a partner and who needs support while an application to settle as a victim of domestic abuse is made."
            ),
        ),
        _route(
            answers,
            ("last_permission_as_partner", "relationship_ended_by_abuse"),
            _("Settlement as a victim of domestic abuse"),
            _("An application to settle for a partner whose relationship ended because of domestic abuse."),
        ),
        _route(
            answers,
            ("relationship_ended_by_abuse", "without_funds"),
            _("Support scheme for migrant victims with no recourse to public funds"),
            _(
                "Short-term help with accommodation and living costs for a migrant victim of domestic abuse while they get "
                "immigration advice, whatever their last permission was."
            ),
        ),
        _route(
            answers,
            ("investigation_live",),
            _("Protections while an investigation or prosecution is live"),
            _(
                "Under the Home Office's protocol for migrant victims, enforcement action may be paused while the police "
                "investigate or a prosecution runs. Note the force and the crime reference, and confirm with the force."
            ),
        ),
        _route(
            answers,
            ("exploitation_indicators",),
            _("Referral as a possible victim of modern slavery"),
            _(
                "A first responder organisation may refer the person, with their consent, for a decision that can bring "
                "support and a period of protection."
            ),
        ),
    ]
    return [route for route in candidates if route is not None]


def record_answers(report: Report, key: bytes, answers: dict, user) -> CaseNote:
    """A new, sealed assessment in the case's history (earlier ones are kept); by an adviser only."""
    require_adviser(user)
    for question in QUESTIONS:
        if answers.get(question) not in ANSWERS:
            raise BadAnswers(question)
    body = json.dumps({q: answers[q] for q in QUESTIONS}, sort_keys=True)
    return write_note(report, key, IMMIGRATION_ELIGIBILITY + body, user)


def answers_from(opened: list[tuple[CaseNote, str]]) -> list[Assessment]:
    found = []
    for note, body in opened:
        kind, text = kind_of(body)
        if kind == ELIGIBILITY:
            found.append(Assessment(note.written_at, note.author, json.loads(text)))
    return found
