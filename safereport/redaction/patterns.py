"""Immigration-status and identifier patterns per language, written against folded text."""

# Every pattern here runs on text folded by redaction_text.fold(): lower case, Latin
# diacritics stripped (so "situación" and "situacion", "wygasła" and "wygasla" match
# alike), Arabic hamza/ta marbuta/alef-maqsura unified and vowel marks dropped. Patterns
# are therefore written in plain lower-case ASCII (or bare Arabic letters).
#
# All languages' patterns are applied to every text: victims code-switch ("mi visa
# expired", "الفيزا expired") and a detector guessing one language would silently
# switch the others off. See docs/redaction.md for the evidence.


def gap(words: int) -> str:
    """Up to `words` intervening words, never crossing a sentence end."""
    return rf"(?:[^\w.!?\n]+\w+){{0,{words}}}?[^\w.!?\n]+"


# "no status update", "no documents for the car", "sin papeles del divorcio": not a status.
NOT_DOC_AFTER = (
    r"(?!\s+(?:updates?|on\s+(?:whatsapp|facebook|insta\w*|tiktok|snap\w*)|posts?|story|stories|del\s+divorcio|"
    r"do\s+divorcio|du\s+divorce|rozwodow\w*|de\s+divort|الطلاق|for\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:car|house|flat|"
    r"college|school|court|divorce|job|bank|loan|tenancy|mortgage|insurance)|de\s+(?:la\s+)?(?:escuela|casa|coche|"
    r"carro|divorcio|trabajo\s+del\s+coche)))"
)

# A bank card called "Visa" is not a visa: "tarjeta Visa", "he used my Visa to pay".
_CARD_BEFORE = "".join(
    rf"(?<!{w} )"
    for w in (
        "card",
        "cards",
        "tarjeta",
        "carte",
        "cartao",
        "karta",
        "karty",
        "karte",
        "kartu",
        "cardul",
        "cardului",
        "debit",
        "credit",
        "bank",
    )
)
_CARD_AFTER = (
    r"(?!\s*-?\s*(?:card|cards|debit|credit|electron|gift|prepaid|contactless|pay\b|payment))"
    r"(?!(?:[^\w.!?\n]+\w+){0,3}?[^\w.!?\n]+(?:card|debit|pin|contactless|online|shopping|"
    r"cash|withdr\w*|atm|bank|account|spent|spend|bought|buy|pay|paid(?!\s+for)|used|using|money|"
    r"charged|statement|tarjeta|carte|cartao|karta|cardul|compras|comprar|compro|comprou|compra|pagar|paiement|"
    r"acheter|achete|cumpara|cumparat|kupic|kupil\w*|zakupy|amazon|shop\w*|tienda|loja|magasin|sklep\w*|magazin))"
)
# "paid with my Visa", "payé avec ma Visa", "pagó con su Visa": a payment verb right before
# (the possessive is matched by the pattern, so the look-behinds cover verb, verb + preposition
# and verb + preposition + possessive).
_PAY_VERBS = (
    "paid",
    "pay",
    "paying",
    "pays",
    "bought it",
    "paye",
    "payer",
    "payait",
    "pague",
    "pago",
    "pagar",
    "pagaba",
    "pagou",
    "paguei",
    "pagava",
    "a platit",
    "platit",
    "plateste",
    "platesc",
    "zaplacil",
    "zaplacila",
    "placil",
    "placila",
    "zaplacic",
)
_PAY_PREPS = ("with", "avec", "con", "com", "cu", "using")
_PAY_BEFORE = "".join(
    rf"(?<!{verb} {prep} )"
    for verb in _PAY_VERBS
    for prep in _PAY_PREPS
    if (prep in ("with", "using")) == (verb in ("paid", "pay", "paying", "pays", "bought it"))
    or verb.startswith(("zapl", "plac"))
) + "".join(rf"(?<!{verb} )" for verb in ("zaplacil", "zaplacila", "placil", "placila", "zaplacic"))
# The (?=visa) guard first: the look-behinds are then only tried where "visa" is.
VISA = rf"(?=visa){_CARD_BEFORE}{_PAY_BEFORE}visas?\b{_CARD_AFTER}"

EN_POSS = r"(?:my|his|her|our|their|your)"
# "my husband's visa": the match starts at the "s" of "'s", so dispatch can key it on "s ".
EN_POSS_S = r"(?<=\w')s"
EN_MOD = (
    r"(?:immigration|legal|residence|work|spousal|spouse|student|tourist|visitor|partner|"
    r"family|dependant|dependent|temporary|uk|settlement|current|old|new)"
)
EN_NOUN = r"(?:visas?|papers|leave(?:\s+to\s+remain)?|status|permit|brp|residence\s+(?:card|permit))"
EN_VERB = (
    r"(?:expired?|expires|expiring|ran\s+out|runs?\s+out|running\s+out|lapsed|ended(?!\s+up)|"
    r"finished|(?:was|were|got|been|is|are|has\s+been)\s+(?:refused|rejected|denied|cancell?ed|"
    r"canceled|curtailed|revoked|withdrawn|taken\s+away)|refused|rejected|denied|cancell?ed|"
    r"curtailed|revoked|pending|invalid|not\s+valid|not\s+in\s+order|(?:still\s+)?being\s+processed|"
    r"under\s+review|with\s+the\s+home\s+office|depends?\s+on|dependent\s+on|tied\s+to|linked\s+to|"
    r"through\s+(?:him|her|my\s+husband|my\s+wife|my\s+partner)|irregular|insecure|illegal)"
)
EN_SUBJ_BE = (
    r"(?:i'?m|i\s+am|im|i\s+was|she'?s|she\s+is|she\s+was|he'?s|he\s+is|he\s+was|"
    r"we'?re|we\s+are|we\s+were|they'?re|they\s+are|they\s+were|i\s+became|i\s+have\s+been)"
)
EN_LACK = (
    r"(?:without|no|with\s+no|(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not)\s+"
    r"have|(?:haven'?t|hasn'?t|have\s+not|has\s+not)\s+got|never\s+had|lack(?:s|ing)?|lost)"
)
EN_VISA_TYPE = (
    r"(?:spousal|spouse|partner|family|student|study|tourist|visitor|visit|work|working|skilled\s+"
    r"worker|health\s+and\s+care|care\s+worker|domestic\s+worker|seasonal\s+worker|dependant|"
    r"dependent|fianc[ee]+|marriage|settlement|graduate|transit|temporary|sponsored|expired|valid|"
    r"uk|british|schengen|entry|youth\s+mobility|ancestry|family\s+reunion|six\s+month|6\s+month)"
)
HOME_OFFICE = r"(?:home\s+office|ukvi|uk\s+visas\s+and\s+immigration|هوم\s+اوفيس|الهوم\s+اوفيس)"

