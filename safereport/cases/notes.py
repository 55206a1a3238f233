"""Sealed case notes, and the one way every kind of note is written and audited.

Ordinary notes, immigration-advice entries and eligibility answers are all rows of this one table,
sealed at one fixed size and audited as `case.note_added`: a seized copy cannot tell which rows (or
how many) hold immigration information, only how many notes a case has.
"""

from __future__ import annotations

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import CaseNote

NOTE_MAX_CHARS = 5000
# UTF-8 needs at most 4 bytes a character: any note of 5,000 characters, or any immigration entry
# with its kind mark in front, fits in this one size.
NOTE_PADDED_BYTES = 20 * 1024
if NOTE_MAX_CHARS * 4 >= NOTE_PADDED_BYTES:  # checked at import, and not stripped by python -O
    raise RuntimeError("case notes could outgrow their fixed sealed size")

# What a note holds is told by a mark at the start of its sealed body. A NUL cannot be typed into a
# note (forms and `add_note` refuse it), so no ordinary note can pass for another kind.
IMMIGRATION_ADVICE_SAVED = "\x00immigration-advice-saved"  # before entries were kept: a save, its text since replaced
IMMIGRATION_ENTRY = "\x00immigration-advice-entry\x00"
IMMIGRATION_ELIGIBILITY = "\x00immigration-eligibility\x00"

ORDINARY, LEGACY_SAVE, ENTRY, ELIGIBILITY = "note", "legacy-save", "entry", "eligibility"


class NoteTooLong(ValueError):
    def __init__(self):
        super().__init__(f"A note can be at most {NOTE_MAX_CHARS:,} characters.")


def seal_body(note: CaseNote, key: bytes, body: str) -> bytes:
    return RecordCipher(key, note.record_id).seal("body", body, padded_to=NOTE_PADDED_BYTES)


def write_note(report: Report, key: bytes, body: str, user) -> CaseNote:
    """One sealed row of the one size and one `case.note_added` entry, whatever the note is for."""
    note = CaseNote(report=report, author=user)
    note.body_sealed = seal_body(note, key, body)
    note.save(force_insert=True)
    record(AuditAction.CASE_NOTE_ADDED, actor=actor_of(user), target=report.reference)
    return note


def open_notes(report: Report, key: bytes) -> list[tuple[CaseNote, str]]:
    """Every note of the case, opened; a note sealed before the fixed size is re-sealed at it now
    (only staff hold the key, so no migration could)."""
    opened = []
    for note in report.notes.select_related("author"):
        body = RecordCipher(key, note.record_id).open("body", note.body_sealed)
        if len(bytes(note.body_sealed)) != RecordCipher.sealed_length(NOTE_PADDED_BYTES):
            try:
                note.body_sealed = seal_body(note, key, body)
            except ValueError:
                pass  # an older note beyond today's limit stays as it was, readable
            else:
                note.save(update_fields=["body_sealed"])
        opened.append((note, body))
    return opened


def kind_of(body: str) -> tuple[str, str]:
    """(kind, text): what a note body is, and the words a person wrote in it."""
    for mark, kind in ((IMMIGRATION_ENTRY, ENTRY), (IMMIGRATION_ELIGIBILITY, ELIGIBILITY)):
        if body.startswith(mark):
            return kind, body[len(mark) :]
    if body == IMMIGRATION_ADVICE_SAVED:
        return LEGACY_SAVE, ""
    return ORDINARY, body
