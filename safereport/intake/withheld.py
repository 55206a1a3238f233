"""The parts of their narrative a reporter keeps back from the police: ranges of the original text, checked, sealed at one size.

Ranges are offsets into the narrative as stored, not into any redacted version of it, so a
change to the redaction engine can never move what a reporter chose onto other words. The
reporter chooses by part (a sentence, or a clause of a long one): `parts()` says where those
are, `chosen()` turns the numbers a form sent back into ranges, and `normalise()` is the one
check every range passes before it is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from safereport.vault.records import RecordCipher

FIELD = "narrative_withheld"
# Every report's choice is sealed at this one size, none or many, so the ciphertext says nothing
# about how much was kept back. 256 ranges of at most "[20000,20000]," fit with room to spare
# (a test seals the largest choice a longest narrative allows).
MAX_RANGES = 256
PADDED_BYTES = 4096

Range = tuple[int, int]

# Where a sentence ends, in the scripts the reporter side offers and those its users write in:
# Latin and Arabic stops and question marks, the Urdu full stop, Ethiopic (Tigrinya, Amharic).
_SENTENCE_END = frozenset(".!?…؟۔።፧。！？")
_CLOSERS = frozenset("\"'”’»)]")
_CLAUSE_END = frozenset(",;:،؛")
# A part longer than this is offered in clauses, and a run with no punctuation at all (as people
# type on a phone) in pieces cut at spaces, so a reporter can keep back less than all of it.
LONG_PART = 200


class WithheldInvalid(ValueError):
    """A choice of parts to keep back that does not fit the narrative; nothing was stored."""


def parts(text: str) -> list[Range]:
    """The parts a reporter can keep back, in order: sentences, long ones cut into clauses; no surrounding spaces."""
    found: list[Range] = []
    for start, end in _sentences(text):
        found += _pieces(text, start, end) if end - start > LONG_PART else [(start, end)]
    return found


def _sentences(text: str) -> list[Range]:
    spans, start, i, n = [], None, 0, len(text)
    while i < n:
        char = text[i]
        if start is None:
            if not char.isspace():
                start = i
            i += 1
        elif char == "\n":
            spans.append((start, _trimmed_end(text, start, i)))
            start, i = None, i + 1
        elif char in _SENTENCE_END:
            j = i
            while j < n and text[j] in _SENTENCE_END:
                j += 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            # "3.5" and "www.example.org" do not end a sentence: only a stop followed by a space or the end does.
            if j == n or text[j].isspace():
                spans.append((start, j))
                start = None
            i = j
        else:
            i += 1
    if start is not None:
        spans.append((start, _trimmed_end(text, start, n)))
    return spans


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _pieces(text: str, start: int, end: int) -> list[Range]:
    """A long sentence in clauses (at , ; : followed by a space), and any clause still long in pieces cut at spaces."""
    pieces, piece_start = [], start
    for i in range(start, end - 1):
        if text[i] in _CLAUSE_END and text[i + 1].isspace():
            pieces.append((piece_start, i + 1))
            piece_start = i + 1
    pieces.append((piece_start, end))
    out: list[Range] = []
    for a, b in pieces:
        a = _skip_space(text, a, b)
        out += _cut_at_spaces(text, a, b)
    return [(a, b) for a, b in out if a < b]


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _cut_at_spaces(text: str, start: int, end: int) -> list[Range]:
    out = []
    while end - start > LONG_PART:
        cut = text.rfind(" ", start + 1, start + LONG_PART)
        if cut <= start:
            break  # one unbroken word: it stays whole
        out.append((start, _trimmed_end(text, start, cut)))
        start = _skip_space(text, cut, end)
    out.append((start, end))
    return out


def chosen(text: str, numbers: Iterable[str]) -> tuple[Range, ...]:
    """The ranges of the parts whose numbers a form sent back; refuses a number that names no part."""
    offered = parts(text)
    picked = set()
    for number in numbers:
        if not (
            isinstance(number, str)
            and 0 < len(number) <= 6
            and number.isascii()
            and number.isdigit()
            and int(number) < len(offered)
        ):
            raise WithheldInvalid(
                _("One of your choices does not match a part of what you wrote. Nothing was changed: please choose again.")
            )
        if int(number) in picked:
            raise WithheldInvalid(_("The same part was chosen twice. Nothing was changed: please choose again."))
        picked.add(int(number))
    return normalise([offered[i] for i in sorted(picked)], text)


def normalise(ranges: Iterable[Sequence[int]], text: str) -> tuple[Range, ...]:
    """Checked, in order, and merged where they overlap or only spaces lie between; refuses any range outside the text."""
    checked = []
    for item in ranges:
        if not (
            isinstance(item, (list, tuple))
            and len(item) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            raise WithheldInvalid(_("A part to keep back must be given as its start and end in what you wrote."))
        start, end = item
        if not 0 <= start < end <= len(text):
            raise WithheldInvalid(_("A part to keep back must lie inside what you wrote."))
        checked.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(checked):
        # Two parts kept back with only spaces between read as one "[removed]": fewer markers say less.
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if len(merged) > MAX_RANGES:
        raise WithheldInvalid(
            _("You can keep back at most %(max)d separate parts. Choose longer parts, such as whole paragraphs.")
            % {"max": MAX_RANGES}
        )
    return tuple((start, end) for start, end in merged)


def covered(ranges: Sequence[Range], start: int, end: int) -> bool:
    """Whether any of `ranges` touches [start, end): a part partly kept back is shown as kept back."""
    return any(a < end and start < b for a, b in ranges)


def adds_to(new: Sequence[Range], old: Sequence[Range]) -> bool:
    """Whether `new` keeps back any character that `old` did not."""
    for start, end in new:
        cursor = start
        for a, b in sorted(old):
            if b <= cursor:
                continue
            if a > cursor:
                return True
            cursor = b
            if cursor >= end:
                break
        if cursor < end:
            return True
    return False


def seal(cipher: RecordCipher, ranges: Sequence[Range]) -> bytes:
    return cipher.seal(FIELD, json.dumps([list(r) for r in ranges], separators=(",", ":")), padded_to=PADDED_BYTES)


def opened(cipher: RecordCipher, blob: bytes | memoryview | None) -> tuple[Range, ...]:
    """The stored ranges; none for a report made before reporters could keep parts back."""
    raw = cipher.open(FIELD, blob)
    return tuple((int(start), int(end)) for start, end in json.loads(raw)) if raw else ()
