"""Immigration identifier, email and phone-number patterns, written against folded text."""

from safereport.redaction.patterns import HOME_OFFICE

# Identifiers are only taken after a keyword that says what they are: a bare number
# could as well be the crime reference the police need, so it is left alone.
ID_KEYWORD = (
    r"(?:passports?|pasaportes?|passaportes?|passeports?|paszport\w*|pasaport\w*|(?:ال)?جواز(?:\s+(?:ال)?سفر)?(?:ي|ه|ها)?|"
    r"visas?|visados?|vistos?|wiz[aey]|viz[ae]i?|brps?|residence\s+(?:permit|card)|permits?|"
    r"kart\w*\s+pobytu|titre\s+de\s+sejour|carte\s+de\s+sejour|permis\w*\s+de\s+sedere|"
    r"tarjeta\s+de\s+residencia|titulo\s+de\s+residencia|اقامه|اقامتي|"
    rf"{HOME_OFFICE}\s+(?:ref\w*|number|case(?:\s+(?:number|id|ref\w*))?)|ho\s+ref\w*|uan|"
    r"unique\s+application\s+number|gwf|port\s+ref\w*|arc(?:\s+card)?|nie|tie|agdref|"
    r"(?:immigration|asylum|visa)\s+(?:ref\w*|number|case\s+(?:number|id)|application\s+"
    r"(?:number|ref\w*))|numero\s+(?:de\s+)?(?:extranjero|etranger|expediente)|رقم\s+(?:ال)?ملف)"
)
ID_CONNECTOR = (
    r"(?:[\s:#=\-,.()'\"]|n[°º]|\b(?:number|numbers|no|num|nr|n|numero|numer|numerul|numar|numarul|"
    r"ref|reference|is|was|es|era|e|est|etait|to|jest|byl|byla|este|de|do|du|da|del|al|ul|id|card|"
    r"permit|ending|ends|in|my|his|her|mi|su|meu|seu|mon|son|sa|moj|jego|jej)\b|رقم\w*|هو|هي)"
)
ID_CHUNK = r"[a-z]{0,4}\d[a-z\d]*"
ID_TOKEN = rf"{ID_CHUNK}(?:[\s\-/.]{ID_CHUNK}){{0,5}}(?:[\s\-][a-z]\b)?"
# Found token first (digits are rare in prose), then the keyword is looked for just before.
IDENTIFIER_TOKEN = rf"(?<![\w@.\-/]){ID_TOKEN}"
IDENTIFIER_CONTEXT = rf"\b{ID_KEYWORD}(?:{ID_CONNECTOR}){{0,12}}$"
# Formats specific enough to need no keyword: UK visa application refs, Spanish NIE.
# A right-to-work "share code" (nine letters and digits in threes) is proof of status itself:
# the label is removed with it, and it needs no four digits.
IDENTIFIER_FORMATS = (
    r"\bgwf\d{9}\b|\b[xyz]-?\d{7}-?[a-z]\b"
    r"|\bshare\s+code\W{0,3}(?:(?:is|was)\W{1,3})?(?=[a-z\d \-]{0,10}\d)[a-z\d]{3}[ \-]?[a-z\d]{3}[ \-]?[a-z\d]{3}\b"
)

EMAIL = (
    # (the look-behind makes re start the local part only where a run of its characters
    # begins, which is where the leftmost match starts anyway, instead of at every letter)
    r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b"
    r"|\b[\w.%+\-]+\s*(?:\(at\)|\[at\]|\s+at\s+)\s*(?:gmail|hotmail|yahoo|outlook|icloud|live|aol|"
    r"proton(?:mail)?|wp|o2|onet|interia|yandex)\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*"
    r"(?:com|co\s*(?:\.|dot)\s*uk|pl|fr|es|pt|ro|net|org|me)\b"
)

# Spelled-out addresses ("maria at gmail dot com") are looked for only after this hint,
# and the hint only when one of these provider names occurs at all.
EMAIL_PROVIDERS = (
    "gmail",
    "hotmail",
    "yahoo",
    "outlook",
    "icloud",
    "live",
    "aol",
    "proton",
    "wp",
    "o2",
    "onet",
    "interia",
    "yandex",
)
# Spelled-out addresses ("maria at gmail dot com") are looked for only after this hint.
# (Written to begin with the literal "at", which re scans for quickly.)
# The first form of EMAIL without its look-behind, for an address that starts where another ends.
EMAIL_GLUED = r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b"
EMAIL_HINT = (
    r"at(?:(?<=\(at)\)|(?<=\[at)\]|(?<=\bat)\s+(?:gmail|hotmail|yahoo|outlook|icloud|live|aol|proton|wp|o2|"
    r"onet|interia|yandex)\b)"
)

PHONE_CANDIDATE = r"(?<![\w@/.\-])(?:\+|00)?\(?\d[\d \t().\-]{5,22}\d(?![\w/@])"
DATE_LIKE = r"\d{1,4}[.\-]\d{1,2}[.\-]\d{1,4}|\d{1,2}[.:]\d{2}(?:\s*-\s*\d{1,2}[.:]\d{2})?"
# A number right after these words is a reference the recipient needs, not a phone.
NOT_PHONE_BEFORE = (
    r"(?:crime|reference|ref|crn|incident|case|log|cad|occurrence|order|invoice|account|sort\s+"
    r"code|policy|tracking|ticket|sprawy|referencia|caso|dosar|referinta|dossier|plainte|"
    r"expediente|processo|ocorrencia|denuncia|zgloszenia)\w*\W{0,4}(?:(?:number|no|nr|numer|"
    r"numero|n)\W{0,3})?$"
)
