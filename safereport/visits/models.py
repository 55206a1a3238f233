"""Forces' recorded agreements and stations (organisation data, clear) and the visits booked (sealed where they describe the reporter)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.scoping import OrganisationScopedQuerySet
from safereport.coarse_time import DayDateTimeField


class Commitment(models.TextChoices):
    """What a force can agree to for a supported visit; the letter states each one the force agreed."""

    NO_IMMIGRATION_CHECKS = "no_immigration_checks", _("No check of your immigration status will be made.")
    NOTHING_TO_IMMIGRATION_ENFORCEMENT = (
        "nothing_to_immigration_enforcement",
        _("No information about you will be passed to immigration enforcement."),
    )
    FREE_TO_LEAVE = "free_to_leave", _("You are free to leave at any time.")
    ADVOCATE_PRESENT = "advocate_present", _("Your advocate may stay with you throughout the visit.")


def commitment_labels(codes) -> list:
    """The (lazy, so translated when shown) wording of each known commitment code, in the list's order."""
    return [Commitment(code).label for code in codes if code in Commitment.values]


class PoliceStation(models.Model):
    """A station of a force where supported visits can take place, as the organisation keeps the list."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    force = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_on = models.DateField(auto_now_add=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "force", "name"], name="one_station_name_per_force")]

    def __str__(self):
        return self.name


class ForceAgreement(models.Model):
    """One version of what a force agreed with the organisation; a new version supersedes the last, history kept."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    force = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    commitments = models.JSONField(default=list)  # Commitment codes, in Commitment's order
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_on = models.DateField(auto_now_add=True)
    # Set when a later version replaces this one, or when the force withdraws its agreement.
    superseded_on = models.DateField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["force__name", "-version"]
        constraints = [models.UniqueConstraint(fields=["organisation", "force", "version"], name="one_agreement_version")]

    @property
    def commitment_labels(self) -> list:
        return commitment_labels(self.commitments)


class VisitQuerySet(OrganisationScopedQuerySet):
    organisation_field = "report__organisation_id"


class Visit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="visits")
    station = models.ForeignKey(PoliceStation, on_delete=models.PROTECT, related_name="visits")
    # The version of the force's agreement the visit was booked under: the letter states it.
    agreement = models.ForeignKey(ForceAgreement, on_delete=models.PROTECT, related_name="visits")
    advocate = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    booked_on = DayDateTimeField(auto_now_add=True)
    # Sealed with the report's data key: the date and time of the visit (matched with a station's
    # records they could name the reporter) and the advocate's work phone for the letter.
    details_sealed = models.BinaryField()
    # The organisation-signed assurance letter (safereport.signed/1), sealed like the receipt.
    letter_sealed = models.BinaryField(null=True)
    # A cancelled visit is kept (the case's history), shows as cancelled, and its letter is no longer handed out:
    # a letter naming a time nobody will keep must not circulate. To change a visit, cancel it and book another.
    cancelled_on = DayDateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["booked_on", "id"]

    @property
    def cancelled(self) -> bool:
        return self.cancelled_on is not None

    @property
    def record_id(self) -> str:
        return f"visit:{self.pk}"