EN = (
    rf"\b{EN_POSS}\s+(?:{EN_MOD}\s+)?{EN_NOUN}\b{_CARD_AFTER}{gap(6)}{EN_VERB}\b",
    rf"{EN_POSS_S}\s+(?:{EN_MOD}\s+)?{EN_NOUN}\b{_CARD_AFTER}{gap(6)}{EN_VERB}\b",
    rf"\bthe\s+(?:{EN_MOD}\s+)?{VISA}{gap(4)}{EN_VERB}\b",
    rf"\b(?={EN_POSS}\s){_PAY_BEFORE}{EN_POSS}\s+(?:{EN_MOD}\s+)?{VISA}",
    rf"{EN_POSS_S}\s+(?:{EN_MOD}\s+)?{VISA}",
    rf"\b{EN_VISA_TYPE}\s+{VISA}",
    r"\bvisas?\s+(?:expired|expires|expiring|ran\s+out|runs?\s+out|application|applications|"
    r"extension|renewal|status|overstay\w*|sponsor\w*|conditions|refusal|holder|route|fees?|"
    r"interview|appointment|issues?|problems?|(?:was|got|been|has\s+been)\s+(?:refused|rejected|"
    r"cancell?ed|curtailed|denied))\b",
    rf"\bon\s+an?\s+(?:[\w-]+\s+){{0,3}}?{VISA}",
    r"\bundocumented\b",
    r"\bover[\s-]?stay(?:ed|er|ers|ing|s)?\b",
    r"\bstateless\b",
    r"\bno\s+recourse\s+to\s+public\s+funds\b",
    r"\bnrpf\b",
    r"\billegal(?:ly)?\s+(?:immigrants?|migrants?|aliens?|entr(?:y|ants?)|workers?|status|overstayers?)\b",
    r"\b(?:here|in\s+(?:the\s+)?(?:uk|u\.k\.|united\s+kingdom|country|england|britain|scotland|"
    r"wales|ireland|london))\s+illegally\b",
    r"\billegally\s+(?:in\s+(?:the\s+)?(?:uk|country|england|britain)|here)\b",
    r"\b(?:came|come|arrived|entered|crossed|living|live|lives|staying|stay|stays|working|work|"
    r"works|worked|remain|remained)\s+(?:here\s+|to\s+the\s+uk\s+|in\s+the\s+uk\s+|into\s+the\s+"
    r"country\s+)?illegally\b",
    rf"\b{EN_SUBJ_BE}\s+(?:an?\s+|still\s+|now\s+|here\s+|basically\s+)?(?:illegal|undocumented|"
    r"irregular|stateless|overstayers?|asylum\s+seekers?|refugees?|without\s+papers)\b"
    r"(?!\s+(?:thing|things|act|drugs?|weapons?|substances?|goods|centre|center|council))",
    rf"\b{EN_LACK}\s+(?:an?\s+|any\s+)?(?:(?:legal|proper|valid|immigration|correct|official|"
    r"residence)\s+)?(?:papers|documents|documentation|status(?!\s+d[aeo]s?\b)|visa|leave|permit|brp|"
    r"right\s+to\s+(?:work|rent|remain|stay|live|be\s+here))\b" + NOT_DOC_AFTER,
    r"\b(?:asylum|refugee)\s+(?:seekers?|claims?|claimants?|applications?|case|appeals?|"
    r"interviews?|support|accommodation|hotels?|housing|decision|status|process|procedure|"
    r"screening|route|grant|card|registration\s+card)\b",
    r"\b(?:claim(?:ed|ing|s)?|appl(?:y|ied|ying)\s+for|seek(?:ing|s)?|sought|granted|refused|"
    r"given|got|get|have|has|had|waiting\s+for|wait\s+for|asked\s+for|ask\s+for)\s+(?:for\s+)?"
    r"(?:political\s+)?asylum\b",
    r"\basylum\s+(?:was|has\s+been|got|is|were)\s+(?:refused|rejected|granted|denied|pending)\b",
    r"\b(?:recogni[sz]ed\s+as\s+an?\s+refugee|refugee\s+travel\s+document|as\s+an?\s+refugee)\b",
    r"\b(?:indefinite|limited|further|discretionary|temporary)\s+leave(?:\s+to\s+(?:remain|enter))?\b",
    r"\bleave\s+to\s+(?:remain|enter)\b",
    r"\b(?:ilr|flrm?|dlr|lotr)\b",
    r"\b(?:immigration|legal|migration|migrant|residence|residency|refugee|settled|pre-?settled|"
    r"protected|visa|insecure|irregular|uncertain|precarious|euss|eu\s+settlement|resident|"
    r"humanitarian)\s+status\b",
    r"(?<!\bon )(?<!whatsapp )(?<!facebook )(?<!relationship )(?<!marital )"
    rf"\b{EN_POSS}\s+status\b(?!\s+(?:on|update|updates|post|posts|online|story)\b)",
    r"\b(?:eu\s+)?settlement\s+scheme\b",
    r"\b(?:residence|residency|resident|work|working|stay)\s+permits?\b",
    r"\b(?:residence|residency)\s+cards?\b",
    r"\bbrps?\b",
    r"\bbiometric\s+residen(?:ce|t)\s+(?:permit|card)s?\b",
    r"\b(?:arc|aspen)\s+card\b",
    r"\bapplication\s+registration\s+card\b",
    r"\bright\s+to\s+(?:work|rent|remain|reside)\b",
    rf"\b{HOME_OFFICE}{gap(5)}(?:decision|decided|letters?|refused|rejected|granted|interview\w*|"
    r"applications?|reference|ref|case|appeal|replied|reply|responded|wrote|sent\s+me|said\s+my|"
    r"told\s+me\s+my|has\s+my|have\s+my|kept\s+my|holds?\s+my|is\s+holding|still\s+(?:has|have|"
    r"hasn'?t|haven'?t)|hasn'?t\s+(?:decided|replied)|never\s+(?:replied|answered)|lost\s+my|stamped)\b",
    rf"\b(?:decision|letter|reply|answer|news|response|interview|appointment|hearing|appeal|"
    rf"application|claim|paperwork|forms?|fees?){gap(4)}(?:from|with|to|at|by|of|for)\s+(?:the\s+)?"
    rf"(?:{HOME_OFFICE}|immigration)\b",
    rf"\b(?:waiting|wait|waited|waits)\s+(?:[\w']+\s+){{0,4}}?(?:from|for|on)\s+(?:the\s+)?{HOME_OFFICE}",
    rf"\b(?:heard|hear|hearing)\s+(?:back\s+|anything\s+|nothing\s+)?from\s+(?:the\s+)?{HOME_OFFICE}",
    rf"\b(?:applied|apply|applying|appealed|appealing)\s+(?:to|with)\s+(?:the\s+)?{HOME_OFFICE}",
    r"\b(?:have|has|had|need|needs|must|got)\s+(?:to\s+)?(?:report|sign)\s+(?:in\s+)?(?:at|to|with)"
    rf"\s+(?:the\s+)?(?:{HOME_OFFICE}|immigration)",
    r"\b(?:report|reporting|sign|signing)\s+(?:in\s+)?(?:at|to|with)\s+(?:the\s+)?(?:home\s+office|"
    r"immigration)(?:\s+(?:office|centre|center))?\s+(?:every|each|once|twice|weekly|monthly|regularly)\b",
    r"\breporting\s+(?:conditions|requirements|restrictions)\b",
    r"\b(?:immigration|home\s+office)\s+reporting\b",
    r"\bimmigration\s+(?:status|cases?|applications?|appeals?|problems?|issues?|situation|lawyers?|"
    r"solicitors?|advis[eo]rs?|advice|bail|detention|tribunal|papers|documents|history|matters?|"
    r"hearings?|interview|reporting|caseworker|paperwork|court|judge|removal\s+cent(?:re|er)|fees?|"
    r"health\s+surcharge|record)\b",
    r"\b(?:deportation|removal)\s+(?:order|orders|directions|notice|decision|proceedings|"
    r"cent(?:re|er)|flight)\b",
    r"\b(?:detained|held|locked\s+up)\s+(?:\w+\s+){0,2}?(?:by|in)\s+(?:an?\s+|the\s+)?(?:immigration|"
    r"detention)\b",
    r"\b(?:yarl'?s\s+wood|brook\s+house|harmondsworth|colnbrook|tinsley\s+house|dungavel|morton\s+hall)\b",
    r"\b(?:facing|face|faces|liable\s+to|under\s+threat\s+of)\s+(?:deportation|removal)\b",
    r"\bsection\s+(?:95|4|98)\s+support\b",
    r"\b(?:serco|mears|clearsprings)\s+(?:housing|accommodation|hotel|house|property)\b",
    r"\b(?:domestic\s+violence|dv|ddv|destitution\s+domestic\s+violence|migrant\s+victims?\s+of"
    r"\s+domestic\s+abuse)\s+concession\b",
    r"\b(?:ddvc?|mvdac|dvilr)\b",
    r"\bnot\s+(?:an?\s+)?(?:british|uk|eu|irish)\s+(?:citizen|national)s?\b",
    rf"\b{EN_SUBJ_BE}\s+not\s+(?:allowed|permitted)\s+to\s+work\b",
    r"\b(?:can'?t|cannot|can\s+not|couldn'?t)\s+work\s+legally\b",
    r"\bsponsor(?:ed|s|ing)?\s+(?:me|my\s+(?:visa|stay|application))\b",
    rf"\b{EN_POSS}\s+(?:visa\s+)?sponsor\b",
    r"\bwaiting\s+for\s+(?:my|his|her|our|their)\s+(?:papers|visa|status|documents|brp|residence\s+permit)\b",
    r"\bcall(?:s|ed|ing)?\s+(?:me|her|him|us)\s+(?:an?\s+)?(?:illegal|illegals|overstayer)\b",
    r"\bpapers\s+(?:(?:are|were|aren'?t|weren'?t|is)\s+)?(?:not\s+)?in\s+order\b",
    r"\b(?:sort(?:ing|ed)?\s+out|regulari[sz](?:e|ed|ing)|fix(?:ing|ed)?)\s+(?:my|his|her|our|their)"
    r"\s+(?:papers|status|visa|documents|situation)\b",
    r"\b(?:immigration|residence|legal|residency)\s+(?:papers|documents|documentation)\b",
    rf"\b(?:renew|renewing|renewed|extend|extending|extended|apply(?:ing)?\s+for|applied\s+for|"
    rf"cancel(?:led|ed|ling)?|revoked?|get|got|getting)\s+(?:me\s+)?(?:an?\s+|my\s+|his\s+|her\s+|"
    rf"the\s+)?(?:{VISA}|leave\s+to\s+remain|(?:pre-?)?settled\s+status|residence\s+permit|brp)",
)

