"""A first-character dispatch over many regex branches, so a word start tries only those that can begin there."""

# Python's re tries every branch of an alternation at every position. With ~150 status
# patterns in eight languages that is ~2.5 ms per 600-character narrative, five times
# the budget. Grouping branches by the characters they can start with, and trying a
# group only at word starts, keeps the same leftmost-first semantics at a fraction of
# the cost.

import re

# The only module that reads CPython's private regex parser (re._parser, re._constants): it is
# how the dispatch learns which characters each branch can start with. A Python that changes
# them fails test_private_regex_parser_keeps_the_shape_dispatch_reads, loudly, not silently.
import re._constants as sre
import re._parser as sre_parse
from typing import Literal

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_ARABIC_LETTER = "[\u0620-\u064a]"
# Arabic attaches "and", "with", "to", "the" to the word, so a stem such as "تاشير"
# (visa) may begin one to three letters into a word ("وبالتاشيره" needs the latter).
WORD_STARTS = re.compile(r"\b\w")
ARABIC = re.compile(_ARABIC_LETTER)
_DIGIT = re.compile(r"\d")
# "0000ليس" or "12visa" is one \w run with no word boundary inside; the second part
# still starts a word for matching (and would, once the number is redacted).
GLUED_WORDS = re.compile(rf"\d(?=[^\W\d_])|[a-z](?={_ARABIC_LETTER})|{_ARABIC_LETTER}(?=[a-z])")
_GLUED_DIGIT = re.compile(r"\d(?=[^\W\d_])")
_ARABIC_RUN = re.compile(f"{_ARABIC_LETTER}+")
ARABIC_PREFIXED = re.compile(rf"\b(?:[وف]?[بلك]?ال|لل|[وفبلك])(?={_ARABIC_LETTER})")


def _extra_starts(text: str) -> list[int]:
    """Starts inside a \\w run: glued words, and Arabic words after a clitic prefix.

    Same positions as GLUED_WORDS and ARABIC_PREFIXED, found by visiting Arabic runs only
    (those two patterns try every Latin letter of the text, which was a tenth of the cost)."""
    extra = [m.end() for m in _GLUED_DIGIT.finditer(text)] if _DIGIT.search(text) else []
    if ARABIC.search(text) is None:
        return extra
    size = len(text)
    for run in _ARABIC_RUN.finditer(text):
        start, stop = run.span()
        before = text[start - 1] if start else ""
        if "a" <= before <= "z":
            extra.append(start)
        if stop < size and "a" <= text[stop] <= "z":
            extra.append(stop)
        if before and (before.isalnum() or before == "_"):
            continue  # not a word start: no \b, so no clitic prefix either
        prefixed = ARABIC_PREFIXED.match(text, start)
        if prefixed is not None:
            extra.append(prefixed.end())
    return extra


def _starts(text: str) -> list[int]:
    starts = [m.start() for m in WORD_STARTS.finditer(text)]
    extra = _extra_starts(text)
    return sorted(set(starts).union(extra)) if extra else starts


def _set_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, value in items:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < 512:
            chars.update(chr(cp) for cp in range(value[0], value[1] + 1))
        elif op is sre.CATEGORY and value is sre.CATEGORY_SPACE:
            chars.update(_WHITESPACE)
        else:
            return None
    return chars


# Every character \s matches in a str pattern (str.isspace() is the same predicate).
_WHITESPACE = frozenset(chr(cp) for cp in range(0x3100) if chr(cp).isspace())
# Prefix keys are spelled with all whitespace as " ", so "no\u00a0papers" and "no papers"
# share a key; the text is translated the same way before lookup.
_OTHER_SPACE = re.compile(r"[^\S ]")


def _key_chars(chars: set[str]) -> set[str]:
    return {" " if ch in _WHITESPACE else ch for ch in chars}


def _first(items) -> tuple[set[str] | None, bool]:
    """Characters a parsed pattern can start with (None: any), and whether it can be empty."""
    chars: set[str] = set()
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return chars | {chr(value)}, False
        if op is sre.IN:
            found = _set_chars(value)
            return (None if found is None else chars | found), False
        if op is sre.SUBPATTERN:
            found, nullable = _first(value[-1])
        elif op is sre.BRANCH:
            results = [_first(alternative) for alternative in value[1]]
            found = None if any(r[0] is None for r in results) else set().union(*(r[0] for r in results if r[0] is not None))
            nullable = any(r[1] for r in results)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            found, nullable = _first(value[2])
            nullable = nullable or value[0] == 0
        else:
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not nullable:
            return chars, False
    return chars, True


