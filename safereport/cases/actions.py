"""What advocates do with a case: open it, reply, notes, immigration advice, status. Each runs signed in."""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.consent import POLICE
from safereport.intake.actions import add_message, current_consent, message_thread
from safereport.intake.models import Message, Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .models import CaseNote, ImmigrationAdvice


@dataclass(frozen=True)
class CaseView:
    report: Report
    narrative: str
    occurred_on: str
    area_detail: str
    contact: dict
    wants_immigration_advice: bool
    interpreter_language: str
    immigration_notes: str
    messages: list
    notes: list
    consent: object


def open_case(report: Report, unlocked: UnlockedOrganisation, user) -> CaseView:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    advice = _advice_row(report, key)
    notes = [(n.written_at, n.author, RecordCipher(key, n.record_id).open("body", n.body_sealed)) for n in report.notes.all()]
    record(AuditAction.CASE_READ, actor=actor_of(user), target=report.reference)
    return CaseView(
        report=report,
        narrative=cipher.open("narrative", report.narrative_sealed),
        occurred_on=cipher.open("occurred_on", report.occurred_on_sealed),
        area_detail=cipher.open("area_detail", report.area_detail_sealed),
        contact=json.loads(cipher.open("contact", report.contact_sealed) or "{}"),
        wants_immigration_advice=cipher.open("immigration_advice", report.immigration_advice_sealed) == "1",
        interpreter_language=cipher.open("interpreter_language", report.interpreter_language_sealed),
        immigration_notes=RecordCipher(key, advice.record_id).open("notes", advice.notes_sealed),
        messages=message_thread(report, key),
        notes=notes,
        consent=current_consent(report, POLICE),
    )


@transaction.atomic
def reply_to_reporter(report: Report, body: str, unlocked: UnlockedOrganisation, user) -> Message:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    message = add_message(report, key, body, sender=Message.Sender.ADVOCATE, author=user)
    if report.status == Report.Status.NEW:
        report.status = Report.Status.IN_PROGRESS
    report.save(update_fields=["status", "updated_at"])
    record(AuditAction.MESSAGE_TO_REPORTER, actor=actor_of(user), target=report.reference)
    return message


@transaction.atomic
def change_status(report: Report, status: str, user) -> None:
    if status not in Report.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    old, report.status = report.status, status
    report.save(update_fields=["status", "updated_at"])
    record(AuditAction.CASE_STATUS_CHANGED, actor=actor_of(user), target=report.reference, old=old, new=status)


@transaction.atomic
def add_note(report: Report, body: str, unlocked: UnlockedOrganisation, user) -> CaseNote:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    note = CaseNote(report=report, author=user)
    note.body_sealed = RecordCipher(key, note.record_id).seal("body", body)
    note.save(force_insert=True)
    record(AuditAction.CASE_NOTE_ADDED, actor=actor_of(user), target=report.reference)
    return note


def _advice_row(report: Report, key: bytes) -> ImmigrationAdvice:
    """Every opened case gets a row, empty or not, so a row's existence says nothing about status."""
    advice = ImmigrationAdvice.objects.filter(report=report).first()
    if advice is None:
        advice = ImmigrationAdvice(report=report)
        advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", "")
        advice.save(force_insert=True)
    return advice


@transaction.atomic
def save_immigration_advice(report: Report, notes: str, unlocked: UnlockedOrganisation, user) -> None:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    advice = _advice_row(report, key)
    advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", notes)
    advice.save(update_fields=["notes_sealed"])
    # The same action as any sealed note: a distinct one would tell the clear log who needed advice.
    record(AuditAction.CASE_NOTE_ADDED, actor=actor_of(user), target=report.reference)