ES_VISA = rf"(?=visa){_CARD_BEFORE}(?:visas?|visados?)\b{_CARD_AFTER}"
# Bare "permiso" is "permission" ("entró sin permiso"): only the permit kinds count.
ES_DOCS = (
    r"(?:papeles|papers|documentos|permiso\s+(?:de\s+(?:residencia|trabajo|estancia)|para\s+(?:trabajar|residir))|residencia|"
    r"visa|visado|estatus|status|nie|tarjeta\s+de\s+residencia|derecho\s+a\s+(?:trabajar|"
    r"residir|quedarme|quedarse))"
)
ES_EXPIRED = (
    r"(?:vencid|caducad|expirad|negad|denegad|rechazad|cancelad|en\s+tramite|pendiente|no\s+"
    r"(?:es|son|esta|estan)\s+(?:valid|en\s+regla)|vencio|caduco|expiro|se\s+acabo|depende|"
    r"home\s+office|extranjeria)"
)
ES = (
    rf"\bsin\s+(?:los\s+|mis\s+|sus\s+|ningun\s+|ninguna\s+)?{ES_DOCS}\b",
    r"\bindocumentad[oa]s?\b",
    # "amenazó con denunciarme a extranjería" is a threat (a crime fact), not a status
    r"(?<!denunciarme a )(?<!denunciarte a )(?<!denunciarla a )(?<!denunciarlo a )(?<!denunciar a )"
    r"(?<!denunciarnos a )(?<!llamar a )(?<!llamaria a )(?<!llamo a )(?<!avisar a )(?<!avisaria a )"
    r"(?<!entregarme a )(?<!reportarme a )(?<!llevarme a )\bextranjeria\b",
    r"\barraigo\b",
    r"\bno\s+(?:tengo|tiene|tenemos|tienen|tenia|tenian|tuve|he\s+tenido|tiene|tengo\s+ni)\s+"
    rf"(?:los\s+|mis\s+|sus\s+|ningun\s+|ninguna\s+)?{ES_DOCS}\b",
    rf"\b(?:mis|sus|nuestros|tus)\s+(?:papeles|documentos)\b{gap(5)}{ES_EXPIRED}",
    r"\bpapeles\s+(?:en\s+regla|en\s+tramite|de\s+(?:residencia|inmigracion))\b",
    rf"\b(?=(?:mi|su|nuestra|tu)\s){_PAY_BEFORE}(?:mi|su|nuestra|tu)\s+(?:\w+\s+)?{ES_VISA}",
    rf"\b{ES_VISA}\s+(?:de\s+(?:turista|estudiante|estudios|trabajo|pareja|conyuge|esposa|esposo|"
    r"familiar|residencia|reagrupacion)|vencid[oa]|caducad[oa]|expirad[oa]|(?:me|le|nos)\s+(?:la|lo)"
    r"\s+(?:negaron|denegaron|rechazaron|cancelaron|quitaron)|se\s+(?:me\s+|le\s+|nos\s+)?(?:vencio|"
    r"caduco|expiro|acabo|termino)|(?:fue|ha\s+sido)\s+(?:negad|denegad|rechazad|cancelad)[oa])",
    r"\bse\s+(?:me|le|nos|les)\s+(?:vencio|caduco|expiro|acabo|termino|vence|caduca|vencieron|"
    r"caducaron|acabaron)\s+(?:el|la|los|las|mi|mis|su|sus)\s+(?:visa|visado|permiso|residencia|"
    r"tarjeta|estatus|status|papeles|documentos|nie|tie)\b",
    rf"\b(?:mi|su|nuestra|tu)\s+(?:residencia|permiso)\b{gap(4)}{ES_EXPIRED}",
    r"\b(?:mi|su|nuestra|tu)\s+(?:tarjeta\s+de\s+residencia|permiso\s+de\s+(?:residencia|trabajo|"
    r"estancia)|estatus|status|situacion\s+(?:migratoria|legal|irregular))\b",
    r"\bsituacion\s+(?:irregular|migratoria|administrativa\s+irregular|ilegal|de\s+irregularidad)\b",
    r"\b(?:estatus|status)\s+(?:migratorio|legal|irregular|de\s+refugiad[oa])\b",
    r"\b(?:soy|estoy|somos|estamos|estaba|estabamos|quede|me\s+quede|(?:el|ella|ellos|ellas|yo|"
    r"nosotros)\s+(?:es|esta|son|estan|era|estaba|se\s+quedo))\s+(?:aqui\s+)?(?:un\s+|una\s+)?"
    r"(?:ill?egal(?:es)?|irregular(?:es)?|indocumentad[oa]s?|sin\s+papeles|solicitante\s+de\s+asilo|"
    r"refugiad[oa]s?|en\s+situacion\s+irregular)\b",
    r"\b(?:vivo|vive|vivimos|trabajo|trabaja|trabajamos|entre|entro|llegue|llego|estoy|esta|resido|"
    r"reside)\s+(?:aqui\s+)?(?:en\s+(?:el\s+)?(?:reino\s+unido|inglaterra|uk|este\s+pais|espana)\s+)?"
    r"(?:ilegalmente|de\s+forma\s+ilegal|de\s+manera\s+ilegal|sin\s+papeles|de\s+forma\s+irregular|"
    r"irregularmente)\b",
    r"\b(?:solicitud|peticion|tramite|caso|entrevista|apelacion|recurso|solicitantes?)\s+de\s+"
    r"(?:asilo|proteccion\s+internacional)\b",
    r"\b(?:solicite|pedi|pido|pedir|solicitar|solicito|solicitamos|pedimos|tengo|tiene|me\s+dieron|"
    r"le\s+dieron|me\s+negaron|le\s+negaron|me\s+denegaron|me\s+rechazaron|esperando|espero)\s+"
    r"(?:el\s+)?(?:asilo|proteccion\s+internacional)\b",
    r"\b(?:estatus|condicion|estatuto)\s+de\s+refugiad[oa]\b",
    r"\bcomo\s+refugiad[oa]\b",
    r"\b(?:caso|tramite|tramites|problema|problemas|abogad[oa]|solicitud|cita|audiencia|papeles|"
    r"expediente|asesor|asesoria)\s+de\s+(?:inmigracion|extranjeria)\b",
    r"\b(?:orden|ordenes|expediente)\s+de\s+(?:deportacion|expulsion)\b",
    r"\bresidencia\s+(?:temporal|permanente|legal|vencida|caducada|expirada|de\s+larga\s+duracion)\b",
    r"\bpermiso\s+de\s+(?:residencia|trabajo|estancia)\b",
    r"\btarjeta\s+de\s+residencia\b",
    r"\bno\s+(?:puedo|puede|podemos)\s+trabajar\s+(?:legalmente|de\s+forma\s+legal)\b",
    r"\bsin\s+derecho\s+a\s+(?:trabajar|residir|ayudas|fondos\s+publicos)\b",
)

