"""What advocates do with a case: open it, reply, notes, immigration advice, status. Each runs signed in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.actions import add_message, current_consent, message_thread
from safereport.intake.consent import POLICE
from safereport.intake.models import Message, Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import immigration_advice
from .models import CaseNote
from .notes import is_immigration_advice_mark, write_note


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
    immigration_advice_saved: list = field(default_factory=list)  # (when, who) each time the notes were saved


def open_case(report: Report, unlocked: UnlockedOrganisation, user) -> CaseView:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    advice = immigration_advice.advice_row(report, key)
    written = [(n.written_at, n.author, RecordCipher(key, n.record_id).open("body", n.body_sealed)) for n in report.notes.all()]
    record(AuditAction.CASE_READ, actor=actor_of(user), target=report.reference)
    if report.unread_reply:
        # Read now: the queue stops marking the reporter's reply.
        Report.objects.filter(pk=report.pk).update(unread_reply=False)
        report.unread_reply = False
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
        notes=[(at, author, body) for at, author, body in written if not is_immigration_advice_mark(body)],
        consent=current_consent(report, POLICE),
        immigration_advice_saved=[(at, author) for at, author, body in written if is_immigration_advice_mark(body)],
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
    if "\x00" in body:
        raise ValueError("A note cannot contain a NUL character.")
    key = records.open_with_organisation(report.data_key_id, unlocked)
    return write_note(report, key, body, user)


@transaction.atomic
def save_immigration_advice(report: Report, notes: str, unlocked: UnlockedOrganisation, user) -> None:
    """Raises `immigration_advice.NotesTooLong` (and saves nothing) for notes over the fixed size."""
    key = records.open_with_organisation(report.data_key_id, unlocked)
    immigration_advice.save_notes(report, key, notes, user)
