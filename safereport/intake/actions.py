"""What a reporter can do: submit, come back with a codename, message, change consent, erase."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.vault import records
from safereport.vault.records import RecordCipher

from . import codename as codenames
from .consent import RECIPIENT_KINDS, WORDING_VERSION
from .models import Consent, Message, Report
from .references import new_reference
from .routing import receiving_organisation
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


def submit_report(submission: Submission, *, actor: str = "reporter") -> tuple[Report, str]:
    """Store a validated report, sealed, and return it with its codename (shown once, never kept)."""
    submission.validate()  # before the transaction: bad input never takes the write lock
    with transaction.atomic():
        return _store_report(submission, actor)


def _store_report(submission: Submission, actor: str) -> tuple[Report, str]:
    organisation = receiving_organisation(submission.area_code)
    codename = codenames.new_codename()
    data_key, raw = records.create_data_key(organisation.pk, codenames.normalise(codename))
    report = Report(
        reference=new_reference("SR"), organisation=organisation, data_key=data_key,
        crime_type=submission.crime_type, language=submission.language, area=submission.area_code,
        occurred_month=submission.occurred_on.replace(day=1) if submission.occurred_on else None,
        wants_advocate="advocate" in submission.wants,
        wants_interpreter="interpreter" in submission.wants,
        wants_police_visit="police_visit" in submission.wants,
    )
    cipher = RecordCipher(raw, report.record_id)
    report.narrative_sealed = cipher.seal("narrative", submission.narrative)
    if submission.occurred_on:
        report.occurred_on_sealed = cipher.seal("occurred_on", submission.occurred_on.isoformat())
    if submission.area_detail:
        report.area_detail_sealed = cipher.seal("area_detail", submission.area_detail)
    if submission.clean_contact:
        report.contact_sealed = _seal_json(cipher, "contact", submission.clean_contact)
    if "interpreter" in submission.wants and submission.interpreter_language.strip():
        report.interpreter_language_sealed = cipher.seal("interpreter_language", submission.interpreter_language.strip())
    # Fixed width ("1"/"0"), so the ciphertext's length cannot tell who asked for immigration advice.
    report.immigration_advice_sealed = cipher.seal("immigration_advice", "1" if "immigration_advice" in submission.wants else "0")
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:  # reference collision (1 in 10^11): try once more with a new one
        report.reference = new_reference("SR")
        report.save(force_insert=True)
    for kind in RECIPIENT_KINDS:
        choices = submission.consent.get(kind, {})
        Consent.objects.create(
            report=report, recipient_kind=kind, wording_version=WORDING_VERSION, wording_language=submission.language,
            share_contact=bool(choices.get("share_contact")), share_narrative=bool(choices.get("share_narrative")),
        )
    record(AuditAction.REPORT_SUBMITTED, actor=actor, target=report.reference, organisation=organisation.pk)
    return report, codename


def open_with_codename(codename: str) -> ReporterAccess | None:
    opened = records.open_with_codename(codenames.normalise(codename))
    if opened is None:
        return None
    data_key, raw = opened
    report = Report.objects.filter(data_key=data_key).first()
    return ReporterAccess(report, raw) if report else None


def open_report(report_id, key: bytes) -> ReporterAccess | None:
    report = Report.objects.filter(pk=report_id).first()
    return ReporterAccess(report, key) if report else None


@dataclass(frozen=True)
class ThreadMessage:
    sender: str
    body: str
    sent_at: object


def message_thread(report: Report, key: bytes) -> list[ThreadMessage]:
    return [
        ThreadMessage(m.sender, RecordCipher(key, m.record_id).open("body", m.body_sealed), m.sent_at)
        for m in report.messages.all()
    ]


def add_message(report: Report, key: bytes, body: str, *, sender: str, author=None) -> Message:
    message = Message(report=report, sender=sender, author=author)
    message.body_sealed = RecordCipher(key, message.record_id).seal("body", body)
    message.save(force_insert=True)
    return message


@transaction.atomic
def post_reporter_message(access: ReporterAccess, body: str) -> Message:
    message = add_message(access.report, access.key, body, sender=Message.Sender.REPORTER)
    Report.objects.filter(pk=access.report.pk).update(updated_at=timezone.now())
    record(AuditAction.MESSAGE_FROM_REPORTER, actor="reporter", target=access.report.reference)
    return message


def current_consent(report: Report, recipient_kind: str) -> Consent | None:
    return report.consents.filter(recipient_kind=recipient_kind, superseded_at__isnull=True).order_by("-given_at", "-id").first()


@transaction.atomic
def change_consent(report: Report, recipient_kind: str, *, share_contact: bool, share_narrative: bool, language: str) -> Consent:
    """Revocation takes effect at once: every later disclosure reads the newest row."""
    now = timezone.now()
    report.consents.filter(recipient_kind=recipient_kind, superseded_at__isnull=True).update(superseded_at=now)
    consent = Consent.objects.create(
        report=report, recipient_kind=recipient_kind, share_contact=share_contact, share_narrative=share_narrative,
        wording_version=WORDING_VERSION, wording_language=language,
    )
    record(AuditAction.CONSENT_CHANGED, actor="reporter", target=report.reference, recipient_kind=recipient_kind,
           share_contact=share_contact, share_narrative=share_narrative)
    return consent


@transaction.atomic
def erase_report(report: Report, *, actor: str = "reporter") -> None:
    """Delete the report and destroy its data key: nothing of its content can be opened again."""
    reference, data_key_id = report.reference, report.data_key_id
    report.delete()
    records.destroy_data_key(data_key_id)
    record(AuditAction.REPORT_ERASED, actor=actor, target=reference)


def occurred_on(access: ReporterAccess) -> date | None:
    text = access.cipher.open("occurred_on", access.report.occurred_on_sealed)
    return date.fromisoformat(text) if text else None
