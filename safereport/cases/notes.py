"""Sealed case notes, and the one way every kind of note is written and audited."""

from __future__ import annotations

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import CaseNote

# The body of the note that saving immigration-advice notes leaves in the case history. A NUL
# cannot be typed into a note (forms and `add_note` refuse it), so no note can pass for it.
IMMIGRATION_ADVICE_SAVED = "\x00immigration-advice-saved"


def write_note(report: Report, key: bytes, body: str, user) -> CaseNote:
    """One sealed row and one `case.note_added` entry, whatever the note is for: the clear traces
    of saving immigration-advice notes are then those of saving an ordinary short note."""
    note = CaseNote(report=report, author=user)
    note.body_sealed = RecordCipher(key, note.record_id).seal("body", body)
    note.save(force_insert=True)
    record(AuditAction.CASE_NOTE_ADDED, actor=actor_of(user), target=report.reference)
    return note


def is_immigration_advice_mark(body: str) -> bool:
    return body == IMMIGRATION_ADVICE_SAVED
