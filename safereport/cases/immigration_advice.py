"""Immigration-advice entries: append-only, written and read only by a regulated adviser, stored as notes.

Each entry is a case note (notes.py) with its kind sealed inside: one fixed size, one audit action,
so neither the clear columns nor the number of rows tell a case with immigration advice from one
with ordinary notes. Entries are never changed or removed; a correction is a new entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import CaseNote, ImmigrationAdvice
from .notes import ENTRY, IMMIGRATION_ENTRY, LEGACY_SAVE, NOTE_PADDED_BYTES, kind_of, open_notes, seal_body, write_note

NOTES_MAX_CHARS = 4000
if (NOTES_MAX_CHARS + len(IMMIGRATION_ENTRY)) * 4 >= NOTE_PADDED_BYTES:
    raise RuntimeError("immigration-advice entries could outgrow the notes' fixed sealed size")


class NotesTooLong(ValueError):
    """An entry longer than the fixed sealed size holds."""

    def __init__(self):
        super().__init__(f"Immigration advice notes can be at most {NOTES_MAX_CHARS:,} characters.")


class NotAnAdviser(PermissionError):
    """Only staff a supervisor named a regulated immigration adviser read or write immigration data."""


@dataclass(frozen=True)
class Entry:
    written_at: datetime
    author: object  # a User, or None once their account is gone
    text: str
    kept: bool = True  # False: a save from before entries were kept, its text since replaced


def require_adviser(user) -> None:
    if not getattr(user, "is_immigration_adviser", False):
        raise NotAnAdviser("Only an immigration adviser can read or write immigration advice.")


def add_entry(report: Report, key: bytes, text: str, user) -> CaseNote:
    require_adviser(user)
    if len(text) > NOTES_MAX_CHARS:
        raise NotesTooLong()
    return write_note(report, key, IMMIGRATION_ENTRY + text, user)


def entries_from(opened: list[tuple[CaseNote, str]]) -> list[Entry]:
    """The case's entries, oldest first, from its opened notes (notes.open_notes)."""
    found = []
    for note, body in opened:
        kind, text = kind_of(body)
        if kind in (ENTRY, LEGACY_SAVE):
            found.append(Entry(note.written_at, note.author, text, kept=kind == ENTRY))
    return found


def move_legacy_notes(report: Report, key: bytes) -> None:
    """Move the one overwritable field of before into the history, the first time staff open the case.

    The last save of the old field becomes an entry with its text (its author and time are that
    save's); earlier saves stay in the history as saves whose text was replaced. The old row goes,
    for every case that has one, whatever it held: no case keeps a trace the others do not.
    """
    advice = ImmigrationAdvice.objects.filter(report=report).first()
    if advice is None:
        return
    text = RecordCipher(key, advice.record_id).open("notes", advice.notes_sealed)
    if text:
        last_save = None
        for note in report.notes.order_by("-written_at", "-id"):
            if kind_of(RecordCipher(key, note.record_id).open("body", note.body_sealed))[0] == LEGACY_SAVE:
                last_save = note
                break
        if last_save is None:  # saved before saving left a mark: the text keeps no author or time
            write_note(report, key, IMMIGRATION_ENTRY + text, None)
        else:
            last_save.body_sealed = seal_body(last_save, key, IMMIGRATION_ENTRY + text)
            last_save.save(update_fields=["body_sealed"])
    advice.delete()


def entries_text(report: Report, key: bytes) -> str | None:
    """Every entry's text, oldest first, for a compelled disclosure whose legal basis named the notes."""
    move_legacy_notes(report, key)
    kept = [entry.text for entry in entries_from(open_notes(report, key)) if entry.kept]
    return "\n\n".join(kept) if kept else None
