"""Document-number shapes: bare identifiers removed wherever they stand, and the numbers police need kept."""

# Written against folded text (lower case, digits as ASCII). A token is one or more chunks
# that each hold a digit, joined by single spaces, dashes, dots or slashes ("ZU1234567",
# "1234-5678-9012-3456", "12.345.678-z", "533 401 276"). It has a document's shape when it
# holds at least six digits, or at least five mixed with letters, or four mixed with letters in
# nine or more characters (UK driving licences, GWF/BRP/NINO, passports, PESEL, CNP, IBAN...).
# Fewer digits are what police need and no document is: house numbers, times, counts, years,
# UK postcodes (at most two digits), vehicle registrations (UK, Spanish, French and Romanian
# plates hold at most four; Polish "WA 12345" five, without letters glued to them).
# docs/redaction.md gives the evidence for each threshold and exemption.

import re

DOCUMENT_NUMBER = "document_number"
# What stands for a marker already in the text ("[removed: phone number]"), one character
# whatever the marker's length: a removed thing between a label and a number is one thing.
REMOVED = "\ue000"

_CHUNK = r"[a-z\d]*\d[a-z\d]*"
SHAPE = re.compile(rf"(?<![\w@]){_CHUNK}(?:[ \-./]{_CHUNK}){{0,7}}(?![\w@])")
# Neighbours a document number is written with: a letter prefix or suffix of its own
# ("AB 12 34 56 C", "ZU 1234567", "X 1234567 L", "GB82 WEST 1234 ..."), taken only when the
# reporter wrote them in capitals, because in lower case they are ordinary words ("on", "a").
_NEIGHBOUR_BEFORE = re.compile(r"(?<![\w@])([a-z\d]{1,4})[ \-]$")
_NEIGHBOUR_AFTER = re.compile(r"[ \-]([a-z\d]{1,4})(?![\w@])")

