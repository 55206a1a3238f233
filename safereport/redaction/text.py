"""Folding text for matching while keeping every match traceable to original offsets."""

import re
import unicodedata
from types import MappingProxyType

# Invisible characters an attacker (or a copy-paste from a chat app) can put inside a
# word: "v\u200bisa", "vi\u00adsa", bidi overrides around a number. They are dropped
# for matching only; the original text keeps them and offsets still point into it.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x0640, 0x0640),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)
# Cyrillic and Greek letters that look Latin: "visа" with a Cyrillic "а" must not
# slip past. No supported language is written in Cyrillic or Greek, so nothing is lost.
_CONFUSABLES = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɑ": "a",
    "ı": "i",
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ł": "l",
    "đ": "d",
    "ø": "o",
    "ħ": "h",
    "ŧ": "t",
    "ƒ": "f",
}
_ARABIC = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",
    "ک": "ك",
    "ۀ": "ه",
    # Letters of Persian, Urdu and Maghrebi keyboards for sounds Arabic spells with the base
    # letter: "ڤيزا" and "فيزا", "ﮔ" and "ك" (Moroccan ڭ, Algerian ڨ) read the same.
    "پ": "ب",
    "چ": "ج",
    "ڤ": "ف",
    "ڥ": "ف",
    "گ": "ك",
    "ڭ": "ك",
    "ڨ": "ق",
    "ژ": "ز",
}
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": ",",
    "\u2014": ",",
    "\u2015": ",",
    "\u060c": ",",
    "\u061b": ";",
    "\u061f": "?",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
    # Ethiopic punctuation (Tigrinya, Amharic): the word space, full stop, comma, semicolon,
    # colon and question mark, so clauses break where they do in Latin text.
    "\u1361": " ",
    "\u1362": ".",
    "\u1363": ",",
    "\u1364": ";",
    "\u1365": ":",
    "\u1366": ":",
    "\u1367": "?",
}


def _ethiopic_homophones() -> dict[str, str]:
    """Ethiopic consonant series that phone typists use for one another, folded to one series.

    Each series is seven syllables in a row (the consonant with each vowel), so series X
    maps onto series Y syllable by syllable: ሐ/ኀ -> ሀ, ሠ -> ሰ, ዐ -> አ, ፀ -> ጸ, ቐ -> ቀ, ኸ -> ከ
    ("ዑቕባ" and "ኡቕባ", "ወረቐት" and "ወረቀት" read the same). Ethiopic has no case.
    """
    series = {0x1210: 0x1200, 0x1280: 0x1200, 0x1220: 0x1230, 0x12D0: 0x12A0, 0x1340: 0x1338, 0x1250: 0x1240, 0x12B8: 0x12A8}
    return {chr(source + order): chr(target + order) for source, target in series.items() for order in range(7)}


_ETHIOPIC = _ethiopic_homophones()
_DECOMPOSABLE_RANGES = (
    (0x00C0, 0x024F),
    (0x1E00, 0x1EFF),
    (0xFF01, 0xFF5E),
    (0x2460, 0x24FF),
    (0x1D400, 0x1D7FF),
    (0x2070, 0x209F),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFC),
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x2000, 0x200A),
)


def _fold_char(ch: str) -> str:
    for table in (_CONFUSABLES, _ARABIC, _PUNCTUATION):
        if ch.lower() in table:
            return table[ch.lower()]
    if unicodedata.category(ch) == "Nd":
        return str(unicodedata.digit(ch))
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    base = "".join(_ARABIC.get(c, c) for c in base).lower()
    return base if len(base) == 1 else ch.lower()


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {cp: chr(cp + 32) for cp in range(0x41, 0x5B)}
    for first, last in _INVISIBLE_RANGES:
        table.update((cp, "") for cp in range(first, last + 1))
    for first, last in _DECOMPOSABLE_RANGES:
        for cp in range(first, last + 1):
            folded = _fold_char(chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    for mapping in (_CONFUSABLES, _ARABIC, _PUNCTUATION, _ETHIOPIC):
        for ch, folded in mapping.items():
            table[ord(ch)] = folded
            table[ord(ch.upper())] = folded if ch.upper() != ch else table.get(ord(ch), folded)
    # Every other character of the scripts reporters write in maps to itself: str.translate()
    # looks each character up, and a miss (an exception inside translate) costs more than a hit.
    for cp in range(_IDENTITY_UP_TO):
        table.setdefault(cp, chr(cp))
    return table


# Latin, Greek, Cyrillic, Arabic, Ethiopic, general punctuation and the like.
_IDENTITY_UP_TO = 0x3000
FOLD_TABLE = MappingProxyType(_build_table())
# Every entry maps to exactly zero or one character, so the folded text has the same
# length as the original unless something was dropped; only then is a map needed.
if any(len(v) > 1 for v in FOLD_TABLE.values()):  # checked at import, even under python -O
    raise RuntimeError("a fold entry maps to more than one character: offsets would no longer map back")
_DROPPED = frozenset(chr(cp) for cp, v in FOLD_TABLE.items() if v == "")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return the matching form of `text` and, if lengths differ, folded→original offsets."""
    if text.isascii():
        # The table's only ASCII entries are upper case and the backtick.
        return text.lower().replace("`", "'"), None
    folded = text.translate(FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    return folded, [i for i, ch in enumerate(text) if ch not in _DROPPED]


def to_original(offset_map: list[int] | None, start: int, end: int, length: int) -> tuple[int, int]:
    """Map a folded [start, end) back onto the original text."""
    if offset_map is None:
        return start, end
    original_start = offset_map[start] if start < len(offset_map) else length
    original_end = offset_map[end - 1] + 1 if end > 0 else 0
    return original_start, max(original_start, original_end)


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates cannot be encoded to UTF-8; U+FFFD keeps length and offsets."""
    return _SURROGATE.sub("\ufffd", text)
