"""Clause boundaries in folded text: where a status statement's removal stops."""

import re

from safereport.redaction import patterns
from safereport.redaction.dispatch import _trie

_CLAUSE_MARK = re.compile(patterns.CLAUSE_BREAK_MARK_CHARS)
_CLAUSE_DASH = re.compile(patterns.CLAUSE_BREAK_DASH)
_DASH_CHARS = re.compile("[-\u2013\u2014]")
_CLAUSE_WORD = re.compile(rf"\b(?:{_trie(patterns.CLAUSE_BREAK_WORDS, whole=True)})\b")
_CLAUSE_PREFIXED = re.compile(rf"{re.escape(patterns.CLAUSE_BREAK_PREFIX)}(?<!\w.)(?=\w\w)")


def clause_breaks(folded: str) -> list[tuple[int, int]]:
    """Sorted (start, end) of every clause boundary: punctuation, dashes, joining words."""
    # Three scans that re runs fast (a character set; the joining words as a prefix tree;
    # a literal و) instead of one alternation tried at every position.
    breaks = [m.span() for m in _CLAUSE_MARK.finditer(folded)]
    if _DASH_CHARS.search(folded):
        breaks += [m.span() for m in _CLAUSE_DASH.finditer(folded)]
    breaks += [m.span() for m in _CLAUSE_WORD.finditer(folded)]
    if patterns.CLAUSE_BREAK_PREFIX in folded:
        # Arabic joins "and" to the next word ("وهو يضربني"): the clause starts before it.
        breaks += [(m.start(), m.start()) for m in _CLAUSE_PREFIXED.finditer(folded)]
    breaks.sort()
    return breaks