PT = (
    r"\bsem\s+(?:os\s+|meus\s+|seus\s+|nenhum\s+)?(?:documentos|papeis|papers|visto|autorizacao\s+de\s+"
    r"residencia|titulo\s+de\s+residencia|residencia\s+legal|estatuto|status)\b",
    r"\bnao\s+(?:tenho|tem|temos|tinha|tinham|tive)\s+(?:os\s+|meus\s+|seus\s+|nenhum\s+|nenhuma\s+)?"
    r"(?:documentos?(?:\s+de\s+residencia)?|papeis|papers|visto|autorizacao|titulo\s+de\s+residencia|"
    r"residencia|estatuto|status)\b",
    r"\b(?:meu|seu|nosso|teu|o\s+meu|o\s+seu|dele|dela)\s+visto\b",
    r"\bvisto\s+(?:dele|dela|deles|delas)\b",
    r"\b(?:me|te|a|o|la|lo|nos)\s+(?:chama|chamou|chamam|llama|llamo|llaman)\s+(?:de\s+)?(?:ill?egal|"
    r"clandestin[oa]|indocumentad[oa]|sin\s+papeles|sem\s+papeis)\b",
    r"\bvisto\s+(?:de\s+(?:turista|estudante|trabalho|residencia|conjuge|familiar|casamento|"
    r"visitante|permanencia)|vencido|venceu|expirou|expirado|caducou|caducado|negado|recusado|"
    r"cancelado|acabou|terminou|foi\s+(?:negado|recusado|cancelado))\b",
    r"\b(?:venceu|expirou|caducou|acabou|terminou)\s+(?:o\s+|a\s+)?(?:meu\s+|minha\s+|seu\s+|sua\s+)?"
    r"(?:visto|titulo\s+de\s+residencia|autorizacao|permissao|residencia)\b",
    r"\b(?:meus|seus|nossos)\s+(?:papeis|documentos)\b"
    + gap(5)
    + r"(?:vencid|caducad|expirad|nao\s+estao|em\s+analise|pendentes|recusad|negad|home\s+office|"
    r"\bsef\b|aima|em\s+ordem)",
    r"\bsituacao\s+(?:irregular|migratoria|ilegal|de\s+imigracao)\b",
    r"\b(?:estou|estamos|estava|sou|fiquei|ficamos|(?:ela|ele|eles|elas)\s+(?:e|esta|sao|estao|"
    r"ficou))\s+(?:aqui\s+)?(?:ill?egal|ilegais|irregular|irregulares|indocumentad[oa]s?|sem\s+"
    r"documentos|sem\s+papeis|clandestin[oa]s?|refugiad[oa]s?|requerente\s+de\s+asilo|em\s+"
    r"situacao\s+irregular)\b",
    r"\b(?:vivo|vive|trabalho|trabalha|entrei|entrou|moro|mora)\s+(?:aqui\s+)?(?:ilegalmente|de\s+"
    r"forma\s+ilegal|sem\s+documentos|sem\s+papeis|irregularmente)\b",
    r"\b(?:pedido|pedidos|pedi|pedir|solicitei|solicitar|requerente|requerentes|requerimento|"
    r"processo|entrevista|recurso)\s+(?:de\s+)?asilo\b",
    r"\b(?:estatuto|status|condicao)\s+de\s+refugiad[oa]\b",
    r"\b(?:titulo|autorizacao|cartao)\s+de\s+residencia\b",
    r"\bautorizacao\s+de\s+trabalho\b",
    r"\b(?:processo|advogad[oa]|caso|problemas?|situacao|pedido|documentos)\s+de\s+imigracao\b",
    r"\b(?:minha|sua|nossa)\s+residencia\b" + gap(4) + r"(?:vencid|caducad|expir|negad|recusad|venceu|caducou|acabou|depende)",
    r"\bestatuto\s+(?:migratorio|legal|de\s+residente)\b",
    r"\borde[mn]s?\s+de\s+(?:deportacao|expulsao)\b",
    r"\b(?:sef|aima)\b",
)

