"""What a reporter can do: submit, come back with a codename, message, change consent, ask to erase."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport import coarse_time
from safereport.accounts import notices
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.vault import records
from safereport.vault.records import RecordCipher

from . import codename as codenames
from . import safe_contact, withheld
from .consent import RECIPIENT_KINDS, WORDING_VERSION
from .language_detection import detect_language
from .models import Consent, ErasedReport, Message, Report
from .received_order import next_received_order
from .references import new_reference
from .routing import receiving_key
from .submission import Submission


@dataclass(frozen=True)
class ReporterAccess:
    """A report opened with its codename: the report row and its data key, for one request."""

    report: Report
    key: bytes

    @property
    def cipher(self) -> RecordCipher:
        return RecordCipher(self.key, self.report.record_id)


def _seal_json(cipher: RecordCipher, field: str, value) -> bytes:
    return cipher.seal(field, json.dumps(value, ensure_ascii=False))


_SAVE_ATTEMPTS = 20


def submit_report(
    submission: Submission, *, actor: str = "reporter", filed_by=None, wording_language: str = ""
) -> tuple[Report, str]:
    """Store a validated report, sealed, and return it with its codename (shown once, never kept).

    `filed_by`, a member of staff, files it on the victim's behalf (third-party reporting): it goes
    to that person's organisation, not by area, is marked as filed on behalf, and its consent rows
    say the answers were the victim's, asked and recorded by that person in `wording_language`.
    """
    submission.validate()  # before the transaction: bad input never takes the write lock
    # The narrative's own language, which may differ from that of the pages it was typed on. Found before the
    # transaction too: it needs no database, and on SQLite the transaction holds the one write lock.
    language = detect_language(submission.narrative, fallback=submission.language)
    for attempt in range(_SAVE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _store_report(submission, actor, filed_by, wording_language or submission.language, language)
        except IntegrityError:
            # A reference collision (1 in 10^11), or (SQLite) a report that took this place in the order: the whole
            # submission rolled back, so it is tried again whole, with a new reference, codename and key. A stale
            # epoch remembered by this process (a database restored under it) fails here too: it is read again.
            records.forget_remembered_epoch()
            if attempt == _SAVE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _store_report(submission: Submission, actor: str, filed_by, wording_language: str, language: str) -> tuple[Report, str]:
    if filed_by is not None:
        organisation, org_key = filed_by.organisation, None  # filed on a victim's behalf: the filer's own queue
    else:
        org_key = receiving_key(submission.area_code, submission.crime_type, language)
        organisation = org_key.organisation
    codename = codenames.new_codename()
    data_key, raw = records.create_data_key(organisation.pk, codenames.normalise(codename), org_key)
    report = Report(
        reference=new_reference("SR"),
        organisation=organisation,
        data_key=data_key,
        crime_type=submission.crime_type,
        language=language,
        area=submission.area_code,
        occurred_month=submission.occurred_on.replace(day=1) if submission.occurred_on else None,
        wants_advocate="advocate" in submission.wants,
        wants_interpreter="interpreter" in submission.wants,
        wants_police_visit="police_visit" in submission.wants,
        reported_by=submission.reported_by,
        filed_on_behalf=filed_by is not None,
        filed_by=filed_by,
    )
    cipher = RecordCipher(raw, report.record_id)
    report.narrative_sealed = cipher.seal("narrative", submission.narrative)
    # Sealed for every report, at one size, so nothing tells a report with parts kept back from one without.
    report.narrative_withheld_sealed = withheld.seal(cipher, submission.withheld)
    if submission.occurred_on:
        report.occurred_on_sealed = cipher.seal("occurred_on", submission.occurred_on.isoformat())
    if submission.area_detail:
        report.area_detail_sealed = cipher.seal("area_detail", submission.area_detail)
    if submission.clean_contact:
        report.contact_sealed = _seal_json(cipher, "contact", submission.clean_contact)
    if "interpreter" in submission.wants and submission.interpreter_language.strip():
        report.interpreter_language_sealed = cipher.seal("interpreter_language", submission.interpreter_language.strip())
    report.safe_contact_sealed = safe_contact.seal(cipher, submission.clean_safe_contact)
    # Fixed width ("1"/"0"), so the ciphertext's length cannot tell who asked for immigration advice.
    report.immigration_advice_sealed = cipher.seal("immigration_advice", "1" if "immigration_advice" in submission.wants else "0")
    report.received_order = next_received_order()
    # No savepoint around it: a collision rolls the whole submission back and submit_report tries again.
    report.save(force_insert=True)
    consents = [
        Consent(
            report=report,
            recipient_kind=kind,
            wording_version=WORDING_VERSION,
            wording_language=wording_language,
            share_contact=bool(submission.consent.get(kind, {}).get("share_contact")),
            share_narrative=bool(submission.consent.get(kind, {}).get("share_narrative")),
            relayed_by_staff=filed_by is not None,
            relayed_by=filed_by,
        )
        for kind in RECIPIENT_KINDS
    ]
    Consent.objects.bulk_create(consents)
    for kind in RECIPIENT_KINDS:
        choices = submission.consent.get(kind, {})
        if filed_by is not None:
            record(
                AuditAction.CONSENT_RELAYED,
                actor=actor,
                target=report.reference,
                recipient_kind=kind,
                share_contact=bool(choices.get("share_contact")),
                share_narrative=bool(choices.get("share_narrative")),
                wording_version=WORDING_VERSION,
                wording_language=wording_language,
            )
    if filed_by is not None:
        record(AuditAction.REPORT_FILED_ON_BEHALF, actor=actor, target=report.reference, organisation=organisation.pk)
    else:
        record(AuditAction.REPORT_SUBMITTED, actor=actor, target=report.reference, organisation=organisation.pk)
    notices.notify_organisation(organisation)
    return report, codename


def _still_open(report: Report | None) -> bool:
    """A report whose erasure has fallen due opens for nobody, even before the daily job has erased it."""
    return report is not None and not (report.erasure_due_on is not None and report.erasure_due_on <= coarse_time.today().date())


def open_with_codename(codename: str) -> ReporterAccess | None:
    opened = records.open_with_codename(codenames.normalise(codename))
    if opened is None:
        return None
    data_key, raw = opened
    report = Report.objects.filter(data_key=data_key).first()
    return ReporterAccess(report, raw) if report is not None and _still_open(report) else None


def open_report(report_id, key: bytes) -> ReporterAccess | None:
    report = Report.objects.filter(pk=report_id).first()
    return ReporterAccess(report, key) if report is not None and _still_open(report) else None


@dataclass(frozen=True)
class ThreadMessage:
    sender: str
    body: str
    sent_at: datetime


def _exact_time(message: Message, cipher: RecordCipher) -> datetime:
    """When the message was sent, to the second, from its sealed copy.

    A message stored before clear times were kept to the day has only its clear time: it is
    sealed now, by someone holding the key, and the clear column is cut to the day.
    """
    if message.sent_at_sealed is not None:
        return datetime.fromisoformat(cipher.open("sent_at", message.sent_at_sealed))
    exact = message.sent_at
    Message.objects.filter(pk=message.pk).update(
        sent_at_sealed=cipher.seal("sent_at", exact.isoformat()), sent_at=coarse_time.to_day(exact)
    )
    return exact


def message_thread(report: Report, key: bytes) -> list[ThreadMessage]:
    thread = []
    for m in report.messages.all():
        cipher = RecordCipher(key, m.record_id)
        thread.append(ThreadMessage(m.sender, cipher.open("body", m.body_sealed), _exact_time(m, cipher)))
    # Ordered by the sealed exact time: the clear one says only the day.
    return sorted(thread, key=lambda message: message.sent_at)


def add_message(report: Report, key: bytes, body: str, *, sender: str, author=None) -> Message:
    message = Message(report=report, sender=sender, author=author)
    cipher = RecordCipher(key, message.record_id)
    message.body_sealed = cipher.seal("body", body)
    message.sent_at_sealed = cipher.seal("sent_at", timezone.now().isoformat())
    message.save(force_insert=True)
    return message


@transaction.atomic
def post_reporter_message(access: ReporterAccess, body: str) -> Message:
    message = add_message(access.report, access.key, body, sender=Message.Sender.REPORTER)
    Report.objects.filter(pk=access.report.pk).update(updated_at=coarse_time.today(), unread_reply=True)
    record(AuditAction.MESSAGE_FROM_REPORTER, actor="reporter", target=access.report.reference)
    notices.notify_organisation(access.report.organisation)
    return message


def current_consent(report: Report, recipient_kind: str) -> Consent | None:
    return report.consents.filter(recipient_kind=recipient_kind, superseded_at__isnull=True).order_by("-given_at", "-id").first()


@transaction.atomic
def change_consent(report: Report, recipient_kind: str, *, share_contact: bool, share_narrative: bool, language: str) -> Consent:
    """Revocation takes effect at once: every later disclosure reads the newest row."""
    report.consents.filter(recipient_kind=recipient_kind, superseded_at__isnull=True).update(superseded_at=coarse_time.today())
    consent = Consent.objects.create(
        report=report,
        recipient_kind=recipient_kind,
        share_contact=share_contact,
        share_narrative=share_narrative,
        wording_version=WORDING_VERSION,
        wording_language=language,
    )
    record(
        AuditAction.CONSENT_CHANGED,
        actor="reporter",
        target=report.reference,
        recipient_kind=recipient_kind,
        share_contact=share_contact,
        share_narrative=share_narrative,
    )
    return consent


class ErasureRefused(Exception):
    """The erasure cannot be cancelled (none is pending, it has fallen due, or the confirmation is missing)."""


def cooling_off_days() -> int:
    return max(1, int(settings.SAFEREPORT_ERASURE_COOLING_OFF_DAYS))


@transaction.atomic
def request_erasure(report: Report, actor: str = "reporter") -> date:
    """Ask for the report to be erased at the end of the cooling-off period; returns the day it falls due.

    Asking again while one is pending changes nothing: the due day stays, so repeating the request
    cannot be used to put the erasure off. The organisation is told (a notice saying only that
    something is waiting), so the advocate can see the request on the case.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.erasure_due_on is not None:
        return report.erasure_due_on
    requested = coarse_time.today()
    due = requested.date() + timedelta(days=cooling_off_days())
    Report.objects.filter(pk=report.pk).update(
        erasure_requested_on=requested, erasure_due_on=due, erasure_cancelled_by_staff_on=None
    )
    record(AuditAction.REPORT_ERASURE_REQUESTED, actor=actor, target=report.reference, due_on=due.isoformat())
    notices.notify_organisation(report.organisation)
    return due


