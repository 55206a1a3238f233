"""An evidence file: which report it belongs to and where its sealed bytes are; nothing of what it shows."""

import uuid

from django.db import models

from safereport.coarse_time import DayDateTimeField


class EvidenceFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files of reports the user's organisation holds: the one scoping every staff view uses."""
        return self.filter(report__organisation_id=user.organisation_id)


class EvidenceFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "photo or screenshot"
        PDF = "pdf", "PDF document"
        AUDIO = "audio", "audio recording"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="evidence_files")
    # 1, 2, 3… within the report: the order files were added, and how people refer to them ("file 2").
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The file's name in the evidence storage: a random id, never the name it was sent with.
    storage_name = models.CharField(max_length=100, unique=True)
    sealed_size = models.PositiveBigIntegerField()
    added_on = DayDateTimeField(auto_now_add=True)
    # Added by the reporter with their codename (they may remove it), or by staff on their behalf (who, below).
    added_by_reporter = models.BooleanField()
    added_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The advocate who first looked at it (a photo can show a passport: it is seen before it could go anywhere).
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_on = DayDateTimeField(null=True, blank=True)
    # The reporter's consent for this file to go to the police ("1") or not ("0"): one width, sealed with the
    # report's data key like their other choices, so the row says nothing of it. Sealed "0" when the file is
    # added; only the reporter's codename page changes it (evidence.actions.set_file_consent).
    share_with_police_sealed = models.BinaryField(null=True)
    # The reporter asked for this file to be deleted: it is, on this day (the erasure's cooling-off period), by the
    # daily job, unless they keep it before then. Someone else using the codename cannot destroy evidence at once.
    removal_due_on = models.DateField(null=True, blank=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="evidence_number_once_per_report")]

    @property
    def record_id(self) -> str:
        return f"evidence:{self.pk}"
