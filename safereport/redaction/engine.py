"""Redacting immigration status, immigration identifiers and contact details from free text."""

import bisect
import re
from dataclasses import dataclass

import phonenumbers

from safereport.redaction import detector
from safereport.redaction import identifier_patterns as identifier_patterns
from safereport.redaction import patterns as patterns
from safereport.redaction.clauses import clause_breaks as _clause_breaks
from safereport.redaction.dispatch import BranchDispatch
from safereport.redaction.frames import GENERIC
from safereport.redaction.shapes import DOCUMENT_NUMBER, REMOVED, document_spans
from safereport.redaction.text import fold, replace_surrogates, to_original

IMMIGRATION_STATUS = "immigration_status"
IMMIGRATION_IDENTIFIER = "immigration_identifier"
PHONE_NUMBER = "phone_number"
EMAIL_ADDRESS = "email_address"
CATEGORIES = (IMMIGRATION_STATUS, IMMIGRATION_IDENTIFIER, DOCUMENT_NUMBER, PHONE_NUMBER, EMAIL_ADDRESS)
# Only contact details can be kept, and only because the reporter consented to share
# them; immigration information never leaves the organisation (firewall rule 2).
KEEPABLE = frozenset({PHONE_NUMBER, EMAIL_ADDRESS})
MARKERS = {
    IMMIGRATION_STATUS: "[removed: immigration status]",
    IMMIGRATION_IDENTIFIER: "[removed: immigration identifier]",
    DOCUMENT_NUMBER: "[removed: document number]",
    PHONE_NUMBER: "[removed: phone number]",
    EMAIL_ADDRESS: "[removed: email address]",
}
# A narrative is a few thousand characters; 200,000 is a short book. Beyond it the text
# is refused rather than cut, because a truncated tail could not be sent unredacted and
# silently dropping it would lose crime facts.
MAX_TEXT_CHARS = 200_000
# How far a status clause may reach either side of the words that triggered it when no
# punctuation or conjunction bounds it (run-on text from a phone keyboard).
CLAUSE_REACH = 240
# A status clause takes with it at most this many following clauses that only continue it.
CONTINUED_CLAUSES = 2
# How far before a number its keyword ("passport number is ...") may be.
ID_CONTEXT_REACH = 80
# When spans overlap, the merged span is reported under the most sensitive category.
_PRIORITY = {IMMIGRATION_STATUS: 0, IMMIGRATION_IDENTIFIER: 1, DOCUMENT_NUMBER: 2, PHONE_NUMBER: 3, EMAIL_ADDRESS: 4}
_PHONE_REGIONS = ("GB", "IE", "ES", "PT", "PL", "RO", "FR")

_STATUS = BranchDispatch(tuple(pattern for language in (*patterns.STATUS_PATTERNS.values(), GENERIC) for pattern in language))
_CONTINUATION = re.compile(patterns.STATUS_CONTINUATION)
_SENTENCE_END = frozenset(".!?\n")
_IDENTIFIER_TOKEN = re.compile(identifier_patterns.IDENTIFIER_TOKEN)
_IDENTIFIER_CONTEXT = re.compile(identifier_patterns.IDENTIFIER_CONTEXT)
_IDENTIFIER_FORMATS = re.compile(identifier_patterns.IDENTIFIER_FORMATS)
_EMAIL = re.compile(identifier_patterns.EMAIL)
_EMAIL_HINT = re.compile(identifier_patterns.EMAIL_HINT)
_EMAIL_GLUED = re.compile(identifier_patterns.EMAIL_GLUED)
_PHONE_CANDIDATE = re.compile(identifier_patterns.PHONE_CANDIDATE)
_DATE_LIKE = re.compile(identifier_patterns.DATE_LIKE)
_NOT_PHONE_BEFORE = re.compile(identifier_patterns.NOT_PHONE_BEFORE)
_DIGIT = re.compile(r"\d")
# Markers already in the text (a second redaction pass, or a reporter pasting one) must
# not be read as "immigration status" statements; they are masked with a sentence
# break ("!") of the same length so offsets are unchanged and no pattern spans across them.
_MARKER = re.compile("|".join(re.escape(marker) for marker in MARKERS.values()))