@transaction.atomic
def cancel_erasure(report: Report, actor=None, *, spoke_with_reporter: bool = False) -> None:
    """Cancel a pending erasure: by the reporter (`actor` None, with the codename), or by a caseworker of the
    report's organisation (`actor` that user) who confirms they spoke with the reporter and they want to keep
    their report. Refused once the due day has come: the report then opens for nobody."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.erasure_due_on is None:
        raise ErasureRefused("No erasure of this report is pending.")
    if report.erasure_due_on <= coarse_time.today().date():
        raise ErasureRefused("The erasure has fallen due and can no longer be cancelled.")
    if actor is not None:
        if not (actor.works_cases and actor.organisation_id == report.organisation_id):
            raise ErasureRefused("Only a caseworker of the organisation that holds the report can cancel its erasure.")
        if not spoke_with_reporter:
            raise ErasureRefused("Confirm that you have spoken with the reporter and that they want to keep their report.")
    # A caseworker's cancellation is shown to the reporter (the day only), so it is never silent.
    Report.objects.filter(pk=report.pk).update(
        erasure_requested_on=None,
        erasure_due_on=None,
        erasure_cancelled_by_staff_on=None if actor is None else coarse_time.today().date(),
    )
    record(
        AuditAction.REPORT_ERASURE_CANCELLED,
        actor="reporter" if actor is None else actor_of(actor),
        target=report.reference,
        **({} if actor is None else {"spoke_with_reporter": True}),
    )


def erase_due(now: datetime | None = None) -> list[str]:
    """Erase every report whose erasure has fallen due by `now`'s day; returns their references.

    Each report in its own transaction, so a run killed half-way keeps what it erased and the next run
    does the rest; a report whose erasure was cancelled (no due day) is never touched. Safe to run again.
    """
    today = coarse_time.to_day(now or timezone.now()).date()
    erased = []
    for pk in Report.objects.filter(erasure_due_on__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=pk, erasure_due_on__lte=today).first()
            if report is None:  # cancelled, or erased by another run, since the list was read
                continue
            erase_report(report, actor="erasure_schedule")
            erased.append(report.reference)
    return erased


@transaction.atomic
def erase_report(report: Report, *, actor: str = "reporter", reason: str = ErasedReport.Reason.REPORTER) -> None:
    """Delete the report and destroy its data key: nothing of its content can be opened again.

    The final step of an erasure (erase_due calls it once the cooling-off period is over). Everything
    hanging off the report goes with it (messages, notes, assessments, visits, service referrals);
    a police referral stays as a withdrawn stub (firewall.withdrawal) and a disclosure register entry
    keeps its record without the package (firewall.models.ERASE_PACKAGE); a tombstone tells the
    organisation's staff that the reporter erased it.
    """
    reference, data_key_id, organisation_id = report.reference, report.data_key_id, report.organisation_id
    report.delete()
    records.destroy_data_key(data_key_id)
    ErasedReport.objects.get_or_create(
        reference=reference,
        defaults={"organisation_id": organisation_id, "erased_on": coarse_time.today().date(), "reason": reason},
    )
    record(AuditAction.REPORT_ERASED, actor=actor, target=reference, **({"reason": reason} if reason != "reporter" else {}))


def occurred_on(access: ReporterAccess) -> date | None:
    text = access.cipher.open("occurred_on", access.report.occurred_on_sealed)
    return date.fromisoformat(text) if text else None


# The reporter's choice to see the police's crime reference number on their page. It is a number the
# police answer to, so on a phone someone else may read it stays hidden until the reporter asks for it.
SHOWN, HIDDEN = "1", "0"  # one width, sealed, so the ciphertext says nothing of the choice


def crime_reference_shown(access: ReporterAccess) -> bool:
    return access.cipher.open("crime_reference_shown", access.report.crime_reference_shown_sealed) == SHOWN


@transaction.atomic
def choose_crime_reference_shown(access: ReporterAccess, shown: bool) -> None:
    sealed = access.cipher.seal("crime_reference_shown", SHOWN if shown else HIDDEN)
    Report.objects.filter(pk=access.report.pk).update(crime_reference_shown_sealed=sealed)
    access.report.crime_reference_shown_sealed = sealed
    # The choice itself is not recorded: the entry would say in the clear what the seal hides.
    record(AuditAction.REPORT_CRIME_REFERENCE_CHOICE, actor="reporter", target=access.report.reference)
