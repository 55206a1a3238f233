"""The advocate's review gate: free text as it would leave, its removals, and the marks a person must settle.

No detector reaches 1.0 on text it has never seen, so what the redaction engine is unsure of is
not sent on its word: it is marked, and before any package with free text can be produced a
member of staff settles each mark (remove or keep). The decisions are bound to exactly the text
that was shown (a fingerprint of the marks), and recorded by offset and category, never by content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from safereport.redaction.engine import redact

from .outbound_text import with_markers

# Every removal reads the same in what leaves: "[removed: immigration status]" would itself tell the
# recipient that status came up (rule 2).
NEUTRAL_MARKER = "[removed]"
REMOVE, KEEP = "remove", "keep"


class ReviewUnsettled(ValueError):
    """Marks are unsettled, or the decisions were made on other text; the message says which."""


@dataclass(frozen=True)
class Mark:
    """A span to settle, by offsets into the outbound text (the package's `narrative`)."""

    start: int
    end: int
    category: str

    def as_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "category": self.category}


@dataclass(frozen=True)
class Outbound:
    """Free text as it would leave: removals already replaced, marks still in place for a person to settle."""

    text: str
    removed: tuple[tuple[int, int], ...]  # offsets of each neutral marker in `text`
    marks: tuple[Mark, ...]

    @property
    def fingerprint(self) -> str:
        """Binds decisions to what was shown: the same text and marks give the same value."""
        body = json.dumps([self.text, [m.as_dict() for m in self.marks]], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]

    def segments(self) -> list[tuple[str, str, int | None]]:
        """(kind, text, mark index) pieces for a page: kind is "text", "removed" or "mark"."""
        cuts = sorted(
            [(s, e, "removed", None) for s, e in self.removed] + [(m.start, m.end, "mark", i) for i, m in enumerate(self.marks)]
        )
        pieces: list[tuple[str, str, int | None]] = []
        cursor = 0
        for start, end, kind, index in cuts:
            if start > cursor:
                pieces.append(("text", self.text[cursor:start], None))
            pieces.append((kind, self.text[start:end], index))
            cursor = end
        if cursor < len(self.text):
            pieces.append(("text", self.text[cursor:], None))
        return pieces


def outbound(
    text: str, language: str, keep: frozenset[str] = frozenset(), withheld_ranges: Sequence[tuple[int, int]] = ()
) -> Outbound:
    """Run the redaction engine once; removals (and what the reporter kept back) become the neutral
    marker, review spans become marks at their offsets in the outbound text."""
    result = redact(text, language, keep=keep)
    ranges = [*((span.start, span.end) for span in result.spans), *withheld_ranges]
    # A mark that a cut touches is cut whole: what is left of an unsure clause must not leave unreviewed.
    touching = [(m.start, m.end) for m in result.review if any(s < m.end and m.start < e for s, e in ranges)]
    cut = with_markers(text, [*ranges, *touching], NEUTRAL_MARKER)
    removed = tuple((cut.position(start), cut.position(start) + len(NEUTRAL_MARKER)) for start, _end in cut.cuts)
    marks = tuple(
        Mark(cut.position(span.start), cut.position(span.end), span.category)
        for span in result.review
        if not any(start < span.end and span.start < end for start, end in cut.cuts)
    )
    return Outbound(cut.text, removed, marks)


def cautious(text: str, language: str) -> str:
    """Short free text with no page to settle marks on (the area in the reporter's words): every passage
    the engine is unsure of is removed, as removals are."""
    shown = outbound(text, language)
    settled, _record = settle(shown, Decisions(shown.fingerprint, dict.fromkeys(range(len(shown.marks)), REMOVE)))
    return settled


@dataclass(frozen=True)
class Decisions:
    """What a person decided for each mark, by index, for the text whose fingerprint they saw."""

    fingerprint: str
    choices: dict[int, str]

    @classmethod
    def from_form(cls, data: Mapping[str, str], count: int) -> Decisions:
        """`review_fingerprint` and `review_<index>` = remove|keep, as the staff pages post them."""
        choices = {i: data.get(f"review_{i}", "") for i in range(count)}
        return cls(data.get("review_fingerprint", "") or "", {i: c for i, c in choices.items() if c})


def settle(shown: Outbound, decisions: Decisions | None) -> tuple[str, list[dict[str, int | str]]]:
    """The text that may leave, and the audit record of each decision (offsets and category only).

    Raises ReviewUnsettled when a mark has no decision, a decision is not remove/keep, or the
    decisions were made on other text (the reporter changed consent since, say).
    """
    if not shown.marks:
        return shown.text, []
    if decisions is None or decisions.fingerprint != shown.fingerprint:
        raise ReviewUnsettled("The outbound text has marks that a person must settle first (remove or keep each one).")
    unknown = set(decisions.choices) - set(range(len(shown.marks)))
    if unknown or any(choice not in (REMOVE, KEEP) for choice in decisions.choices.values()):
        raise ReviewUnsettled("Each mark is settled with remove or keep, and only the marks shown.")
    unsettled = [i for i in range(len(shown.marks)) if i not in decisions.choices]
    if unsettled:
        raise ReviewUnsettled(f"{len(unsettled)} marked passage(s) are not settled yet: choose remove or keep for each.")
    parts, cursor = [], 0
    for index, mark in enumerate(shown.marks):
        parts.append(shown.text[cursor : mark.start])
        parts.append(NEUTRAL_MARKER if decisions.choices[index] == REMOVE else shown.text[mark.start : mark.end])
        cursor = mark.end
    parts.append(shown.text[cursor:])
    record = [{**mark.as_dict(), "decision": decisions.choices[i]} for i, mark in enumerate(shown.marks)]
    return "".join(parts), record