class TextTooLong(ValueError):
    """The text is longer than MAX_TEXT_CHARS and was not redacted."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str


@dataclass(frozen=True)
class Redaction:
    text: str
    spans: tuple[Span, ...]
    # Clauses the learned detector thinks may state immigration status, below the confidence
    # at which it removes them: offsets into the original text, left in `text`, for a person
    # to settle (remove or keep) before the text leaves.
    review: tuple[Span, ...] = ()


def redact(text: str, lang: str | None = None, *, keep: frozenset[str] = frozenset()) -> Redaction:
    """Remove immigration status, immigration identifiers, document numbers and unconsented contact details.

    `lang` is accepted for the record but does not narrow matching: every language's
    patterns run on every text, because reporters code-switch. `keep` may hold
    "phone_number" and/or "email_address" when the reporter consented to share them.
    The result's `review` lists the clauses marked for review (not removed).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if lang is not None and not isinstance(lang, str):
        raise TypeError(f"lang must be str or None, not {type(lang).__name__}")
    unknown = set(keep) - KEEPABLE
    if unknown:
        raise ValueError(f"only {sorted(KEEPABLE)} can be kept, not {sorted(unknown)}")
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong(f"text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    if not text:
        return Redaction("", ())
    return redact_with(detector.model(), text, keep)


def redact_with(model: detector.Detector, text: str, keep: frozenset[str] = frozenset()) -> Redaction:
    """redact() with a given detector model (the evaluation compares models; callers use redact())."""
    folded, offset_map = fold(text)
    # Every marker starts "[removed"; a text without one (nearly all) skips both scans.
    markers = [match.span() for match in _MARKER.finditer(folded)] if "[removed" in folded else []
    if markers:
        folded = _MARKER.sub(lambda m: "!" * len(m.group()), folded)
    found = _status_spans(folded) + _identifier_spans(folded)
    emails, phones = _email_spans(folded), _phone_spans(folded)
    if _DIGIT.search(folded):
        found += _document_spans(folded, markers, text, offset_map, phones, emails, PHONE_NUMBER in keep)
    if EMAIL_ADDRESS not in keep:
        found += emails
    if PHONE_NUMBER not in keep:
        found += phones
    merged = _merge(found)
    # The model scores the clauses the patterns left: what they removed becomes a boundary,
    # as its marker is in a second pass over the redacted text, which then sees the same clauses.
    # Consented contact details are masked too: they are no statement of anything.
    removals, marks = model.classify(_masked(folded, _merge(found + emails + phones)))
    if removals:
        merged = _merge(merged + [(start, end, IMMIGRATION_STATUS) for start, end in removals])
    spans = tuple(Span(*to_original(offset_map, start, end, len(text)), category) for start, end, category in merged)
    review = tuple(
        Span(*to_original(offset_map, start, end, len(text)), IMMIGRATION_STATUS)
        for start, end in _outside(folded, _merge([(s, e, IMMIGRATION_STATUS) for s, e in marks]), merged)
    )
    return Redaction(_apply(text, spans), spans, review)


def _document_spans(folded, markers, text, offset_map, phones, emails, phone_kept) -> list[tuple[int, int, str]]:
    """Document numbers, read with every marker already in the text as one character.

    What was removed must count as what it was, a single thing, not as the length of its
    marker: the police-reference and number-plate exemptions look a fixed distance back and
    stop at a sentence end, and a second pass over redacted text must remove nothing more.
    """
    if not markers:
        return document_spans(
            folded,
            text,
            lambda start, end: to_original(offset_map, start, end, len(text)),
            [(s, e) for s, e, _ in phones],
            phone_kept,
            [(s, e) for s, e, _ in emails],
        )
    pieces, back, position = [], [], 0
    for start, end in markers:
        pieces += [folded[position:start], REMOVED]
        back += [*range(position, start), start]
        position = end
    pieces.append(folded[position:])
    back += [*range(position, len(folded)), len(folded)]
    collapsed = "".join(pieces)
    # `back[i]` is where collapsed character i starts in `folded`; a marker's end is the next entry's start.
    ends = [*back[1:], len(folded)]
    spans = document_spans(
        collapsed,
        text,
        lambda start, end: to_original(offset_map, back[start], ends[end - 1], len(text)),
        [(s, e) for s, e, _ in _phone_spans(collapsed)],
        phone_kept,
        [(s, e) for s, e, _ in _email_spans(collapsed)],
    )
    return [(back[start], ends[end - 1], category) for start, end, category in spans]


def _outside(folded: str, marks: list[tuple[int, int, str]], removed: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The parts of `marks` that no removed span covers (windows of a long clause overlap), trimmed."""
    kept = []
    for start, end, _ in marks:
        for r_start, r_end, _ in removed:
            if r_end <= start or end <= r_start:
                continue
            if r_start > start:
                kept.append((start, r_start))
            start = max(start, r_end)
            if start >= end:
                break
        if start < end:
            kept.append((start, end))
    trimmed = []
    for start, end in kept:
        # (a piece left between two removals may hold no word at all)
        while start < end and not folded[start].isalnum():
            start += 1
        while end > start and not folded[end - 1].isalnum():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed


def _masked(folded: str, spans: list[tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, _ in spans:
        pieces += [folded[position:start], "!" + " " * (end - start - 1)]
        position = end
    return "".join(pieces) + folded[position:] if pieces else folded


def _status_spans(folded: str) -> list[tuple[int, int, str]]:
    # No keyword pre-filter: a hand-kept keyword list fell out of step with the patterns
    # once (Romanian "rezidența" was never looked at), and recall matters more than speed.
    matches = _STATUS.spans(folded)
    if not matches:
        return []
    breaks = _clause_breaks(folded)
    return [(*_clause_around(folded, breaks, start, end), IMMIGRATION_STATUS) for start, end in matches]


def _clause_around(folded: str, breaks: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Widen a status match to its whole clause, keeping the joining word outside."""
    before = bisect.bisect_left(breaks, (start + 1,)) - 1
    while before >= 0 and breaks[before][1] > start:
        before -= 1
    if before >= 0 and breaks[before][1] >= start - CLAUSE_REACH:
        start = breaks[before][1]
    elif start <= CLAUSE_REACH:
        start = 0
    after = bisect.bisect_left(breaks, (end,))
    if after < len(breaks) and breaks[after][0] <= end + CLAUSE_REACH:
        end = breaks[after][0]
        end = _continued(folded, breaks, after, end)
    elif end + CLAUSE_REACH >= len(folded):
        end = len(folded)
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


def _continued(folded: str, breaks: list[tuple[int, int]], index: int, end: int) -> int:
    """Extend over the next clauses of the same sentence (at most CONTINUED_CLAUSES) while each only
    continues the status: "my claim was refused, I appealed, and I'm still waiting for the hearing"."""
    taken = 0
    while taken < CONTINUED_CLAUSES and index < len(breaks):
        start, clause_start = breaks[index]
        if folded[start] in _SENTENCE_END:
            return end
        clause_end = breaks[index + 1][0] if index + 1 < len(breaks) else len(folded)
        index += 1
        if folded[clause_start:clause_end].isspace():
            continue  # between a comma and a joining word ("refused, and ..."): nothing to judge yet
        if clause_end - clause_start > CLAUSE_REACH or not _CONTINUATION.search(folded, clause_start, clause_end):
            return end
        end, taken = clause_end, taken + 1
    return end


def _identifier_spans(folded: str) -> list[tuple[int, int, str]]:
    if not _DIGIT.search(folded):
        return []
    found = []
    for match in _IDENTIFIER_TOKEN.finditer(folded):
        token = match.group().rstrip(" -./")
        # Fewer than four digits is a count or a date fragment ("passport 2 days ago").
        if sum(ch.isdigit() for ch in token) < 4:
            continue
        if _IDENTIFIER_CONTEXT.search(folded, max(0, match.start() - ID_CONTEXT_REACH), match.start()):
            found.append((match.start(), match.start() + len(token), IMMIGRATION_IDENTIFIER))
    found += [(m.start(), m.end(), IMMIGRATION_IDENTIFIER) for m in _IDENTIFIER_FORMATS.finditer(folded)]
    return found


def _email_spans(folded: str) -> list[tuple[int, int, str]]:
    # The spelled-out hint needs a provider name; looking for those as plain substrings
    # first spares most texts the regex scan.
    if (
        "@" not in folded
        and "(at)" not in folded
        and "[at]" not in folded
        and not (any(provider in folded for provider in identifier_patterns.EMAIL_PROVIDERS) and _EMAIL_HINT.search(folded))
    ):
        return []
    spans, position = [], 0
    while (match := _EMAIL.search(folded, position)) is not None:
        end = match.end()
        # An address glued to the end of another ("a@b.co%c@d.co") goes with it: read alone, as
        # a second pass over the redacted text would read it, it is an address too.
        while (glued := _EMAIL_GLUED.match(folded, end)) is not None and glued.end() > end:
            end = glued.end()
        spans.append((match.start(), end, EMAIL_ADDRESS))
        position = end
    return spans


def _phone_spans(folded: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _PHONE_CANDIDATE.finditer(folded):
        candidate = match.group().rstrip(" \t.-(")
        digits = sum(ch.isdigit() for ch in candidate)
        if not 7 <= digits <= 15 or _DATE_LIKE.fullmatch(candidate):
            continue
        if _NOT_PHONE_BEFORE.search(folded, max(0, match.start() - 40), match.start()):
            continue
        if _is_phone_number(candidate, digits):
            found.append((match.start(), match.start() + len(candidate), PHONE_NUMBER))
    return found


def _is_phone_number(candidate: str, digits: int) -> bool:
    # Recall first: anything dialled internationally, or a national number with a trunk
    # zero, counts; other digit runs must be valid in a region the reporters call from.
    if candidate.startswith(("+", "00")):
        return 8 <= digits <= 15
    if candidate.lstrip("(").startswith("0") and 9 <= digits <= 12:
        return True
    for region in _PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _merge(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[list] = []
    for start, end, category in sorted(f for f in found if f[0] < f[1]):
        if merged and start <= merged[-1][1] and (start < merged[-1][1] or category == merged[-1][2]):
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2] = min(last[2], category, key=_PRIORITY.__getitem__)
        else:
            merged.append([start, end, category])
    return [tuple(span) for span in merged]


def _apply(text: str, spans: tuple[Span, ...]) -> str:
    pieces, position = [], 0
    for span in spans:
        pieces += [text[position : span.start], MARKERS[span.category]]
        position = span.end
    pieces.append(text[position:])
    return replace_surrogates("".join(pieces))
