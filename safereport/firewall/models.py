"""What leaves the organisation: the disclosure-request register and referrals to the police."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from safereport.accounts.scoping import OrganisationScopedQuerySet
from safereport.coarse_time import DayDateTimeField

from .investigation import InvestigationStatus, Outcome
from .policy import COMPELLABLE_FIELDS, COURT_ORDER, IMMIGRATION_ENFORCEMENT, Compulsion

if TYPE_CHECKING:
    from safereport.intake.models import Report


def ERASE_PACKAGE(collector, field, sub_objs, using):
    """on_delete (named like Django's SET_NULL, whose place it takes) for a request's report and its data
    key: the register entry stays, but the package content goes with the report, so an erased report
    leaves no readable copy here (rule 7)."""
    model = field.model
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(model._meta.get_field("package_sealed"), None, sub_objs)
    collector.add_field_update(model._meta.get_field("report_erased"), True, sub_objs)


class DisclosureRequestQuerySet(OrganisationScopedQuerySet):
    """Caseworkers see their own organisation's register."""

    def any_for_immigration_enforcement(self) -> bool:
        return self.filter(agency_kind=IMMIGRATION_ENFORCEMENT).exists()


class DisclosureRequest(models.Model):
    class AgencyKind(models.TextChoices):
        POLICE = "police", _("Police")
        IMMIGRATION_ENFORCEMENT = IMMIGRATION_ENFORCEMENT, _("Immigration enforcement")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        COURT = "court", _("Court")
        OTHER = "other", _("Other agency")

    class LegalBasisKind(models.TextChoices):
        COURT_ORDER = COURT_ORDER, _("Court order")
        STATUTORY_POWER = "statutory_power", _("Statutory power")
        OTHER = "other", _("Other legal basis")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        REFUSED = "refused", _("Refused")
        APPROVED = "approved", _("Approved")
        DISCLOSED = "disclosed", _("Disclosed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="disclosure_requests")
    agency_kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    agency_name = models.CharField(max_length=200)
    received_at = models.DateTimeField()
    # Erasure deletes the report; the register entry stays (it is the organisation's record of
    # what it was asked and did, and which fields went) but no longer points at anything, and the
    # package content is deleted with the report (see ERASE_PACKAGE).
    report = models.ForeignKey(
        "intake.Report", null=True, blank=True, on_delete=ERASE_PACKAGE, related_name="disclosure_requests"
    )
    report_erased = models.BooleanField(default=False)
    compulsion_claimed = models.BooleanField(default=False)
    legal_basis_kind = models.CharField(max_length=20, choices=LegalBasisKind.choices, blank=True)
    legal_basis_names_immigration = models.BooleanField(default=False)
    requested_fields = models.JSONField(default=list, blank=True)
    # Sealed to the organisation's public key: what was asked and the cited basis can name a
    # person (and, from immigration enforcement, state their status); registering needs no key.
    asked_sealed = models.BinaryField()
    legal_basis_sealed = models.BinaryField(null=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_reason = models.TextField(blank=True)
    refused_by_default = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    withheld_from_reporter = models.BooleanField(default=False)
    withheld_reason = models.TextField(blank=True)
    # Recorded from the order itself: for immigration enforcement this is the only ground on
    # which the reporter is not told of a disclosure.
    order_forbids_telling = models.BooleanField(default=False)
    # A court order's reference and a copy of it (PDF or image), sealed to the organisation: they
    # name the parties. The copy is the agency's document, kept as received.
    court_order_reference_sealed = models.BinaryField(null=True)
    court_order_copy_sealed = models.BinaryField(null=True)
    court_order_copy_type = models.CharField(max_length=30, blank=True)
    # The approving supervisor's written legal review, sealed to the organisation.
    legal_review_sealed = models.BinaryField(null=True)
    # The compelled package, sealed under the report's own data key (opened through the
    # organisation key), so destroying that key on erasure destroys every copy of the content,
    # backups included. It may hold immigration data when the legal basis named it, so it is
    # classified `immigration` and leaves only by download. Packages made before this was so
    # have no package_key and are sealed to the organisation; erasure deletes them as well.
    package_sealed = models.BinaryField(null=True)
    package_key = models.ForeignKey("vault.DataKey", null=True, blank=True, on_delete=ERASE_PACKAGE, related_name="+")
    disclosed_fields = models.JSONField(default=list, blank=True)
    sealed_to = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisclosureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-created_at"]
        constraints = [
            # Dual control, enforced by the database as well as the action: one person cannot
            # both record a compelled disclosure and approve it.
            models.CheckConstraint(condition=~Q(approved_by=F("recorded_by")), name="disclosure_request_two_people"),
            models.CheckConstraint(
                condition=Q(decision__in=["pending", "refused"]) | Q(compulsion_claimed=True) & ~Q(legal_basis_kind=""),
                name="disclosure_request_compulsion_for_approval",
            ),
            models.CheckConstraint(
                condition=Q(withheld_from_reporter=False) | ~Q(withheld_reason=""),
                name="disclosure_request_withholding_has_reason",
            ),
            # Rule 4 for immigration enforcement: only a court order, attached, with a written
            # legal review, can ever be approved.
            models.CheckConstraint(
                condition=Q(decision__in=["pending", "refused"])
                | ~Q(agency_kind=IMMIGRATION_ENFORCEMENT)
                | Q(
                    legal_basis_kind=COURT_ORDER,
                    court_order_reference_sealed__isnull=False,
                    court_order_copy_sealed__isnull=False,
                    legal_review_sealed__isnull=False,
                ),
                name="disclosure_request_immigration_only_court_order",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def record_id(self) -> str:
        return f"disclosure-request:{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING

    def compulsion(self) -> Compulsion:
        return Compulsion(
            claimed=self.compulsion_claimed,
            basis_kind=self.legal_basis_kind,
            names_immigration=self.legal_basis_names_immigration,
            fields=frozenset(self.requested_fields),
        )

    def requested_field_labels(self) -> list[str]:
        return [str(COMPELLABLE_FIELDS[name].label) for name in self.requested_fields if name in COMPELLABLE_FIELDS]

    def disclosed_field_labels(self) -> list[str]:
        return [str(COMPELLABLE_FIELDS[name].label) for name in self.disclosed_fields if name in COMPELLABLE_FIELDS]

    @property
    def is_for_immigration_enforcement(self) -> bool:
        return self.agency_kind == self.AgencyKind.IMMIGRATION_ENFORCEMENT

    @property
    def package_erased(self) -> bool:
        """A package was made, and its content went when the reporter erased the report."""
        return self.report_erased and self.decision == self.Decision.DISCLOSED


class ReferralQuerySet(OrganisationScopedQuerySet):
    """Police liaisons see only referrals made to their own force."""

    organisation_field = "police_id"
    audience = "is_police"


class Referral(models.Model):
    """A disclosure package sent to a police force: sealed to the force, signed by the sender.

    When the reporter erases the report the referral is withdrawn (firewall.withdrawal.withdraw_referrals):
    `report`, the package and all else sealed about it go; `report_reference` and `withdrawn_on` say which
    referral it was and when it was withdrawn, so the force is told to delete its copies.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey("intake.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")
    # The report's reference as the package carried it: the force files its copy under it, so it is how a
    # withdrawn referral tells the force which copy to delete.
    report_reference = models.CharField(max_length=20, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    police = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    package_sealed = models.BinaryField(null=True)
    # The referral's own key (firewall.referral_keys), sealed to the force and the sender: everything sealed about
    # the referral is under it too, so destroying it on withdrawal leaves no copy anywhere that opens.
    sealing_key = models.ForeignKey("vault.DataKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender_fingerprint = models.CharField(max_length=40)
    recipient_fingerprint = models.CharField(max_length=40)
    # The crime reference number, sealed to the force and, separately, to the sending organisation.
    crime_reference_for_police = models.BinaryField(null=True)
    crime_reference_for_sender = models.BinaryField(null=True)
    crime_reference_recorded_at = models.DateTimeField(null=True)
    # The day the reporter last kept back more of their narrative after this package was made: the
    # force's page then stops showing the narrative (firewall.reporter_withholding). The day only.
    reporter_withheld_more_on = DayDateTimeField(null=True, blank=True)
    # The crime reference again, sealed under the report's own data key so the reporter's codename opens it:
    # copied by the sending organisation's session, which alone can open both sides (firewall.police_updates).
    crime_reference_for_reporter = models.BinaryField(null=True)
    # Where the investigation stands, as the force last recorded it: codes from fixed lists, clear for the
    # queues and outcome statistics. The history of updates is sealed (PoliceUpdate).
    investigation_status = models.CharField(
        max_length=30, choices=InvestigationStatus.choices, default=InvestigationStatus.RECEIVED
    )
    outcome = models.CharField(max_length=40, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    status_updated_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        db_table = "cases_referral"  # moved from cases with its table (state-only migration)
        ordering = ["-made_at"]
        constraints = [
            # An outcome comes with its date, and only with one.
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True) | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="referral_outcome_has_its_date",
            ),
        ]

    @property
    def record_id(self) -> str:
        return f"referral:{self.pk}"

    @property
    def withdrawn(self) -> bool:
        """The reporter erased the report: only the stub is left."""
        return self.withdrawn_on is not None

    class Withdrawn(Exception):
        """The referral's report was erased: nothing of it is left to open, send or record against."""

    @property
    def live_report(self) -> "Report":
        """The report this referral carries; a withdrawn stub has none and refuses (Referral.Withdrawn)."""
        if self.report is None:
            raise Referral.Withdrawn(f"The referral {self.report_reference} was withdrawn: its report was erased.")
        return self.report

    @property
    def sealed_package(self) -> bytes:
        if self.package_sealed is None:
            raise Referral.Withdrawn(f"The referral {self.report_reference} was withdrawn: its package was deleted.")
        return bytes(self.package_sealed)

    @property
    def reference(self) -> str:
        return self.report.reference if self.report is not None else self.report_reference


class ReferralFile(models.Model):
    """An evidence file sent with a referral: the reporter agreed to it and an advocate had looked at it.

    Its bytes (type and cleaned content) are sealed to the force's key that received the referral, like the
    package. It goes when the referral is withdrawn, when the reporter takes back their consent for the file,
    and with the evidence file itself (removed, or erased with the report).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="files")
    evidence = models.ForeignKey("evidence.EvidenceFile", on_delete=models.CASCADE, related_name="+")
    # The file's number in the report ("file 2"), as the package lists it.
    number = models.PositiveSmallIntegerField()
    content_sealed = models.BinaryField()

    class Meta:
        ordering = ["referral", "number"]
        constraints = [models.UniqueConstraint(fields=["referral", "number"], name="referral_file_number_once")]


class PoliceUpdate(models.Model):
    """One entry in what passed between a force and the sending organisation about a referral.

    Written by either side, read by both: what it says is sealed to the force and, separately, to
    the sending organisation, as the crime reference is. Only its kind, author and time are clear.
    """

    class Kind(models.TextChoices):
        INVESTIGATION = "investigation", _("Investigation update")
        CRIME_REFERENCE = "crime_reference", _("Crime reference recorded")
        CONTACT_REQUEST = "contact_request", _("Request for contact through the advocate")
        CONTACT_ANSWER = "contact_answer", _("Advocate's answer")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    # The contact request an answer answers.
    answers = models.OneToOneField("self", null=True, blank=True, on_delete=models.CASCADE, related_name="answer")
    details_for_police_sealed = models.BinaryField()
    details_for_sender_sealed = models.BinaryField()

    class Meta:
        ordering = ["written_at", "id"]


class PublishedQuarter(models.Model):
    """A completed quarter of the public transparency report, frozen the first time it is asked for after it ends.

    Only completed quarters are published, and a published one never changes: a count that moved on the day a
    request or a referral happened would tell someone watching the page about that day (firewall.transparency).
    The counts are the public ones, before small numbers are suppressed; nothing here names a request or a report.
    """

    id = models.BigAutoField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    counts = models.JSONField()
    # When its counts were read: a request recorded after this counts in the quarter it was recorded.
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="published_quarter_once")]