# Dates and times are crime facts ("on 14/02/2023 at 23.15"); year ranges ("2019-2023") too.
# (Spaces separate a date only with a four-digit year: "AB 12 03 56 C" is a NINO.)
_DATE = re.compile(
    r"(?<![\w.\-/])(?:(\d{1,2})([./\-])(\d{1,2})\2(?:\d{4}|\d{2})|(\d{1,2}) (\d{1,2}) (?:19|20)\d\d"
    r"|(?:19|20)\d\d([./\-])(\d{1,2})\6(\d{1,2})|(?:19|20)\d\d\s?[\-/]\s?(?:(?:19|20)\d\d|\d\d))"
    r"(?![\w\-/]|[.,]\d)"
)
_CURRENCY_WORDS = (
    r"euros?|eur|pounds?|quid|gbp|dollars?|usd|zl\w*|pln|lei|ron|dirhams?|dh|mad|dinars?|reais|real|"
    r"libras?|livres?|funt\w*|درهم|دينار|جنيه|يورو|دولار|ريال|ليره"
)
# An amount: a currency sign or word right before or after the number ("£1,500", "150 000 zł").
_AMOUNT = re.compile(
    rf"(?:[£$€]|\b(?:{_CURRENCY_WORDS})\b)\s?\d[\d ,.']*\d|\d[\d ,.']*\d\s?(?:[£$€]|(?:{_CURRENCY_WORDS})(?!\w))"
)
# Police references: a number in the same sentence as, and at most 80 characters after, a word
# that names the police or a crime report ("crime reference 01/458812/23", "the crime reference
# number the officer gave me is ...", "numer sprawy z policji to 47/123456/23"). "case" and
# "reference" alone are not enough: they are also how people name a Home Office case. (A number
# that an immigration keyword names is removed by the identifier patterns whatever is near it.)
_POLICE_BEFORE = re.compile(
    r"(?:\b(?:crimes?|crimen|delito|incident|cad|crn|occurrence|police|policia\w*|policial|policja|policji|"
    r"policyjn\w*|politie|politia|politiei|gendarmerie|nfrc|action\s+fraud|urn|denuncia|atestado|diligencias|"
    r"nuipc|ocorrencia|queixa|plainte|main\s+courante|proces\s+verbal|pv|zgloszeni\w*|dosar\s+penal|"
    r"plangere\w*|infractiun\w*|polizei\w*|strafanzeige|anzeige|aktenzeichen|vorgangsnummer|polizia|carabinier\w*|"
    r"querela|polis)\b|الشرطه|شرطه|البلاغ|بلاغ|محضر|ፖሊስ)[^.!?\n]{0,80}$"
)
# The shape of a UK police crime reference, with or without a label: force or unit, a serial, a two-digit year
# ("01/458812/23", "13/88542/24"). Digits only: no immigration document or Home Office reference is written so
# (theirs lead with letters, or are 16 digits in fours); docs/redaction.md.
_POLICE_REFERENCE = re.compile(r"\d{1,2}/\d{4,7}/\d{2}")
# Literal pieces of those labels and of the currency words: the regexes (alternations tried at
# every position) only run where one occurs.
_POLICE_STEMS = (
    "crim",
    "delito",
    "incident",
    "cad",
    "crn",
    "occurrence",
    "polic",
    "polit",
    "gendarm",
    "nfrc",
    "fraud",
    "urn",
    "denuncia",
    "atestado",
    "diligencias",
    "nuipc",
    "ocorrencia",
    "queixa",
    "plainte",
    "courante",
    "proces",
    "pv",
    "zgloszeni",
    "dosar",
    "plangere",
    "infractiun",
    "polizei",
    "anzeige",
    "aktenzeichen",
    "vorgangsnummer",
    "polizia",
    "carabinier",
    "querela",
    "polis",
    "ፖሊስ",
    "شرطه",
    "بلاغ",
    "محضر",
)
_KEEP_STEMS = (
    "reg",
    "plate",
    "matricula",
    "tablic",
    "rejestr",
    "inmatricul",
    "immatricul",
    "plaque",
    "post",
    "codigo",
    "cod",
    "kod",
    "لوحه",
)
_CURRENCY_STEMS = (
    "£",
    "$",
    "€",
    "eur",
    "pound",
    "quid",
    "gbp",
    "dollar",
    "usd",
    "zl",
    "pln",
    "lei",
    "ron",
    "dirham",
    "dh",
    "mad",
    "dinar",
    "real",
    "reais",
    "libra",
    "livre",
    "funt",
    "درهم",
    "دينار",
    "جنيه",
    "يورو",
    "دولار",
    "ريال",
    "ليره",
)
# A number right after these labels is a vehicle or a place: the recipient needs it.
_KEEP_AFTER = re.compile(
    r"(?:\b(?:registration|reg|number\s+plate|plate|matricula|tablic\w*|rejestracyjn\w*|inmatriculare|"
    r"immatriculation|plaque|postcode|post\s+code|code\s+postal|codigo\s+postal|cod\s+postal|kod\s+pocztowy)|لوحه)"
    r"(?:[\s:#=\-,.()'\"\ue000]|n[°º]|\b(?:number|no|nr|numero|numer|numerul|numar|numarul|is|was|es|era|e|est|jest|"
    r"este|de|do|du|da|del|al|of|the|car|vehicle|coche|carro|voiture|auta|masinii|masina)\b|رقم\w*|هو|هي){0,6}$"
)
# With the reporter's consent to share phone numbers, a phone-shaped number stays only when it
# is written as a phone (+, 00, a trunk 0) or named as one; a bare nine digits is as likely a
# UK passport number as a Polish mobile, and removal wins.
_PHONE_WORD_BEFORE = re.compile(
    r"(?:phone|tel|telephone|mobile|cell|call|ring|text|whatsapp|telefono|telefone|telemovel|movil|celular|"
    r"telefon\w*|komork\w*|portable|(?:my|mi|meu|minha|moj|mon|mein)\s+(?:number|numero|numer|nr)|numarul\s+meu|"
    r"هاتف\w*|جوال\w*|موبايل|تلفون\w*|واتساب|رقمي)"
    r"\W{0,3}(?:\w+\W{1,3}){0,3}$"
)


