"""Assess a case's risk and read an assessment back; each runs signed in, with the organisation's keys unlocked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .models import Questionnaire, RiskAssessment
from .questionnaire import ANSWERS, BANDS, HIGH, STANDARD, Definition, Question

# One character per answer and for the judgement: a sealed row's length then depends only on how
# many questions the set has, never on how they were answered.
_ANSWER_CODES = {"yes": "y", "no": "n", "not_known": "u"}
_BAND_CODES = {"standard": "s", "medium": "m", "high": "h"}


class MissingAnswers(ValueError):
    """Questions left unanswered (or answered with something other than yes, no or not known): nothing was saved."""

    def __init__(self, questions: list[Question]):
        self.questions = questions
        super().__init__("Unanswered: " + ", ".join(q.id for q in questions))


@dataclass(frozen=True)
class OpenedAssessment:
    assessment: RiskAssessment
    definition: Definition
    answers: dict[str, str]  # question id -> yes / no / not_known
    judgement: str  # the band professional judgement asked for (standard when none)

    @property
    def rows(self) -> list[tuple[Question, str]]:
        return [(q, self.answers.get(q.id, "")) for q in self.definition.questions]

    @property
    def triggers(self) -> list[Question]:
        return self.definition.triggers_answered_yes(self.answers)


def _seal(cipher: RecordCipher, answers: Mapping[str, str], judgement: str, definition: Definition) -> bytes:
    body = {"a": {q.id: _ANSWER_CODES[answers[q.id]] for q in definition.questions}, "j": _BAND_CODES[judgement]}
    return cipher.seal("answers", json.dumps(body, separators=(",", ":"), sort_keys=True))


def _unseal(cipher: RecordCipher, blob) -> tuple[dict[str, str], str]:
    body = json.loads(cipher.open("answers", blob))
    answer_of = {code: answer for answer, code in _ANSWER_CODES.items()}
    band_of = {code: band for band, code in _BAND_CODES.items()}
    return {qid: answer_of[code] for qid, code in body["a"].items()}, band_of[body["j"]]


@transaction.atomic
def assess(
    report: Report,
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    unlocked: UnlockedOrganisation,
    user,
    *,
    judgement: str = STANDARD,
) -> RiskAssessment:
    """A new assessment, the case's current one from now on; earlier ones stay as its history.

    Every question must be answered yes, no or not known (MissingAnswers names the others, and
    nothing is saved). Professional judgement can raise the band above what the answers give.
    """
    if questionnaire.organisation_id not in (None, report.organisation_id):
        raise LookupError("This questionnaire belongs to another organisation.")
    if judgement not in BANDS:
        raise ValueError(f"Unknown band {judgement!r}.")
    definition = questionnaire.parsed
    missing = [q for q in definition.questions if answers.get(q.id) not in ANSWERS]
    if missing:
        raise MissingAnswers(missing)
    # Locking the report serialises two reassessments of one case, so each takes the next number.
    Report.objects.select_for_update().filter(pk=report.pk).first()
    sequence = (report.risk_assessments.aggregate(last=Max("sequence"))["last"] or 0) + 1
    key = records.open_with_organisation(report.data_key_id, unlocked)
    assessment = RiskAssessment(
        report=report,
        sequence=sequence,
        questionnaire=questionnaire,
        assessed_by=user,
        score=definition.score(answers),
        band=definition.band(answers, judgement),
    )
    assessment.answers_sealed = _seal(RecordCipher(key, assessment.record_id), answers, judgement, definition)
    assessment.save(force_insert=True)
    Report.objects.filter(pk=report.pk).update(risk_high=assessment.band == HIGH)
    record(AuditAction.RISK_ASSESSED, actor=actor_of(user), target=report.reference, assessment=assessment.record_id)
    return assessment


def open_assessment(assessment: RiskAssessment, unlocked: UnlockedOrganisation, user) -> OpenedAssessment:
    """The answers of one assessment, opened with the report's key; the reading is audited."""
    key = records.open_with_organisation(assessment.report.data_key_id, unlocked)
    answers, judgement = _unseal(RecordCipher(key, assessment.record_id), assessment.answers_sealed)
    record(
        AuditAction.RISK_ASSESSMENT_READ,
        actor=actor_of(user),
        target=assessment.report.reference,
        assessment=assessment.record_id,
    )
    return OpenedAssessment(assessment, assessment.questionnaire.parsed, answers, judgement)


@dataclass(frozen=True)
class RiskHistory:
    """Every assessment of a case, the current (latest) first: band, score and day only, nothing opened."""

    assessments: list[RiskAssessment]

    @property
    def current(self) -> RiskAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def next_step(self) -> str:
        """The current band's recommended next step, in the set's own (untranslated) words."""
        current = self.current
        return current.questionnaire.parsed.next_steps[current.band] if current else ""


def history(report: Report) -> RiskHistory:
    return RiskHistory(list(report.risk_assessments.select_related("questionnaire", "assessed_by").order_by("-sequence")))
