"""The directory of support services an organisation refers to, and the referrals of its cases."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safereport.accounts.scoping import OrganisationScopedQuerySet
from safereport.coarse_time import DayDateTimeField


class Service(models.Model):
    """Organisation data, not case data: who the organisation refers people to. Kept in the clear."""

    class Kind(models.TextChoices):
        LEGAL = "legal", _("Legal advice")
        IMMIGRATION_ADVICE = "immigration_advice", _("Immigration advice")
        REFUGE = "refuge", _("Refuge")
        IDVA = "idva", _("IDVA service")
        INTERPRETING = "interpreting", _("Interpreters")
        HEALTH = "health", _("Health")
        MIGRANT_VICTIMS_SCHEME = "migrant_victims_scheme", _("Support scheme for migrant victims (no recourse to public funds)")

    # A referral to one of these says the person has immigration circumstances: immigration-classified.
    IMMIGRATION_KINDS = frozenset({Kind.IMMIGRATION_ADVICE, Kind.MIGRANT_VICTIMS_SCHEME})

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    languages = models.JSONField(default=list, blank=True)  # base language codes from intake.languages
    areas = models.JSONField(default=list, blank=True)  # area codes from settings.AREAS
    eligibility = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    @property
    def is_immigration(self) -> bool:
        return self.kind in self.IMMIGRATION_KINDS


class ServiceReferralQuerySet(OrganisationScopedQuerySet):
    organisation_field = "report__organisation_id"


class ServiceReferral(models.Model):
    """One referral of a case to a service. Which service, when, the outcome and any note are sealed together at
    one fixed size: a clear service column would mark the cases referred for immigration advice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="service_referrals")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = DayDateTimeField(auto_now_add=True)
    details_sealed = models.BinaryField()

    objects = ServiceReferralQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]

    @property
    def record_id(self) -> str:
        return f"service-referral:{self.pk}"