def first_chars(pattern: str) -> frozenset[str] | None:
    found, nullable = _first(sre_parse.parse(pattern))
    return None if found is None or nullable else frozenset(found)


# Prefix dispatch: the first PREFIX_LENGTH characters of every string a branch can match,
# computed from the parsed pattern. A prefix that could not be spelled out to full length
# (a \w, a class too large, the end of the pattern) ends in OPEN, meaning "any continuation".
PREFIX_LENGTH = 4
OPEN = "\0"
_MAX_PREFIXES = 3000
_MAX_CLASS = 64


def _terminal(prefix: str, length: int) -> bool:
    return len(prefix) >= length or prefix.endswith(OPEN)


def _open(prefixes: set[str], length: int) -> set[str]:
    return {p if _terminal(p, length) else p + OPEN for p in prefixes}


def _shrink(prefixes: set[str], length: int) -> set[str]:
    """Cut prefixes shorter (still a superset of what can match) until few enough remain."""
    for keep in range(length - 1, -1, -1):
        cut = {p if len(p.rstrip(OPEN)) <= keep and p.endswith(OPEN) else p[:keep] + OPEN for p in prefixes}
        if len(cut) <= _MAX_PREFIXES:
            return cut
    return {OPEN}


def _extend(items, prefixes: set[str], length: int) -> set[str]:
    for op, value in items:
        if all(_terminal(p, length) for p in prefixes):
            return prefixes
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            char = " " if chr(value) in _WHITESPACE else chr(value)
            prefixes = {p if _terminal(p, length) else p + char for p in prefixes}
        elif op is sre.IN:
            chars = _set_chars(value)
            chars = None if chars is None else _key_chars(chars)
            if chars is None or len(chars) > _MAX_CLASS:
                prefixes = _open(prefixes, length)
            else:
                prefixes = {p if _terminal(p, length) else p + c for p in prefixes for c in chars}
        elif op is sre.SUBPATTERN:
            prefixes = _extend(value[-1], prefixes, length)
        elif op is sre.BRANCH:
            prefixes = set().union(*(_extend(alternative, prefixes, length) for alternative in value[1]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = value
            # Over-approximate: any number of repetitions up to the prefix length (or the
            # maximum), whatever the minimum; more of them cannot change a full prefix.
            result = set(prefixes) if low == 0 else set()
            current = prefixes
            for _ in range(min(high, length + 1)):
                current = _extend(sub, current, length)
                result |= current
            if high > length + 1 and any(not _terminal(p, length) for p in current):
                result = _open(result, length)
            prefixes = result
        else:
            prefixes = _open(prefixes, length)
        if len(prefixes) > _MAX_PREFIXES:
            prefixes = _shrink(prefixes, length)
    return prefixes


def starts_with_literal(alternative: str, char: str) -> bool:
    """True when the regex text begins with `char` itself as a plain literal (so it can be cut)."""
    if not alternative.startswith(char) or not char.isalnum():
        return False
    parsed = sre_parse.parse(alternative)
    return len(parsed) > 0 and parsed[0] == (sre.LITERAL, ord(char))


def prefixes(pattern: str, length: int = PREFIX_LENGTH) -> frozenset[str]:
    """Every start a match of `pattern` can have: full `length`-character strings, or shorter
    ones ending in OPEN. A pattern that can match the empty string gets {OPEN} (anything)."""
    found = _open(_extend(sre_parse.parse(pattern), {""}, length), length)
    return frozenset(found)


def _trie(words, whole: bool = False) -> str:
    """A regex alternation of `words` nested by shared prefix (re matches that fast).

    By default it only answers "does one of them begin here" (a word that extends a
    shorter one is not spelled out); with `whole`, every word is matched in full, longest
    first, so a following \\b can backtrack to the shorter one."""
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[0], set()).add(word[1:])
    alternatives = []
    for first in sorted(by_first):
        rest = by_first[first]
        char = r"\s" if first == " " else re.escape(first)
        longer = {word for word in rest if word}
        if not longer:
            alternatives.append(char)
        elif "" not in rest:
            alternatives.append(char + f"(?:{_trie(longer, whole)})")
        elif whole:
            alternatives.append(char + f"(?:{_trie(longer, whole)})?")
        else:  # a shorter trigger already suffices
            alternatives.append(char)
    return "|".join(alternatives)


class BranchDispatch:
    """Leftmost-first, non-overlapping matches of any of `branches`, branch order kept.

    At each word start only the branches whose possible prefixes agree with the next three
    characters are tried, as one alternation in the original order. The prefix sets are
    derived from the parsed patterns themselves, so they cannot fall out of step with them
    (a hand-kept trigger list did once); `trigger_words()` exposes them for tests."""

    def __init__(self, branches: tuple[str, ...], length: int = PREFIX_LENGTH):
        self._length = length
        self._branches = branches
        self._prefixes = [prefixes(branch, length) for branch in branches]
        full = [{p for p in found if not p.endswith(OPEN)} for found in self._prefixes]
        cores = [{p[:-1] for p in found if p.endswith(OPEN)} for found in self._prefixes]
        # Each branch is compiled once; a table entry is the tuple of branches to try, in
        # order (the first that matches wins, exactly as in one big alternation).
        singles = [re.compile(branch) for branch in branches]
        shared: dict[tuple[int, ...], tuple[re.Pattern, ...]] = {}

        def group(indices: list[int]) -> tuple[re.Pattern, ...]:
            return shared.setdefault(tuple(indices), tuple(singles[i] for i in indices))

        by_full: dict[str, set[int]] = {}
        by_core: dict[str, set[int]] = {}
        for index, (found_full, found_cores) in enumerate(zip(full, cores, strict=True)):
            for prefix in found_full:
                by_full.setdefault(prefix, set()).add(index)
            for core in found_cores:
                by_core.setdefault(core, set()).add(index)

        def agreeing(text: str, with_full: bool) -> list[int]:
            chosen = set(by_full.get(text, ())) if with_full else set()
            for size in range(len(text) + 1):
                chosen |= by_core.get(text[:size], set())
            return sorted(chosen)

        # tables[j] answers for the next j characters; tables[length] also holds full prefixes.
        self._tables: list[dict[str, tuple[re.Pattern, ...]]] = []
        for size in range(length + 1):
            keys = {c for found in cores for c in found if len(c) == size}
            if size == length:
                keys |= set().union(*full)
            self._tables.append({key: group(agreeing(key, size == length)) for key in sorted(keys)})
        self._fallback = self._tables[0].get("", ())
        self._groups = len(shared)
        # One regex that finds, in C, every position where some branch's prefix begins; the
        # Python loop then visits only those word starts instead of all of them.
        triggers = {p.rstrip(OPEN) for found in self._prefixes for p in found}
        self._candidates = None if "" in triggers else re.compile(rf"\b(?=\w)(?=(?:{_trie(triggers)}))")
        self._memo: dict[str, re.Pattern | None] = {}
        self._compiled: dict[tuple[re.Pattern, ...], re.Pattern] = {}

    def _group_pattern(self, head: str) -> re.Pattern | None:
        """The branches that can start with `head`, as one alternation in branch order
        (compiled on first use and shared between heads with the same branches)."""
        tables, length = self._tables, self._length
        group = tables[length].get(head)
        if group is None:
            for size in range(length - 1, -1, -1):
                group = tables[size].get(head[:size])
                if group is not None:
                    break
            else:
                group = ()
        if not group:
            return None
        if len(group) == 1:
            return group[0]
        compiled = self._compiled.get(group)
        if compiled is None:
            compiled = self._compiled[group] = re.compile("|".join(f"(?:{p.pattern})" for p in group))
        return compiled

    def trigger_words(self) -> frozenset[str]:
        """The strings (full prefixes, or the known start of open ones) a match must begin with."""
        return frozenset(p.rstrip(OPEN) for found in self._prefixes for p in found)

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        end = 0
        length = self._length
        keys = _OTHER_SPACE.sub(" ", text)
        if self._candidates is None:
            starts = _starts(text)
        else:
            # Word starts where some trigger begins, plus the few starts inside words
            # (those go through the table lookup below like any other).
            starts = [m.start() for m in self._candidates.finditer(keys)]
            extra = _extra_starts(text)
            if extra:
                starts = sorted(set(starts).union(extra))
        # Only the patterns' own prefixes are remembered between calls: a head that is not one is a
        # piece of somebody's report, and nothing of a report stays in memory after the call.
        memo, vocabulary = self._memo, self._tables[length]
        for position in starts:
            if position < end:
                continue
            head = keys[position : position + length]
            pattern: re.Pattern | Literal[False] | None = memo.get(head, False)
            if pattern is False:
                pattern = self._group_pattern(head)
                if head in vocabulary:
                    memo[head] = pattern
            if pattern is None:
                continue
            match = pattern.match(text, position)
            if match is not None and match.end() > position:
                found.append(match.span())
                end = match.end()
        return found