def document_spans(
    folded: str, original: str, to_original, phones: list[tuple[int, int]], phone_kept: bool, emails: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Spans of `folded` with a document number's shape that none of the exemptions covers.

    `to_original(start, end)` maps folded offsets onto `original` (capitals are read there);
    `phones` and `emails` are the phone-number and email candidates found in `folded`.
    """
    found = []
    for candidate in SHAPE.finditer(folded):
        if _document_shaped(candidate.group()):
            found += _documents_in(folded, original, to_original, phones, phone_kept, emails, *candidate.span())
    return found


def _documents_in(
    folded: str, original: str, to_original, phones, phone_kept, emails, first: int, last: int
) -> list[tuple[int, int, str]]:
    # Dates and amounts are masked only around a document-shaped token (they are rare, and
    # scanning whole texts for currency words cost more than everything else here); the token
    # is then found again between them ("14/02/2023 23.15 533401276" keeps the date).
    low, high = max(0, first - 24), min(len(folded), last + 24)
    window = list(folded[low:high])
    for match in _DATE.finditer(folded, low, high):
        if _is_date(match):
            window[match.start() - low : match.end() - low] = "#" * (match.end() - match.start())
    if _has_any(folded[low:high], _CURRENCY_STEMS):
        for match in _AMOUNT.finditer(folded, low, high):
            window[match.start() - low : match.end() - low] = "#" * (match.end() - match.start())
    masked = folded[:low] + "".join(window) + folded[high:]
    found = []
    for match in SHAPE.finditer(masked, first, last):
        start, end = match.span()
        if not _document_shaped(match.group()) or _POLICE_REFERENCE.fullmatch(match.group()):
            continue
        before = masked[max(0, start - 120) : start]
        if (_has_any(before[-60:], _KEEP_STEMS) and _KEEP_AFTER.search(masked, max(0, start - 60), start)) or (
            _has_any(before, _POLICE_STEMS) and _POLICE_BEFORE.search(masked, max(0, start - 120), start)
        ):
            continue
        start, end = _with_capital_neighbours(masked, original, to_original, start, end)
        if any(s <= start and end <= e for s, e in emails):
            continue  # inside an email address: that detector (and consent) decides
        phone = next(((s, e) for s, e in phones if s <= start and end <= e), None)
        if phone is not None and (not phone_kept or _written_as_phone(folded, *phone)):
            continue  # removed as a phone number, or kept as one with consent
        found.append((start, end, DOCUMENT_NUMBER))
    return found


def _has_any(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def _document_shaped(token: str) -> bool:
    digits = sum(ch.isdigit() for ch in token)
    characters = sum(ch.isalnum() for ch in token)
    if characters > digits:
        return digits >= 5 or (digits >= 4 and characters >= 9)
    return digits >= 6


def _is_date(match: re.Match) -> bool:
    day_month = [int(g) for g in match.groups() if g is not None and g.isdigit()]
    # Either order (14/02 or 02/14); "12-34-56" is no date and stays a candidate.
    return not day_month or (min(day_month) <= 12 and max(day_month) <= 31 and min(day_month) >= 1)


def _written_as_phone(folded: str, start: int, end: int) -> bool:
    if folded.startswith(("+", "00", "0", "(0", "(+"), start):
        return True
    return _PHONE_WORD_BEFORE.search(folded, max(0, start - 40), start) is not None


def _capitals(original: str, to_original, start: int, end: int) -> bool:
    first, last = to_original(start, end)
    letters = [ch for ch in original[first:last] if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _with_capital_neighbours(masked: str, original: str, to_original, start: int, end: int) -> tuple[int, int]:
    for _ in range(3):
        before = _NEIGHBOUR_BEFORE.search(masked, max(0, start - 5), start)
        if before is None or not _capitals(original, to_original, *before.span(1)):
            break
        start = before.start(1)
    for _ in range(3):
        after = _NEIGHBOUR_AFTER.match(masked, end)
        if after is None or not _capitals(original, to_original, *after.span(1)):
            break
        end = after.end(1)
    return start, end
