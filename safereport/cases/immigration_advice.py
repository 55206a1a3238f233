"""Immigration-advice notes: sealed at one fixed size, saved with the clear traces of any other note."""

from __future__ import annotations

from safereport.intake.models import Report
from safereport.vault.records import RecordCipher

from .models import ImmigrationAdvice
from .notes import IMMIGRATION_ADVICE_SAVED, write_note

NOTES_MAX_CHARS = 4000
# Every row is padded to this one size, empty or full, so a ciphertext's length cannot tell
# which cases have advice notes. UTF-8 needs at most 4 bytes a character: any 4,000 fit.
NOTES_PADDED_BYTES = 16 * 1024
if NOTES_MAX_CHARS * 4 >= NOTES_PADDED_BYTES:  # checked at import, and not stripped by python -O
    raise RuntimeError("immigration-advice notes could outgrow their fixed sealed size")


class NotesTooLong(ValueError):
    """Immigration-advice notes longer than the fixed sealed size holds."""

    def __init__(self):
        super().__init__(f"Immigration advice notes can be at most {NOTES_MAX_CHARS:,} characters.")


def _seal(advice: ImmigrationAdvice, key: bytes, notes: str) -> bytes:
    return RecordCipher(key, advice.record_id).seal("notes", notes, padded_to=NOTES_PADDED_BYTES)


def advice_row(report: Report, key: bytes) -> ImmigrationAdvice:
    """Every opened case gets a row, empty or not, so a row's existence says nothing about status.

    A row sealed before fixed-size padding is re-sealed at the fixed size the first time staff
    open the case: only they hold the key, so no migration could do it.
    """
    advice = ImmigrationAdvice.objects.filter(report=report).first()
    if advice is None:
        advice = ImmigrationAdvice(report=report)
        advice.notes_sealed = _seal(advice, key, "")
        advice.save(force_insert=True)
    elif len(bytes(advice.notes_sealed)) != RecordCipher.sealed_length(NOTES_PADDED_BYTES):
        notes = RecordCipher(key, advice.record_id).open("notes", advice.notes_sealed)
        try:
            advice.notes_sealed = _seal(advice, key, notes)
        except ValueError:
            return advice  # older notes beyond today's limit stay readable until shortened and saved
        advice.save(update_fields=["notes_sealed"])
    return advice


def save_notes(report: Report, key: bytes, notes: str, user) -> None:
    """Replace the notes, and leave in the history the sealed note and audit entry any note leaves."""
    if len(notes) > NOTES_MAX_CHARS:
        raise NotesTooLong()
    advice = advice_row(report, key)
    advice.notes_sealed = _seal(advice, key, notes)
    advice.save(update_fields=["notes_sealed"])
    write_note(report, key, IMMIGRATION_ADVICE_SAVED, user)
