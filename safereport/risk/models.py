"""Questionnaires (versioned, per crime type) and the assessments made with them; the answers are sealed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from safereport.accounts.scoping import OrganisationScopedQuerySet
from safereport.coarse_time import DayDateTimeField

from .questionnaire import BAND_LABELS, Definition, parse


class QuestionnaireQuerySet(models.QuerySet):
    def usable_by(self, organisation_id: int):
        """The sets shipped with SafeReport and those the organisation loaded; never another organisation's."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))


class Questionnaire(models.Model):
    """One version of a question set. Rows are never changed: a new version is a new row, so an old
    assessment always reads the questions it answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None: shipped with SafeReport (risk.builtin_sets); otherwise loaded by that organisation.
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT)
    crime_type = models.CharField(max_length=40)  # a CrimeType code, or "generic"
    version = models.CharField(max_length=40)
    definition = models.JSONField()  # the validated file (questionnaire.to_data)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["crime_type", "version"], condition=Q(organisation__isnull=True), name="risk_builtin_version_once"
            ),
            models.UniqueConstraint(
                fields=["organisation", "crime_type", "version"],
                condition=Q(organisation__isnull=False),
                name="risk_loaded_version_once",
            ),
        ]

    @property
    def parsed(self) -> Definition:
        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = self._parsed = parse(self.definition)
        return cached


class RiskAssessmentQuerySet(OrganisationScopedQuerySet):
    organisation_field = "report__organisation_id"


class RiskAssessment(models.Model):
    """One assessment of a case. A reassessment is a new row; the one with the highest `sequence` is current."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="risk_assessments")
    sequence = models.PositiveIntegerField()  # 1 for the first assessment of the case, then 2, 3 ...
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # Clear, for the queue: how many yeses, which band, and the day (to the day, like every clear time of a case).
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=list(BAND_LABELS.items()))
    assessed_on = DayDateTimeField(auto_now_add=True)
    # Sealed with the report's data key: each answer and the professional judgement describe the victim's situation.
    answers_sealed = models.BinaryField()

    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        constraints = [models.UniqueConstraint(fields=["report", "sequence"], name="risk_assessment_sequence_once")]

    @property
    def record_id(self) -> str:
        return f"risk-assessment:{self.pk}"
