"""Casework records: notes, immigration advice and referrals to the police."""
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


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Police liaisons see only referrals made to their own force."""
        if not user.is_authenticated or not user.is_police or user.organisation_id is None:
            return self.none()
        return self.filter(police_id=user.organisation_id)


class Referral(models.Model):
    """A disclosure package sent to a police force: sealed to the force, signed by the sender."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="referrals")
    police = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    package_sealed = models.BinaryField()
    sender_fingerprint = models.CharField(max_length=40)
    recipient_fingerprint = models.CharField(max_length=40)
    # The crime reference number, sealed to the force and, separately, to the sending organisation.
    crime_reference_for_police = models.BinaryField(null=True)
    crime_reference_for_sender = models.BinaryField(null=True)
    crime_reference_recorded_at = models.DateTimeField(null=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at"]