PL = (
    r"\bwiz(?:a|y|e|ie|ami|ach|om|owy|owa|owe|owej)\b",
    r"\b(?:bez|nie\s+mam|nie\s+ma|nie\s+mamy|nie\s+mial\w*|nie\s+posiada\w*|brak\w*)\s+(?:zadnych\s+|"
    r"zadnego\s+|wazn\w+\s+|legaln\w+\s+)?(?:papierow|dokumentow|karty\s+pobytu|pozwolenia|"
    r"zezwolenia|statusu|prawa\s+(?:pobytu|do\s+(?:pobytu|pracy))|wizy)\b",
    r"\b(?:jestem|jest|jestesmy|sa|bylam|bylem|byla|byl|przebywam|przebywa|przebywamy|mieszkam|"
    r"mieszka|pracuje|pracujemy|zostalam|zostalem|zostala|zostal)\s+(?:tu\s+|tutaj\s+|w\s+(?:uk|"
    r"anglii|polsce|wielkiej\s+brytanii|kraju)\s+)?nielegalnie\b",
    r"\bnielegaln\w+\s+(?:imigrant\w*|pobyt\w*|migrant\w*|status\w*)\b",
    r"\bnielegalnie\s+(?:w\s+(?:uk|anglii|polsce|wielkiej\s+brytanii|kraju)|tutaj|tu)\b",
    r"\b(?:moj|jej|jego|nasz)\s+pobyt\s+(?:jest\s+)?(?:nielegaln\w+|wygasl\w*)",
    r"\bpobyt\w*\s+(?:nielegaln\w+|tolerowan\w+|staly|stalego|czasow\w+)\b",
    r"\bkart\w*\s+pobytu\b",
    r"\b(?:zezwoleni|pozwoleni)\w*\s+na\s+(?:pobyt|prace)\b",
    r"\bstatus\w*\s+(?:imigracyjn\w*|pobytow\w*|uchodzc\w*|osoby\s+osiedlonej|osiedlenia|"
    r"migracyjn\w*|settled|pre-?settled)\b",
    r"\b(?:moj|moim|mojego|jej|jego|nasz)\s+status\w*\b"
    + gap(4)
    + r"(?:wygas|niepewn|nieuregulowan|nielegaln|zalezy|odmow|odrzuc|home\s+office)",
    r"\b(?:jestem|jest|jestesmy|sa|jako|bylam|bylem|byla|byl|status\w*)\s+(?:uchodzc\w*|azylant\w*)\b",
    r"\bazyl(?:u|em|owy|owa|owe|owego|owej|owym)?\b(?!\s+dla\s+(?:zwierzat|psow|kotow))",
    r"\bprzekroczyl\w*\s+(?:termin|okres|czas)\s+(?:pobytu|wizy)\b",
    r"\b(?:nakaz\w*|decyzj\w*)\s+(?:o\s+)?(?:deportacj\w*|wydaleni\w*|zobowiazaniu\s+do\s+powrotu)\b",
    r"\b(?:bez|nie\s+mam|nie\s+ma)\s+prawa\s+(?:do\s+)?(?:pobytu|pracy|zostania)\b",
    r"\b(?:sprawa|sprawe|sprawy|prawnik\w*|adwokat\w*|problem\w*|wniosek|wniosku)\s+(?:\w+\s+)?"
    r"(?:imigracyjn\w*|o\s+pobyt|pobytow\w*)\b",
    r"\bimigracyjn\w*\s+(?:status\w*|spraw\w*|problem\w*|prawnik\w*|wniosek\w*)\b",
    r"\b(?:moje|jej|jego|nasze)\s+(?:papiery|dokumenty)\b"
    + gap(4)
    + r"(?:wygas|niewazn|nie\s+sa\s+w\s+porzadku|home\s+office|odrzuc|odmow)",
)

