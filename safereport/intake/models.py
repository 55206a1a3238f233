"""Reports, the messages on them and the reporter's consents. Content fields are sealed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from safereport.accounts.scoping import OrganisationScopedQuerySet
from safereport.coarse_time import DayDateTimeField


class CrimeType(models.TextChoices):
    """The one vocabulary of crime types: the form, the API, packages, receipts and statistics use it."""

    DOMESTIC_ABUSE = "domestic_abuse", _("Domestic abuse")
    SEXUAL_VIOLENCE = "sexual_violence", _("Rape or sexual assault")
    TRAFFICKING = "trafficking", _("Trafficking, forced labour or exploitation")
    HATE_CRIME = "hate_crime", _("Hate crime")
    ASSAULT = "assault", _("Physical assault")
    THEFT = "theft", _("Theft, robbery or burglary")
    FRAUD = "fraud", _("Fraud or scam")
    HARASSMENT = "harassment", _("Stalking or harassment")
    OTHER = "other", _("Something else")


class ReportedBy(models.TextChoices):
    """Who gives the account, as hate-crime reporting forms ask; clear, for statistics (blank: not said)."""

    VICTIM = "victim", _("The person this happened to")
    WITNESS = "witness", _("A witness")
    THIRD_PARTY = "third_party", _("Someone reporting for the person it happened to")


def crime_type_label(code: str, fallback: str | None = None) -> str:
    """The label in the active language; an unknown code (an old package) shows the fallback or itself."""
    if code in CrimeType.values:
        return str(CrimeType(code).label)
    return fallback if fallback is not None else code


# Every status but closed (Report.Status), spelt out because the model's indexes need it before the
# class exists; intake/tests check the two agree.
OPEN_STATUSES = ("new", "in_progress", "referred")
# What the triage queue filters on (cases.queue), carried in its open-case indexes.
QUEUE_FILTER_COLUMNS = (
    "crime_type",
    "area",
    "language",
    "status",
    "assigned_to",
    "wants_advocate",
    "wants_interpreter",
    "wants_police_visit",
    "unread_reply",
)


class Report(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="reports")
    data_key = models.OneToOneField("vault.DataKey", on_delete=models.PROTECT, related_name="report")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    # Clear, for routing, queues and statistics; none of these identifies a person.
    crime_type = models.CharField(max_length=40, choices=CrimeType.choices)
    language = models.CharField(max_length=10)
    area = models.CharField(max_length=40, blank=True)
    occurred_month = models.DateField(null=True, blank=True)
    wants_advocate = models.BooleanField(default=False)
    wants_interpreter = models.BooleanField(default=False)
    wants_police_visit = models.BooleanField(default=False)
    # Who gives the account (statistics: hate-crime returns count it); blank when not said.
    reported_by = models.CharField(max_length=12, choices=ReportedBy.choices, blank=True, default="")
    # Filed by a member of staff on the victim's behalf (third-party reporting): the queue and case say so.
    # The boolean stays if the staff account is later removed; `filed_by` says who, for accountability.
    filed_on_behalf = models.BooleanField(default=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_filed"
    )
    # Casework, clear for the queue: who works the case, and whether the reporter wrote since an
    # advocate last opened it (says only that the reporter came back, which `updated_at` says too).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_reports"
    )
    unread_reply = models.BooleanField(default=False)
    # The current risk assessment's band is high (safereport.risk keeps the assessments; this copy lets
    # the queue put high risk first from an index, however many reports there are). Says no more than
    # the clear band of risk.RiskAssessment.
    risk_high = models.BooleanField(default=False)
    # Kept to the day (an exact time could be matched with a record of when a phone connected);
    # `received_order` keeps the queue in the order reports came in within a day.
    created_at = DayDateTimeField(auto_now_add=True)
    updated_at = DayDateTimeField(auto_now=True)
    received_order = models.PositiveBigIntegerField(unique=True, editable=False)
    # Sealed with the report's data key.
    narrative_sealed = models.BinaryField()
    occurred_on_sealed = models.BinaryField(null=True)
    contact_sealed = models.BinaryField(null=True)
    # A place described in the reporter's own words (not one of the listed areas) may identify them.
    area_detail_sealed = models.BinaryField(null=True)
    # Free text ("Tigrinya, ask for ...") could carry a name or hint at nationality: sealed.
    interpreter_language_sealed = models.BinaryField(null=True)
    # Whether it is safe to call, text or leave a message, and when: it describes the reporter's
    # situation (who is listening at home), so all of it is sealed, at one size for every report.
    safe_contact_sealed = models.BinaryField(null=True)
    # Wanting immigration advice hints at status, so it is sealed and classified `immigration`.
    immigration_advice_sealed = models.BinaryField(null=True)
    # The organisation-signed proof of reporting, made when staff first open the case (see docs/packages.md).
    receipt_sealed = models.BinaryField(null=True)
    # Which parts of the narrative the reporter keeps back from the police (see intake.withheld):
    # offsets into it, sealed at one size whatever was chosen. None only on reports made before this.
    narrative_withheld_sealed = models.BinaryField(null=True)
    # The reporter's own choice to see the crime reference number on their page ("1" or "0", sealed at
    # one size); None until they choose, which means no.
    crime_reference_shown_sealed = models.BinaryField(null=True)
    # An erasure the reporter asked for waits out a cooling-off period (settings.SAFEREPORT_ERASURE_COOLING_OFF_DAYS),
    # so someone who finds the codename cannot destroy the case in one click: until the due day the reporter,
    # or their advocate, can cancel it. Days only, as every clear time here.
    erasure_requested_on = DayDateTimeField(null=True, blank=True)
    erasure_due_on = models.DateField(null=True, blank=True)
    # A caseworker cancelled the reporter's erasure (saying they spoke with them): the reporter's page says so, and
    # that they can ask again, so a cancellation is never silent. Cleared when the reporter asks again or cancels.
    erasure_cancelled_by_staff_on = models.DateField(null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-received_order"]
        indexes = [
            # The triage queue's default page: an organisation's cases, high risk first, newest first.
            models.Index(fields=["organisation", "-risk_high", "-created_at", "-received_order"], name="report_queue_order"),
            models.Index(fields=["organisation", "status"], name="report_queue_status"),
            # The working queue is open cases only: two partial indexes, one per direction of time, hold
            # them alone, however many closed cases pile up beside them. On PostgreSQL they carry the
            # columns the queue filters on, so counting a filtered queue never reads the table.
            models.Index(
                fields=["organisation", "-risk_high", "-created_at", "-received_order"],
                condition=models.Q(status__in=OPEN_STATUSES),
                include=QUEUE_FILTER_COLUMNS,
                name="report_open_newest",
            ),
            models.Index(
                fields=["organisation", "-risk_high", "created_at", "received_order"],
                condition=models.Q(status__in=OPEN_STATUSES),
                include=QUEUE_FILTER_COLUMNS,
                name="report_open_oldest",
            ),
            # The daily erasure job reads only the reports with an erasure pending.
            models.Index(fields=["erasure_due_on"], condition=models.Q(erasure_due_on__isnull=False), name="report_erasure_due"),
        ]

    def __str__(self):
        return self.reference

    @property
    def record_id(self) -> str:
        return f"report:{self.pk}"

    @property
    def erasure_pending(self) -> bool:
        return self.erasure_due_on is not None

    @property
    def crime_type_label(self) -> str:
        return crime_type_label(self.crime_type)

    @property
    def area_label(self) -> str:
        return str(dict(settings.AREAS).get(self.area, self.area))

    @property
    def reported_by_label(self) -> str:
        return str(ReportedBy(self.reported_by).label) if self.reported_by in ReportedBy.values else ""

    @property
    def language_label(self) -> str:
        try:
            return str(get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language


class Message(models.Model):
    class Sender(models.TextChoices):
        REPORTER = "reporter", _("You")
        ADVOCATE = "advocate", _("Advocate")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # The day in the clear; the exact time, which the thread shows and is ordered by, is sealed.
    sent_at = DayDateTimeField(auto_now_add=True)
    sent_at_sealed = models.BinaryField(null=True)
    body_sealed = models.BinaryField()

    class Meta:
        ordering = ["sent_at", "id"]

    @property
    def record_id(self) -> str:
        return f"message:{self.pk}"


class Consent(models.Model):
    """One consent decision; a change adds a row and closes the previous one, so history is kept."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="consents")
    recipient_kind = models.CharField(max_length=40)
    share_contact = models.BooleanField(default=False)
    share_narrative = models.BooleanField(default=False)
    wording_version = models.CharField(max_length=20)
    wording_language = models.CharField(max_length=10)
    # To the day; rows are ordered by id within it (see `current_consent`).
    given_at = DayDateTimeField(auto_now_add=True)
    superseded_at = DayDateTimeField(null=True, blank=True)
    # A member of staff asked the questions and recorded the victim's answers (third-party reporting).
    relayed_by_staff = models.BooleanField(default=False)
    relayed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["given_at", "id"]


class ErasedReport(models.Model):
    """What is left of a report its reporter erased: its reference, whose it was and the day. Nothing else.

    So the advocate who opens the reference learns that the reporter erased it, rather than meeting a
    missing page; no crime type, area or date of the report is kept, as they would describe it.
    """

    class Reason(models.TextChoices):
        REPORTER = "reporter", _("The reporter erased it")
        RETENTION = "retention", _("Its retention period ended")

    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    erased_on = models.DateField()
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.REPORTER)

    objects = OrganisationScopedQuerySet.as_manager()

    def __str__(self):
        return self.reference
