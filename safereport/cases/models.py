"""Casework records: notes and immigration advice."""

import uuid

from django.conf import settings
from django.db import models


class CaseNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    written_at = models.DateTimeField(auto_now_add=True)
    body_sealed = models.BinaryField()

    class Meta:
        ordering = ["written_at", "id"]

    @property
    def record_id(self) -> str:
        return f"note:{self.pk}"


class ImmigrationAdvice(models.Model):
    """Notes for giving immigration advice. Classified `immigration`: they never leave the organisation."""

    report = models.OneToOneField("intake.Report", on_delete=models.CASCADE, primary_key=True, related_name="immigration_advice")
    notes_sealed = models.BinaryField()

    @property
    def record_id(self) -> str:
        return f"immigration-advice:{self.report_id}"


class StatusChange(models.Model):
    """One change of a case's status, kept for the timeline (the report row holds only the latest)."""

    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="status_changes")
    old = models.CharField(max_length=20)
    new = models.CharField(max_length=20)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # A member of staff's action, to the second, as a note's time is (CaseNote.written_at).
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