RO = (
    r"\bviz(?:a|e|ei|ele|elor)\b",
    r"\b(?:fara|n-am|n-are|n-avem|nu\s+am|nu\s+are|nu\s+avem|nu\s+aveam|nu\s+avea|nu\s+au)\s+(?:nici\s+"
    r"un\s+|niciun\s+|nicio\s+)?(?:acte|documente|hartii|papers|viza|permis\s+de\s+(?:sedere|rezidenta)|"
    r"drept\s+de\s+(?:sedere|munca|rezidenta)|statut|rezidenta|forme\s+legale)\b",
    r"\b(?:sunt|suntem|eram|am\s+ramas|a\s+ramas|au\s+ramas)\s+(?:aici\s+)?(?:ill?egal\w*|fara\s+acte|"
    r"clandestin\w*|in\s+situatie\s+(?:ilegala|neregulamentara)|refugiat\w*|solicitant\w*\s+de\s+azil)\b",
    # "el este ilegal" alone is also "what he did is illegal"; only the unambiguous kinds here.
    r"\b(?:el|ea|ei|ele)\s+(?:este|e|sunt|era)\s+(?:aici\s+ill?egal\w*|fara\s+acte|clandestin\w*|in\s+situatie\s+(?:ilegala|"
    r"neregulamentara)|refugiat\w*|solicitant\w*\s+de\s+azil)\b",
    r"\b(?:stau|sta|statea|locuiesc|locuieste|lucrez|lucreaza|am\s+intrat|a\s+intrat)\s+(?:aici\s+|"
    r"in\s+(?:uk|anglia|tara)\s+)?(?:ill?egal\w*|fara\s+acte)\b",
    r"\b(?:permis|permisul|permisului)\s+(?:meu\s+|ei\s+|lui\s+|nostru\s+|tau\s+)?de\s+(?:sedere|rezidenta|munca)\b",
    r"\b(?:carte|cartea|card|cardul)\s+(?:mea|meu|ei|lui|noastra)\s+de\s+(?:rezidenta|rezident|sedere)\b",
    r"\bdrept(?:ul)?\s+de\s+sedere\b",
    r"\b(?:carte|cartea|card|cardul)\s+de\s+(?:rezidenta|rezident|sedere)\b",
    r"\bstatut(?:ul)?\s+(?:meu\s+|ei\s+|lui\s+)?(?:de\s+)?(?:imigrare|imigrant|imigrational|"
    r"rezident\w*|refugiat|sedere|migrant|settled|pre-?settled|legal)\b",
    r"\bstatutul\s+(?:meu|ei|lui|nostru)\b",
    r"\brezidenta\s+(?:mea|ei|lui|noastra|permanenta|temporara|pre-?settled|settled)\b",
    r"\b(?:mi-a|i-a|ne-a|mi-au|i-au|a|au)\s+expirat\s+(?:vi[zs]a(?:-ul)?|vizele|permisul|dreptul|statutul|"
    r"rezidenta|actele|documentele)\b",
    r"\b(?:permisul|statutul|rezidenta|actele|documentele)\s+(?:mea|meu|mele|ei|lui)?\s*(?:mi-a\s+|"
    r"i-a\s+|a\s+|mi-au\s+|au\s+)?expirat\b",
    r"\b(?:cerere|cererea|cererii|solicitant\w*|dosar\w*|procedura)\s+de\s+azil\b",
    r"\bazil(?:ul|ului)?\b(?!\s+de\s+batrani)",
    r"\bstatut(?:ul)?\s+de\s+refugiat\b",
    r"\bsituati\w+\s+(?:mea\s+)?(?:ilegala|neregulamentara|de\s+imigrare|juridica)\b",
    r"\b(?:problem\w*|dosar\w*|avocat\w*|caz\w*)\s+(?:\w+\s+)?(?:de|cu)\s+imigrar\w*\b",
    r"\b(?:ordin|ordinul|decizie|decizia)\s+de\s+(?:deportare|expulzare|returnare)\b",
    r"\b(?:actele|documentele|hartiile)\s+(?:mele|ei|lui|noastre)\b"
    + gap(4)
    + r"(?:expirat|nu\s+sunt\s+in\s+regula|in\s+regula|respins|home\s+office)",
)

FR_VISA = rf"(?=visa){_CARD_BEFORE}{_PAY_BEFORE}visas?\b{_CARD_AFTER}"
FR = (
    r"\bsans[\s-]+papiers?\b",
    r"\b(?:je\s+n'?ai|j'?ai|il\s+n'?a|elle\s+n'?a|on\s+n'?a|nous\s+n'?avons|n'?a|n'?ai|n'?avait|"
    r"n'?avais|tu\s+n'?as|n'?as)\s+(?:pas|plus|jamais|aucun)\s+(?:eu\s+)?(?:de\s+|d'?|mes\s+|ses\s+|les\s+|le\s+)?(?:papiers|papers|"
    r"titre\s+de\s+sejour|carte\s+de\s+sejour|visa|autorisation\s+de\s+(?:sejour|travail)|statut|"
    r"documents|droit\s+au\s+sejour|recepisse)\b",
    r"\bsans\s+(?:titre\s+de\s+sejour|visa|statut|autorisation|droit\s+au\s+sejour|carte\s+de\s+sejour)\b",
    r"\b(?:mes|ses|nos|leurs)\s+papiers\b"
    + gap(5)
    + r"(?:expire|perime|pas\s+en\s+regle|en\s+regle|en\s+cours|refuse|prefecture|home\s+office|bloque)",
    r"\ben\s+situation\s+(?:irreguliere|illegale|reguliere)\b",
    r"\bsituation\s+(?:administrative|irreguliere|migratoire)\b",
    r"\b(?:je\s+suis|j'?etais|il\s+est|elle\s+est|on\s+est|nous\s+sommes|ils\s+sont|elles\s+sont|"
    r"je\s+reste|suis)\s+(?:ici\s+)?(?:une?\s+)?(?:en\s+situation\s+)?(?:irregulier|irreguliere|illegal|illegale|"
    r"clandestin|clandestine|sans[\s-]+papiers|demandeu(?:r|se)\s+d'?asile|refugie|refugiee|"
    r"deboute|deboutee)s?\b",
    r"\b(?:titre|carte|autorisation|permis)\s+de\s+sejour\b",
    r"\brecepisse\b",
    r"\boqtf\b",
    r"\bobligation\s+de\s+quitter\s+le\s+territoire\b",
    rf"\b(?=(?:mon|son|ma|sa|notre|leur|ton)\s){_PAY_BEFORE}(?:mon|son|ma|sa|notre|leur|ton)\s+{FR_VISA}",
    r"\bcarte\s+de\s+residen(?:t|te|ce)\b",
    r"\bvisa\s+(?:(?:a|est|etait)\s+)?(?:expire|perime|refuse|annule|etudiant|touriste|de\s+(?:travail|"
    r"conjoint|long\s+sejour|court\s+sejour|tourisme|visiteur|famille))\b",
    r"\b(?:demandes?|dossier|procedure|entretien|recours)\s+d'?asile\b",
    r"\bdemandeu(?:r|se|rs|ses)\s+d'?asile\b",
    r"\b(?:demande|demander|obtenu|refuse|accorde)\s+l'?asile\b",
    r"\bstatut\s+(?:de\s+refugie\w*|migratoire|legal|de\s+resident)\b",
    r"\b(?:mon|son|ton|notre)\s+statut\b(?!\s+(?:facebook|whatsapp|instagram|snapchat))",
    r"\bdeboute(?:e)?s?\b",
    r"\b(?:ofpra|cnda|agdref|ofii)\b",
    r"\b(?:avocat|dossier|probleme|problemes|situation)\s+(?:d'?|de\s+l'?)immigration\b",
    r"\b(?:arrete|ordre|mesure)\s+d'?(?:expulsion|eloignement)\b",
    r"\b(?:rendez-vous|rdv|convocation|refus|decision)\s+(?:a|de)\s+la\s+prefecture\b",
)

