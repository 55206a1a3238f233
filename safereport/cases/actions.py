"""What advocates do with a case: open it, reply, notes, immigration advice, status. Each runs signed in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake import safe_contact
from safereport.intake.actions import add_message, current_consent, message_thread
from safereport.intake.consent import POLICE
from safereport.intake.models import Message, Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import eligibility, immigration_advice
from .models import CaseNote, StatusChange
from .notes import NOTE_MAX_CHARS, ORDINARY, NoteTooLong, kind_of, open_notes, write_note


@dataclass(frozen=True)
class CaseView:
    report: Report
    narrative: str
    occurred_on: str
    area_detail: str
    contact: dict
    wants_immigration_advice: bool  # immigration-classified: False unless the reader is an adviser
    interpreter_language: str
    messages: list
    notes: list
    consent: object
    safe_contact: dict = field(default_factory=dict)  # whether it is safe to call, text, leave a message, and when
    # Only for an immigration adviser (empty for anyone else): every entry, oldest first, and the eligibility answers.
    immigration_entries: list = field(default_factory=list)
    eligibility: list = field(default_factory=list)

    @property
    def immigration_notes(self) -> str:
        """The latest entry's text: what the adviser last wrote."""
        kept = [entry.text for entry in self.immigration_entries if entry.kept]
        return kept[-1] if kept else ""


def open_case(report: Report, unlocked: UnlockedOrganisation, user) -> CaseView:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    immigration_advice.move_legacy_notes(report, key)
    opened = open_notes(report, key)
    adviser = user.is_immigration_adviser
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
        wants_immigration_advice=adviser and cipher.open("immigration_advice", report.immigration_advice_sealed) == "1",
        interpreter_language=cipher.open("interpreter_language", report.interpreter_language_sealed),
        messages=message_thread(report, key),
        notes=[(n.written_at, n.author, body) for n, body in opened if kind_of(body)[0] == ORDINARY],
        consent=current_consent(report, POLICE),
        immigration_entries=immigration_advice.entries_from(opened) if adviser else [],
        eligibility=eligibility.answers_from(opened) if adviser else [],
        safe_contact=safe_contact.opened(cipher, report.safe_contact_sealed),
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
    StatusChange.objects.create(report=report, old=old, new=status, author=user)
    record(AuditAction.CASE_STATUS_CHANGED, actor=actor_of(user), target=report.reference, old=old, new=status)


@transaction.atomic
def add_note(report: Report, body: str, unlocked: UnlockedOrganisation, user) -> CaseNote:
    if "\x00" in body:
        raise ValueError("A note cannot contain a NUL character.")
    if len(body) > NOTE_MAX_CHARS:
        raise NoteTooLong()
    key = records.open_with_organisation(report.data_key_id, unlocked)
    return write_note(report, key, body, user)


@transaction.atomic
def save_immigration_advice(report: Report, notes: str, unlocked: UnlockedOrganisation, user) -> None:
    """A new entry in the case's immigration-advice history, by an adviser only.

    Raises `immigration_advice.NotAnAdviser` for anyone else, `NotesTooLong` over the fixed size; saves nothing then.
    """
    immigration_advice.require_adviser(user)
    key = records.open_with_organisation(report.data_key_id, unlocked)
    immigration_advice.add_entry(report, key, notes, user)


@transaction.atomic
def assess_eligibility(report: Report, answers: dict, unlocked: UnlockedOrganisation, user) -> None:
    """Raises `immigration_advice.NotAnAdviser` or `eligibility.BadAnswers` (naming the question); saves nothing then."""
    immigration_advice.require_adviser(user)
    key = records.open_with_organisation(report.data_key_id, unlocked)
    eligibility.record_answers(report, key, answers, user)
