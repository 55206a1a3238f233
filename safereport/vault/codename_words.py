"""The word list that codenames and recovery words are drawn from: the EFF long list, less alarming words."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

EXCLUSIONS_FILE = "codename_words_excluded.txt"

# The strength stated for codenames and recovery words (intake/codename.py, docs/threat-model.md)
# assumes about this many words; a different xkcdpass list must not silently weaken them.
MINIMUM_WORDS = 7000


def eff_long_list() -> tuple[str, ...]:
    """The EFF long list as xkcdpass ships it, less its four hyphenated or spaced entries (hyphens separate codename words)."""
    text = resources.files("xkcdpass").joinpath("static/eff-long").read_text(encoding="utf-8")
    return tuple(sorted({w for line in text.splitlines() if (w := line.strip()) and "-" not in w and " " not in w}))


def excluded_words() -> dict[str, frozenset[str]]:
    """The reviewed exclusions, by the group they were taken out for (see the data file's header)."""
    text = resources.files(__package__).joinpath(EXCLUSIONS_FILE).read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = groups.setdefault(line[3:].strip(), set())
        elif line.strip() and not line.startswith("#"):
            if current is None:
                raise ValueError(f"{EXCLUSIONS_FILE}: words before the first '## group' heading")
            current.update(line.split())
    return {name: frozenset(words) for name, words in groups.items()}


@lru_cache(maxsize=1)
def wordlist() -> tuple[str, ...]:
    """The words new codenames and recovery words are made of (7,321 words: 12.84 bits each)."""
    excluded = frozenset().union(*excluded_words().values())
    words = tuple(w for w in eff_long_list() if w not in excluded)
    if len(words) < MINIMUM_WORDS:
        raise RuntimeError(f"The codename word list has only {len(words)} words; codenames would be weaker than stated.")
    return words