AR_LACK = (
    r"(?:بدون|بلا|من\s+غير|ما\s*عندي|ما\s*عنديش|معنديش|ما\s*عندوش|ما\s*عندهاش|ما\s*عندهوش|"
    r"ليس\s+لدي|ليس\s+لديه|ليس\s+لديها|ليس\s+عندي|مش\s+معايا|لا\s+املك|ما\s*معي|ما\s*عندنا|"
    r"ليس\s+لدينا|لا\s+يوجد\s+لدي|ماعندي)"
)
AR_DOCS = (
    r"(?:اوراق|وراق|وثايق|اقامه|فيزا|تاشيره|حق\s+(?:ال)?(?:اقامه|عمل|بقاء)|ورق|كواغط|لجوء|"
    r"وضع\s+قانوني|تصريح|اوراق\s+رسميه)"
)
AR_ILLEGAL = r"غير\s+(?:شرعي|شرعيه|قانوني|قانونيه|نظامي|نظاميه)"
AR = (
    rf"{AR_LACK}\s+(?:اي\s+)?{AR_DOCS}",
    r"تاشير",
    r"(?<!دفع\sب)(?<!دفعت\sب)(?<!اشتري\sب)(?<!سحب\sب)(?<!دفع\sبال)(?<!دفعت\sبال)(?<!اشتري\sبال)(?<!سحب\sبال)"
    r"(?<!بطاقه\s)(?<!كرت\s)(?<!كارت\s)(?<!بطاقه\sال)(?<!كرت\sال)(?<!كارت\sال)(?:ال)?(?:فيزا|فيزه|فيزت)(?!\s*(?:كارد|كارت|بنكي|البنكي))",
    r"اقامت(?:ي|ه|ها|نا|ك|هم)",
    r"(?:تصريح|بطاقه|كرت|كارت|اذن)\s+(?:ال)?اقامه",
    r"(?:ال)?اقامه\s+(?:منتهي|انتهت|خلصت|الدايمه|الموقته|دايمه|موقته|" + AR_ILLEGAL + ")",
    r"(?:انتهت|خلصت|انتهي|خلص|راحت)\s+(?:صلاحيه\s+)?(?:ال)?(?:اقامه|اوراقي|تصريح)",
    r"(?:طلب|طالب|طالبه|طالبي|طلبات|قدمت\s+(?:علي|طلب)|قدم\s+(?:علي|طلب)|قدمنا\s+(?:علي|طلب)|"
    r"حق|رفض|رفضوا|قبول|ملف|مقابله|قضيه|قبلوا|سكن|فندق|دعم)\s+(?:ال)?لجو",
    r"لجو(?:ء|ي)?\s+(?:ال)?سياسي",
    r"(?:انا|انني|اني|هي|هو|كنت|كوني|بصفتي|نحن|احنا)\s+(?:ك)?لاجي",
    r"(?:صفه|وضع)\s+(?:ال)?لاجي",
    r"(?:انا|انني|اني|هي|هو|كنت|نحن|احنا|بقيت|مقيم|مقيمه|اقيم|اعيش|اشتغل|اعمل|موجود|موجوده|دخلت|"
    r"جيت|وصلت|ساكن|ساكنه|عايش|عايشه)\s+(?:هنا\s+|في\s+\S+\s+)?(?:بشكل\s+|بطريقه\s+|بصوره\s+)?" + AR_ILLEGAL,
    r"(?:مهاجر|مهاجره|مهاجرين|هجره)\s+" + AR_ILLEGAL,
    r"(?:انا|هي|هو|نحن)\s+(?:مخالف|مخالفه|بدون\s+اوراق|طالب\s+لجو|طالبه\s+لجو)",
    r"وضع(?:ي|ه|ها|نا)\s+(?:القانوني|الاقامه|في\s+البلد|كمهاجر|كمهاجره|غير)",
    r"(?:ال)?وضع\s+(?:ال)?(?:قانوني|اقامه|هجره)\s+(?:تبعي|حقي|ديالي|بتاعي)",
    r"(?:اوراق|اوراقي|اوراقه|اوراقها|وثايقي)\s+(?:مش\s+|غير\s+|ليست\s+|ما\s+)?(?:قانوني|سليم|كامل|"
    r"صالح|منتهي|ناقص|مزور)",
    r"اوراق\s+(?:ال)?(?:اقامه|لجو|هجره)",
    rf"{HOME_OFFICE}\s*(?:\S+\s+){{0,2}}?(?:قرار|رد|رفض|رفضت|وافقت|ما\s+ردت|لم\s+ترد|عنده|عندهم)",
    r"(?:وزاره\s+الداخليه)\s*(?:\S+\s+){0,2}?(?:قرار|رد|رفض|رفضت|وافقت|ما\s+ردت|لم\s+ترد)",
    r"(?:قرار|رد|رساله|جواب|مقابله|موعد|انتظار|انتظر|ننتظر|استني|مستني|مستنيه|بستني|بانتظار)\s+"
    rf"(?:\S+\s+){{0,3}}?(?:من\s+)?(?:{HOME_OFFICE}|وزاره\s+الداخليه)",
    r"(?:قرار|امر|اوامر)\s+(?:ب)?(?:ال)?(?:ترحيل|ابعاد)",
    r"(?:محامي|محاميه|قضيه|ملف|مشكله|مشاكل|مشاكلي)\s+(?:ال)?(?:هجره|لجو|اقامه)",
    r"(?:مخالف|مخالفه)\s+(?:ل)?(?:نظام\s+)?(?:ال)?(?:اقامه|هجره)",
    r"(?:بدون|بلا)\s+(?:وضع|صفه)\s+قانوني",
)

# Code-switching between the organisation's language and the reporter's: "waiting for
# the decisión del Home Office", "czekam na decyzję z Home Office".
MULTI = (
    r"\b(?:decision|decisao|decyzj\w*|decizi\w*|reponse|respuesta|resposta|odpowiedz\w*|raspuns\w*|"
    r"carta|lettre|list\w*|scrisoare\w*|pismo|cita|entrevista|wywiad|interviu\w*)\b"
    rf"{gap(3)}(?:{HOME_OFFICE}|ministerio\s+del\s+interior|prefecture|ofpra|sef|aima)\b",
    r"\b(?:espero|esperando|aguardo|aguardando|espera|czekam|czeka|czekamy|astept|asteapta|asteptam|"
    r"attends|attend|attendons|j'attends)\b" + gap(4) + rf"(?:{HOME_OFFICE}|prefecture|ofpra)\b",
)

