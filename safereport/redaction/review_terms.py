"""Words of the immigration domain, in every reporter language: a clause holding one is marked for review sooner."""

# The learned detector marks a clause for the advocate's review from REVIEW_PROBABILITY.
# A status statement in words the model has never seen scores low, but it usually still
# names the domain: a visa, papers, asylum, the Home Office, a sponsor, a tribunal. Those
# clauses are marked from the lower TOPIC_REVIEW_PROBABILITY. Threats ("he will call
# immigration on me") and a withheld passport also name it; the model, trained on them as
# crime facts, scores them far below even that, so they are rarely marked (docs/redaction.md
# gives the held-out cost in marks). Matching is on folded text (text.fold): Latin terms at
# the start of a word ("deport" in deported, deportación, deportacja), Arabic-script terms
# anywhere in a word, because clitics (و ف ب ل ال) are written onto it.

from safereport.redaction.text import fold

_TERMS = (
    # documents and permission
    "visa",
    "visado",
    "visto",
    "wiza",
    "wizy",
    "wizie",
    "wize",
    "viza",
    "vize",
    "فيز",
    "تاشير",
    "papers",
    "papeles",
    "papeis",
    "papiery",
    "papierow",
    "papiers",
    "acte",
    "اوراق",
    "وراق",
    "ورق",
    "wra",
    "awra",
    "war2",
    "permit",
    "permiso",
    "permis",
    "pozwolen",
    "autoriza",
    "تصريح",
    "residen",
    "rezyden",
    "rezident",
    "sejour",
    "pobyt",
    "اقام",
    "iqam",
    "settled",
    "euss",
    "brp",
    "ilr",
    "nrpf",
    "undocumented",
    "indocumentad",
    "overstay",
    "illegal",
    "ilegal",
    "nielegal",
    "مخالف",
    "شرعي",
    # immigration and asylum
    "immigra",
    "inmigra",
    "imigra",
    "imigr",
    "emigr",
    "migra",
    "asylum",
    "asilo",
    "asil",
    "azyl",
    "azil",
    "لجوء",
    "لجو",
    "refugee",
    "refugi",
    "uchodz",
    "لاجئ",
    "لاجي",
    "deport",
    "expuls",
    "expulz",
    "ترحيل",
    "رحلوني",
    "ukvi",
    "homeoffice",
    "الداخليه",
    "tribunal",
    "trybuna",
    "detention",
    "detencao",
    "detentie",
    "strzezon",
    "احتجاز",
    "sponsor",
    "patrocin",
    "كفيل",
    "كفال",
    # it / de (3 Dec)
    "permesso",
    "soggiorn",
    "questura",
    "rimpatri",
    "papiere",
    "visum",
    "aufenthalt",
    "asyl",
    "abschieb",
    "auslanderbehorde",
    "einwanderung",
    "duldung",
    "fluchtling",
    # Tigrinya: asylum, Home Office, visa
    "ዑቕባ",
    "ሆም",
    "ቪዛ",
)
# Two words that name the domain only together: (first, start of the second).
_PAIRS = (
    ("home", "office"),
    ("hom", "ofis"),
    ("هوم", "اوفيس"),
    ("هوم", "أوفيس"),
    ("public", "fund"),
    ("fondos", "public"),
    ("fundos", "public"),
    ("fonduri", "public"),
    ("limited", "leave"),
    ("indefinite", "leave"),
    ("حق", "اشتغل"),
)

TERMS = frozenset(fold(term)[0] for term in _TERMS)
_LATIN_LENGTHS = sorted({len(term) for term in TERMS if term.isascii()})
_ARABIC = tuple(term for term in TERMS if not term.isascii())
PAIRS = frozenset((fold(first)[0], fold(second)[0]) for first, second in _PAIRS)


def is_term(token: str) -> bool:
    """Whether one folded word names the immigration domain on its own."""
    if token[:1].isascii():
        return any(token[:length] in TERMS for length in _LATIN_LENGTHS if length <= len(token))
    return any(term in token for term in _ARABIC)


def names_the_domain(tokens: list[str]) -> bool:
    """Whether some word of these (folded words of one clause), or two neighbouring words, name the domain."""
    previous = ""
    for token in tokens:
        if token and (is_term(token) or any(previous == first and token.startswith(second) for first, second in PAIRS)):
            return True
        previous = token
    return False