STATUS_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": EN,
    "es": ES,
    "pt": PT,
    "pl": PL,
    "ro": RO,
    "fr": FR,
    "ar": AR,
    "multi": MULTI,
}

# Clause boundaries: a status clause is removed from the previous boundary to the next,
# so "he hit me because my visa expired" keeps "he hit me because". Words are looked up
# in a set rather than matched as one alternation, which was a quarter of the run time.
CLAUSE_BREAK_MARK_CHARS = r"[.!?;:\n,()\[\]\"«»…،؛؟|]"
CLAUSE_BREAK_DASH = r"\s[-–—]\s"
CLAUSE_BREAK_MARKS = rf"{CLAUSE_BREAK_MARK_CHARS}|{CLAUSE_BREAK_DASH}"
CLAUSE_BREAK_WORDS = frozenset(
    "and but because since so when while although though that after before until if or then who "
    "which y e pero porque pues cuando mientras aunque que despues quando embora mas depois i ale "
    "bo poniewaz gdy kiedy ze zeby si iar dar deoarece cand desi ca dupa et apres mais car quand "
    "lorsque puisque parce و لكن لكنه لكنها لكني لكنني لذلك لذا ان انه انها اني انني لان لانه "
    "لانني لاني عندما لما بعد قبل حتي ثم بس "
    "ma perche quando mentre und aber weil wenn als dass "
    # Italian, German and Tigrinya joining words (3 Dec): "quindi", "deshalb", "ስለዚ" (so), "ግን" (but)
    "quindi poi dopo che mentre deshalb darum obwohl seit seitdem sondern denn dann ስለዚ ግን ምኽንያቱ".split()
)
# Arabic joins "and" to the next word ("وهو يضربني"): a clause also starts at such a word.
CLAUSE_BREAK_PREFIX = "و"

# A clause right after a status clause that only says what happened to "it" ("my asylum
# claim, but they refused it"; "pero a mí me lo negaron") is part of the same statement.
STATUS_CONTINUATION = (
    r"\b(?:refused|rejected|denied|expired|ran\s+out|runs?\s+out|pending|cancell?ed|curtailed|"
    r"revoked|negaron|denegaron|rechazaron|negad[oa]|denegad[oa]|rechazad[oa]|vencio|caduco|expiro|"
    r"negaram|recusaram|recusad[oa]|venceu|expirou|caducou|refuse[e]?s?|rejete[e]?s?|expire[e]?s?|"
    r"perime[e]?s?|odrzucon\w*|odmowion\w*|odmowil\w*|wygasl\w*|skonczyl\w*|respins\w*|refuzat\w*|"
    r"expirat)\b|رفض|انتهت|خلصت|منتهي"
    # ... and, right after a status clause, "they/the authorities want to send me back (to Italy)":
    # a removal, not an abuser's threat (a singular "he" threatening stays outside this).
    r"|\b(?:ils|on|they|ellos|eles|oni|ei)\s+(?:\w+\s+){0,3}?(?:renvoyer|renvoient|expulser|"
    r"send\s+(?:me|us)\s+back|deport|remove\s+(?:me|us)|devolver(?:me|nos)?|deportar(?:me|nos)?|"
    r"mandar(?:me|nos)\s+de\s+(?:vuelta|volta)|trimite\w*\s+inapoi|deport\w*|odesla\w*|wyslac\s+z\s+powrotem)\b"
    # ... and, right after a status clause, still waiting for its decision, answer or hearing ("I appealed
    # at the tribunal, and I'm still waiting for the hearing"; "am facut apel si astept raspunsul"), the
    # hearing's date ("rozprawa jest w marcu"), or its deadline ("...and I have 60 days to find another").
    r"|\b(?:i\s+|we\s+|ich\s+|je\s+|j')?(?:appealed|ho\s+fatto\s+ricorso|habe\s+(?:\w+\s+)?(?:berufung|widerspruch|klage)\s+"
    r"eingelegt|berufung\s+eingelegt|(?:am\s+)?facut\s+apel|(?:zlozyl\w*|zlozyl\w*)\s+odwolanie|odwolal\w*|"
    r"(?:he\s+|ha\s+|hemos\s+)?recurrido|(?:puse|presente|meti|entrei\s+com)\s+(?:un\s+|o\s+)?recurso|ai\s+fait\s+appel|"
    r"fait\s+un\s+recours)\b|(?:استانفت|قدمت\s+استيناف|عملت\s+استيناف)"
    r"|\b(?:still\s+)?(?:waiting|wait|awaiting|awaits|esperando|espero|aguardando|aguardo|esperar|czekam|czeka|czekamy|czekaja|astept|"
    r"asteapta|asteptam|j'?attends|attends|attend|attendons|aspetto|aspetta|aspettiamo|aspettando|warte|wartet|warten)"
    r"(?:\s+(?:\S+\s+){0,4}?(?:the\s+|la\s+|el\s+|a\s+|o\s+|l'|le\s+|die\s+|den\s+|na\s+)?"
    r"(?:decision|answer|reply|response|hearing|result|outcome|interview|date|letter|news|decizi\w*|raspuns\w*|"
    r"rezultat\w*|decyzj\w*|odpowiedz\w*|rozpraw\w*|wynik\w*|respuesta|resolucion|fecha|cita|audiencia|resposta|"
    r"decisao|data|reponse|audience|convocation|risposta|decisione|udienza|esito|entscheidung|antwort|anhorung|"
    r"bescheid|termin)\b|\s*$)"
    r"|(?:مستني\w*|مستنا\w*|بستني\w*|استني|انتظر\w*|بنتظر\w*|ننتظر\w*|منتظر\w*)"
    r"|\b(?:hearing|rozprawa|audiencia|audierea|audienta|audience|udienza|anhorung|verhandlung)\b|(?<!\S)(?:ال)?جلسه"
    r"|\b\d+\s+(?:days|dias|zile|dni|jours|giorni|tage)\s+(?:to|left\s+to|para|pentru\s+a|sa|na|pour|per|um|zu)\b"
    r"|\b(?:sixty|thirty|sesenta|treinta|sessenta|trinta|saizeci|treizeci|szescdziesiat|trzydziesci|soixante|trente|"
    r"sessanta|trenta|sechzig|dreissig)\s+(?:de\s+)?(?:days|dias|zile|dni|jours|giorni|tage)\b"
    r"|(?:\d+|ستين|ثلاثين|تلاتين|اسبوعين|شهرين)\s+(?:يوم|ايام)\s+(?:ل|عشان|حتي|كي|ت)"
)
