"""Cross-language status vocabulary and grammatical frames: any language's word in any slot."""

import re

from safereport.redaction.dispatch import first_chars, starts_with_literal
from safereport.redaction.patterns import NOT_DOC_AFTER, VISA, gap

# Written against folded text, like every pattern in patterns.py (see its header).

# ---------------------------------------------------------------------------------------
# Cross-language vocabulary and grammatical frames (added after the "challenge" split).
#
# Reporters mix languages inside one clause ("nie mam papers", "ما عندي status", "I'm
# ilegal aquí"), and the same statement comes in every person, tense and negation. So
# instead of one pattern per sentence shape and language, status is described here as
# vocabularies — status documents, lack/negation, "be", illegality, presence verbs,
# expiry/refusal verbs, asylum, detention — combined in a few frames that accept any
# language's word in any slot. All words are in folded form (see the top of this file).
# ---------------------------------------------------------------------------------------


def _words(*alternatives: str) -> str:
    """An alternation, factored by first character: ("no", "nor", "nie mam", "sin") becomes
    (?:n(?:o|or|ie mam)|s(?:in)). re then skips every group whose first character differs
    instead of trying each word; the order within a group, and so what matches, is kept
    (alternatives with different first characters can never match at the same place)."""
    firsts = [first_chars(alternative) for alternative in alternatives]
    if any(found is None for found in firsts):
        return "(?:" + "|".join(alternatives) + ")"
    groups = []
    for char in sorted(set().union(*(found for found in firsts if found is not None))):
        members = [a for a, found in zip(alternatives, firsts, strict=True) if found is not None and char in found]
        if all(starts_with_literal(a, char) for a in members):
            groups.append(re.escape(char) + "(?:" + "|".join(a[1:] for a in members) + ")")
        else:
            groups.append(f"(?={re.escape(char)})(?:" + "|".join(members) + ")")
    return "(?:" + "|".join(groups) + ")"


# Documents and statuses whose lack or expiry is an immigration-status statement.
DOC_ANY = _words(
    # en
    r"papers",
    r"documents",
    r"documentation",
    r"status(?!\s+(?:on|update|post|story|do|da|de|na|pe)\b)",
    VISA,
    r"leave\s+to\s+remain",
    r"(?=permit)(?<!parking )(?<!fishing )(?<!building )(?<!planning )(?<!driving )(?<!learner )(?<!gun )(?<!firearms )"
    r"(?<!travel )(?<!bus )(?<!residents )permits?",
    r"brps?",
    r"ilr",
    r"euss",
    r"(?:pre-?)?settled(?:\s+status)?",
    r"residence(?:\s+(?:card|permit))?",
    r"residency",
    r"right\s+to\s+(?:work|rent|remain|stay|reside)",
    r"(?:british\s+)?citizenship",
    r"british\s+passport",
    # es / pt
    r"papeles",
    r"papeis",
    r"documentos?(?:\s+de\s+residencia)?",
    r"visados?",
    r"vistos?",
    r"estatus",
    r"estatuto",
    r"residencia(?:\s+legal)?",
    r"permiso\s+de\s+(?:residencia|trabajo|estancia)",
    r"tarjeta\s+(?:de\s+residencia|roja|tie)",
    r"autorizacao(?:\s+de\s+(?:residencia|trabalho))?",
    r"titulo\s+de\s+residencia",
    r"nacionalidad",
    r"cidadania",
    r"derecho\s+a\s+(?:trabajar|residir)",
    r"direito\s+(?:a|de)\s+(?:trabalhar|residir|ficar)",
    # pl
    r"papierow",
    r"papiery",
    r"dokumentow(?:\s+pobytowych)?",
    r"dokumenty",
    r"wiz[ayie]",
    r"statusu",
    r"karty\s+pobytu",
    r"karta\s+pobytu",
    r"pozwolenia(?:\s+na\s+(?:prace|pobyt))?",
    r"zezwolenia(?:\s+na\s+(?:prace|pobyt))?",
    r"(?:legalnego\s+|stalego\s+)?pobytu",
    r"obywatelstwa",
    r"prawa\s+(?:do\s+)?(?:pobytu|pracy)",
    # ro
    r"acte(?:le)?",
    r"documente(?:le)?(?:\s+de\s+sedere)?",
    r"hartii",
    r"viz[aei]",
    r"viza-ul",
    r"statut(?:ul)?",
    r"rezidenta",
    r"permis(?:ul)?\s+de\s+(?:sedere|rezidenta|munca)",
    r"drept(?:ul)?\s+de\s+(?:sedere|munca|rezidenta)",
    r"cetatenie",
    r"forme\s+legale",
    # fr
    r"papiers?",
    r"titre\s+de\s+sejour",
    r"carte\s+de\s+(?:sejour|resident)",
    r"recepisse",
    r"autorisation\s+de\s+(?:sejour|travail)",
    r"droit\s+au\s+sejour",
    r"nationalite",
    # ar (folded) and Arabizi
    r"اوراق",
    r"وراق",
    r"لوراق",
    r"ورق",
    r"وثايق",
    r"اقامه",
    r"فيزا",
    r"فيزه",
    r"تاشيره",
    r"جنسيه",
    r"تصريح(?:\s+(?:ال)?(?:اقامه|عمل))?",
    r"وضع\s+قانوني",
    r"(?:l'?|el\s*)?(?:wra9|wraq|awra9|awraq|kwaghet|"
    r"kawaghet|ikama|iqama|e9ama|wra9i)",
    # it / de: beyond the seven evaluated languages, the commonest status words only
    r"permesso\s+di\s+soggiorno",
    r"carta\s+di\s+soggiorno",
    r"documenti",
    r"cittadinanza",
    r"visum",
    r"papiere",
    r"aufenthalts(?:titel|erlaubnis|genehmigung|status|recht)",
    r"aufenthalt",
    r"(?:touristen|besucher|studenten|arbeits|schengen)?visum",
    r"niederlassungserlaubnis",
    r"duldung",
    r"arbeitserlaubnis",
    r"permesso\s+di\s+lavoro",
    r"visto(?:\s+(?:turistico|di\s+studio|di\s+lavoro))?",
    r"status\s+di\s+rifugiato",
)
# "I don't have", "without", "neither ... nor", in any language and person.
LACK_ANY = _words(
    r"no",
    r"without",
    r"with\s+no",
    r"nor",
    r"never\s+had",
    r"lost\s+(?:my|his|her|our|their)",
    r"(?:don'?t|dont|do\s+not|doesn'?t|doesnt|does\s+not|didn'?t|didnt|did\s+not)\s+(?:have|had|hold)",
    r"(?:haven'?t|havent|hasn'?t|hasnt|have\s+not|has\s+not)\s+(?:got|had|been\s+(?:given|granted|issued))",
    r"(?:never|not)\s+(?:been\s+)?(?:given|granted|issued|received|got)",
    r"no\s+(?:tengo|tiene|tenemos|tienen|tenia|tenian|tuve|tuvo|he\s+tenido|ha\s+tenido|cuento\s+con)",
    r"sin",
    r"ni",
    r"nunca\s+(?:tuve|tuvo|he\s+tenido)",
    r"nao\s+(?:tenho|tem|temos|tinha|tinham|tive|teve|possuo|possui)",
    r"sem",
    r"nem",
    r"nie\s+(?:mam|ma|mamy|maja|mialam|mialem|miala|mial|mieli|posiadam|posiada|dostal\w*)",
    r"bez",
    r"brak\w*",
    r"ani",
    r"nu\s+(?:am|are|avem|au|aveam|avea|aveau|detin|detine)",
    r"n-am",
    r"n-are",
    r"n-avem",
    r"n-au",
    r"fara",
    r"nici",
    r"(?:je\s+|il\s+|elle\s+|on\s+|tu\s+)?n'?(?:ai|a|as|avons|avez|ont|avait|avais)\s+(?:pas|plus|jamais|aucun\w*)",
    r"j'?ai\s+(?:pas|plus|jamais)",
    r"(?:il|elle|on)\s+a\s+(?:pas|plus)",
    r"pas\s+de",
    r"sans",
    r"aucun\w*",
    r"ma\s*(?:عند|مع|لد)(?:ي|ه|ها|نا|هم|ك|كم|و|هن)ش?",
    r"ما\s*(?:عند|مع|لد)(?:ي|ه|ها|نا|هم|ك|كم|و|هن)ش?",
    r"م(?:ا)?عند(?:ي|ه|ها|نا|هم|و)ش",
    r"(?:ليس|ليست|مش|مو|مب|مافي)\s+(?:لدي|لديه|لديها|لدينا|لديهم|عندي|عنده|عندها|"
    r"عندنا|عندهم|معي|معه|معها|معاه|معاها|معايا|لي|له|لها)",
    r"لا\s+(?:املك|يملك|تملك|نملك|يملكون|عندي|"
    r"يوجد\s+(?:لدي|لديه|لديها|عندي))",
    r"بدون",
    r"بلا",
    r"من\s+غير",
    r"ma\s*3and(?:i|ich|ish|o|ha|hom|nach)?",
    r"ma\s*3ndi\w*",
    r"bla",
    r"bidun",
    r"bdoun",
    r"non\s+(?:ho|ha|abbiamo|hanno|avevo|aveva)",
    r"senza",
    r"(?:ich\s+)?habe?\s+(?:\w+\s+)?kein\w*",
    r"(?:er|sie|wir)\s+(?:hat|haben|hatte|hatten)\s+(?:\w+\s+)?kein\w*",
    r"non\s+(?:ho|ha|abbiamo|hanno|avevo|aveva)\s+(?:piu|mai)",
    r"ohne",
)
_DET = _words(
    r"an?",
    r"any",
    r"my",
    r"his",
    r"her",
    r"our",
    r"their",
    r"the",
    r"valid",
    r"legal",
    r"proper",
    r"el",
    r"la",
    r"los",
    r"las",
    r"mis",
    r"sus",
    r"ningun",
    r"ninguna",
    r"nenhum",
    r"nenhuma",
    r"os",
    r"as",
    r"o",
    r"a",
    r"meus",
    r"minha",
    r"meu",
    r"zadnych",
    r"zadnego",
    r"zadnej",
    r"wazn\w+",
    r"legaln\w+",
    r"niciun",
    r"nicio",
    r"nici\s+un",
    r"de",
    r"d'",
    r"mes",
    r"ses",
    r"les",
    r"le",
    r"des",
    r"vrai",
    r"vrais",
    r"legales?",
    r"validos?",
    r"validas?",
    r"اي",
    r"ال",
    r"il",
    r"i",
    r"lo",
    r"gli",
    r"un",
    r"una",
    r"mio",
    r"mia",
    r"keine?n?",
    r"einen?",
    r"meine?n?",
    r"gultig\w*",
)
# "be" with a person as subject (never bare "is": "it is illegal" is about an act).
BE_PERSON = _words(
    r"i'?m",
    r"im",
    r"i\s+am",
    r"i\s+was",
    r"you'?re",
    r"he'?s",
    r"she'?s",
    r"he\s+(?:is|was)",
    r"she\s+(?:is|was)",
    r"we'?re",
    r"we\s+(?:are|were)",
    r"they'?re",
    r"they\s+(?:are|were)",
    r"theyre",
    r"we\s+are",
    r"i'?ve\s+been",
    r"(?:he|she)'?s\s+been",
    r"they'?ve\s+been",
    r"became",
    r"remained",
    r"soy",
    r"somos",
    r"estoy",
    r"estamos",
    r"estaba",
    r"estabamos",
    r"quede",
    r"(?:el|ella|ellos|ellas)\s+(?:esta|estan)",
    r"sou",
    r"estou",
    r"fiquei",
    r"ficamos",
    r"(?:ele|ela|eles|elas)\s+(?:esta|estao|ficou)",
    r"jestem",
    r"jestesmy",
    r"bylam",
    r"bylem",
    r"(?:on|ona|oni|one)\s+(?:jest|sa|byl|byla|byli)",
    r"zostalam",
    r"zostalem",
    # Romance "él es / el este / ele é ilegal" is also "what he did is illegal": those forms
    # count only with "here" (next frame) or as "un inmigrante ilegal" (migrant + illegal).
    r"sunt",
    r"suntem",
    r"eram",
    r"am\s+ramas",
    r"a\s+ramas",
    r"sono",
    r"siamo",
    r"ich\s+bin",
    r"wir\s+sind",
    r"je\s+suis",
    r"j'?etais",
    r"(?:il|elle|on)\s+(?:est|etait)",
    r"nous\s+sommes",
    r"(?:ils|elles)\s+sont",
    r"انا",
    r"انني",
    r"اني",
    r"هو",
    r"هي",
    r"نحن",
    r"احنا",
    r"هم",
    r"كنت",
    r"صرت",
    r"بقيت",
    r"ana",
    r"ena",
)
ILLEGAL_ANY = _words(
    r"ill?egal(?:es|s|e|i|a)?",
    r"illegale?s?",
    r"undocumented",
    r"indocumentad[oa]s?",
    r"sin\s+papeles",
    r"sem\s+(?:papeis|documentos)",
    r"nielegaln\w*",
    r"clandestin\w*",
    r"sans[\s-]+papiers?",
    r"fara\s+acte",
    r"irregular(?:es)?",
    r"irreguli\w+",
    r"overstayers?",
    r"irregolar[ei]",
    r"ohne\s+papiere",
    r"undokumentiert",
    r"غير\s+(?:شرعي|قانوني|نظامي)\w*",
    r"(?:بشكل|بطريقه|بصوره)\s+غير\s+(?:شرعي|قانوني|نظامي)\w*",
)
# Not legal: "I'm not legal here", "no estoy legal", "nu sunt legal".
NOT_LEGAL = _words(
    r"not",
    r"n'?t",
    r"arent",
    r"isnt",
    r"wasnt",
    r"werent",
    r"no",
    r"nao",
    r"nie",
    r"nu",
    r"pas",
    r"مش",
    r"ليس",
    r"لست",
)
HERE_ANY = _words(
    r"here",
    r"in\s+(?:the\s+)?(?:uk|u\.k\.|country|england|britain|london|scotland|wales|ireland|france|spain|"
    r"portugal|poland|romania|anglia|europe)",
    r"aqui",
    r"aca",
    r"en\s+(?:el\s+)?(?:pais|reino\s+unido|espana|"
    r"inglaterra|uk|europa|francia|londres)",
    r"no\s+(?:pais|reino\s+unido|uk)",
    r"em\s+portugal",
    r"ici",
    r"en\s+(?:france|angleterre|europe)",
    r"au\s+royaume-uni",
    r"tu",
    r"tutaj",
    r"w\s+(?:uk|anglii|polsce|kraju|"
    r"wielkiej\s+brytanii)",
    r"aici",
    r"in\s+(?:tara|uk|anglia|marea\s+britanie)",
    r"هنا",
    r"في\s+(?:البلد|بريطانيا|"
    r"انجلترا|فرنسا|اسبانيا)",
)
EXPIRE_ANY = _words(
    r"expired?",
    r"expires",
    r"expiring",
    r"ran\s+out",
    r"runs?\s+out",
    r"lapsed",
    r"ended",
    r"finished",
    r"(?:was|were|got|been|is|are|has\s+been)\s+(?:refused|rejected|denied|cancell?ed|curtailed|revoked)",
    r"refused",
    r"rejected",
    r"denied",
    r"cancell?ed",
    r"curtailed",
    r"revoked",
    r"pending",
    r"(?:se\s+)?(?:me\s+|le\s+|nos\s+)?(?:vencio|caduco|expiro|acabo|termino)",
    r"vencid[oa]s?",
    r"caducad[oa]s?",
    r"expirad[oa]s?",
    r"(?:fue|ha\s+sido|esta)\s+(?:negad|denegad|rechazad|cancelad)[oa]",
    r"negad[oa]",
    r"denegad[oa]",
    r"rechazad[oa]",
    r"venceu",
    r"expirou",
    r"caducou",
    r"acabou",
    r"(?:foi\s+)?(?:negad|recusad|cancelad)[oa]",
    r"wygasl\w*",
    r"skonczyl\w*",
    r"stracil\w*\s+waznosc",
    r"odrzucon\w*",
    r"niewazn\w*",
    r"(?:a\s+|au\s+|mi-a\s+|i-a\s+)?expirat",
    r"respins\w*",
    r"(?:a\s+|est\s+|etait\s+|ont\s+)?(?:expire|perime|refuse|rejete)e?s?",
    r"a\s+ete\s+(?:refuse|rejete|annule)e?s?",
    r"انتهت",
    r"انتهي",
    r"خلصت",
    r"خلص",
    r"خلصات",
    r"منتهي\w*",
    r"رفضت",
    r"رفضوه\w*",
    r"(?:e\s+)?scadut[oai]",
    r"(?:e\s+stat[oa]\s+)?(?:rifiutat|respint)[oai]",
    r"(?:ist\s+)?(?:abgelaufen|abgelehnt|ausgelaufen)",
)
# Possessives in any language, including Arabic after-noun forms.
POSS_ANY = _words(
    r"my",
    r"his",
    r"her",
    r"our",
    r"their",
    r"your",
    r"mi",
    r"su",
    r"tu",
    r"mis",
    r"sus",
    r"meu",
    r"minha",
    r"seu",
    r"sua",
    r"o\s+meu",
    r"a\s+minha",
    r"moj[aeu]?",
    r"jej",
    r"jego",
    r"nasz[aeu]?",
    r"mon",
    r"ma",
    r"son",
    r"sa",
    r"notre",
    r"leur",
    r"mes",
    r"ses",
    r"il\s+mio",
    r"la\s+mia",
    r"il\s+suo",
    r"la\s+sua",
    r"mein\w*",
    r"sein\w*",
)
ASYLUM_ANY = r"(?:asylum|asilo|asile|azil|azyl|asyl|لجوء|لجو)"
APPLY_ANY = _words(
    r"appl(?:y|ied|ying)\s+(?:for|to)",
    r"claim(?:ed|ing|s)?",
    r"ask(?:ed|ing)?\s+for",
    r"seek(?:ing|s)?",
    r"(?:am\s+|a\s+|au\s+)?aplicat\s+(?:pentru|la)",
    r"(?:am\s+|a\s+|au\s+)?(?:cerut|solicitat)",
    r"aplic\w*\s+(?:para|a|pra)",
    r"solicit\w*",
    r"ped(?:i|ir|iu|imos|iendo|indo)",
    r"pidiendo",
    r"pidio",
    r"zlozyl\w*\s+(?:wniosek|wniosku)\s+(?:o|do)",
    r"ubieg\w*\s+sie\s+o",
    r"wniosek\s+(?:o|do)",
    r"demand\w*",
    r"قدمت\s+(?:علي|طلب)",
    r"قدم\s+(?:علي|طلب)",
)
RENEW_NEG = _words(
    r"(?:didn'?t|did\s+not|wouldn'?t|won'?t|refused\s+to|haven'?t|have\s+not|never)\s+(?:renew|extend)(?:ed)?",
    r"no\s+(?:me|le|nos|les)\s+(?:renovaron|renuevan|renovo|prorrogaron|quisieron\s+renovar)",
    r"nao\s+(?:me|lhe|nos)\s+(?:renovaram|renovou|prorrogaram)",
    r"nao\s+renovaram",
    r"nie\s+(?:przedluzyl\w*|przedluza\w*|odnowil\w*)",
    r"nu\s+(?:mi|i|ne)-?au\s+(?:prelungit|reinnoit)",
    r"nu\s+(?:mi|i|ne)-a\s+(?:prelungit|reinnoit)",
    r"(?:n'?ont|n'?a)\s+pas\s+(?:ete\s+)?renouvel\w*",
    r"ma\s*(?:جددوا|جددو|جددولي)",
    r"ما\s*(?:جددوا|جددو|جددولي|جددت|جدد)",
    r"لم\s+(?:يجددوا|يجدد|تجدد)",
    r"رفضوا\s+(?:طلب\s+)?تجديد",
    r"رفض\s+تجديد",
)
DETENTION_PLACE = _words(
    r"(?:immigration\s+)?(?:detention|removal)\s+(?:cent(?:re|er)|facility|centres|centers)",
    r"cie",
    r"centro\s+de\s+(?:internamiento|detencion|detencao|instalacao\s+temporaria)",
    r"centre\s+de\s+retention(?:\s+administrative)?",
    r"retention",
    r"cra",
    r"centru(?:l)?\s+de\s+(?:detentie|custodie\s+publica|cazare\s+(?:pentru|a)\s+(?:imigranti|strainilor))",
    r"osrod\w*\s+strzezon\w*",
    r"areszt\w*\s+(?:dla\s+cudzoziemcow|deportacyjn\w*)",
    r"مركز\s+(?:ال)?(?:احتجاز|ترحيل)",
)
PRESENCE_ANY = _words(
    r"live",
    r"lives",
    r"living",
    r"lived",
    r"stay",
    r"stays",
    r"staying",
    r"stayed",
    r"work",
    r"works",
    r"working",
    r"worked",
    r"came",
    r"come",
    r"entered",
    r"arrived",
    r"crossed",
    r"remain",
    r"remained",
    r"reside",
    r"vivo",
    r"vive",
    r"vivimos",
    r"viven",
    r"resido",
    r"reside",
    r"entre",
    r"entro",
    r"llegue",
    r"llego",
    r"estoy",
    r"esta",
    r"estamos",
    r"estan",
    r"me\s+quede",
    r"se\s+quedo",
    r"trabajo",
    r"trabaja",
    r"moro",
    r"mora",
    r"trabalho",
    r"trabalha",
    r"entrei",
    r"entrou",
    r"cheguei",
    r"fiquei",
    r"ficou",
    r"mieszkam",
    r"mieszka",
    r"przebywam",
    r"przebywa",
    r"pracuje",
    r"przyjechal\w*",
    r"wjechal\w*",
    r"stau",
    r"sta",
    r"locuiesc",
    r"locuieste",
    r"lucrez",
    r"lucreaza",
    r"am\s+intrat",
    r"a\s+intrat",
    r"vis",
    r"vit",
    r"vivons",
    r"travaille",
    r"reste",
    r"suis\s+entree?",
    r"est\s+entree?",
    r"اعيش",
    r"يعيش",
    r"تعيش",
    r"ساكن",
    r"ساكنه",
    r"اشتغل",
    r"يشتغل",
    r"تشتغل",
    r"دخلت",
    r"دخل",
    r"مقيم",
    r"مقيمه",
    r"اقيم",
    r"يقيم",
    r"موجود",
    r"موجوده",
)
_ASYLUM_NOT_PLACE = (
    r"(?<!calle )(?<!rua )(?<!avenida )(?<!strada )(?<!ulica )(?<!ulicy )(?<!rue )(?<!lunatic )(?<!mental )"
    r"(?<!insane )(?<!old )"
)

REFUSE_ANY = _words(
    r"(?:refused|rejected|denied|cancell?ed|revoked|curtailed|withdrew|took\s+away)",
    r"(?:(?:me|le|nos|les|se)\s+)?(?:(?:han|ha|habian|habia)\s+)?(?:denegado|negado|rechazado|cancelado|retirado|"
    r"denegaron|negaron|rechazaron|cancelaron|retiraron|quitaron\s+(?:el|la)\s+(?:visado|visa|residencia))",
    r"(?:(?:me|lhe|nos)\s+)?(?:negaram|recusaram|cancelaram|indeferiram)",
    r"(?:foi|foram)\s+(?:negad|recusad|indeferid)[oa]s?",
    r"odmowil\w*",
    r"odrzucil\w*",
    r"cofnel\w*",
    r"anulowal\w*",
    r"(?:mi|i|ne)-au\s+(?:respins|refuzat|anulat|retras)",
    r"(?:mi|i|ne)-a\s+(?:respins|refuzat|anulat|retras)",
    r"(?:m'?|lui\s+)?(?:ont|a)\s+(?:refuse|rejete|retire|annule)",
    r"(?:on\s+)?(?:m'?|lui\s+)?a\s+refuse",
    r"رفضوا",
    r"رفضت",
    r"رفض",
    r"الغوا",
    r"سحبوا",
)

# Words allowed between "he is" and "illegal"; and what makes "illegal" describe an act.
_FILLER = _words(
    r"here",
    r"now",
    r"still",
    r"also",
    r"basically",
    r"technically",
    r"totally",
    r"completely",
    r"an?",
    r"una?",
    r"um",
    r"uma",
    r"o",
    r"tu",
    r"tutaj",
    r"teraz",
    r"aici",
    r"acum",
    r"aqui",
    r"ahora",
    r"agora",
    r"ici",
    r"maintenant",
    r"هنا",
    r"الان",
    r"tambien",
    r"tambem",
    r"tez",
    r"si",
    r"aussi",
    r"in\s+(?:the\s+)?uk",
    r"en\s+(?:el\s+)?reino\s+unido",
)
_NOT_PERSON = (
    r"thing|things|act|acts|drugs?|weapons?|guns?|goods|substances?|business|work\b|job|jobs|"
    r"eviction|evicted|contract|loans?|lender|money|cigarettes|tobacco|gambling|parking|party|"
    r"raves?|to\b|para\b|pour\b|sa\b|de\b|ze\b|لل?"
)
# "it is illegal here", "this isn't legal here" are about an act, not a person.
_NOT_IT = (
    r"(?<!\bit )(?<!\bthis )(?<!\bthat )(?<!\bwhich )(?<!\beso )(?<!\besto )(?<!\bisso )"
    r"(?<!\bisto )(?<!\bce )(?<!\bc')(?<!\bcela )(?<!\bca )(?<!\basta )(?<!\bto )(?<!\bit's )"
    r"(?<!\bthat's )(?<!\bhacerlo )(?<!\bhacer )(?<!\bdid )(?<!\bdoes )(?<!\bhizo )(?<!\bhace )"
    r"(?<!\bfez )(?<!\bfaz )(?<!\bfait )(?<!\bfacut )(?<!\bface )(?<!\bzrobil )(?<!\brobi )"
)

GENERIC = (
    # de: "mein Asylantrag wurde abgelehnt" (the compound hides "asyl" inside one word)
    r"\basyl\w*\s+(?:\w+\s+)?(?:wurde|ist|wurden)\s+(?:abgelehnt|negativ\s+beschieden)",
    # lack of a status document: "nie mam papers", "ما عندي status", "sem visa", "ni residencia"
    rf"(?<![\w'-]){LACK_ANY}\s+(?:{_DET}\s+){{0,2}}?{DOC_ANY}(?![\w-]){NOT_DOC_AFTER}",
    # a person who is illegal / undocumented: "انا illegal", "I'm ilegal aquí", "e ilegal in Anglia"
    rf"(?<![\w'-]){BE_PERSON}\s+(?:{_FILLER}\s+){{0,2}}{ILLEGAL_ANY}(?![\w-])(?!\s+(?:{_NOT_PERSON}))",
    rf"{_NOT_IT}\b(?:is|are|es|esta|e|este|jest|est|ist)\s+{ILLEGAL_ANY}\s+{HERE_ANY}\b(?!\s+(?:{_NOT_PERSON}))",
    rf"(?<![\w'-]){BE_PERSON}\s+(?:{NOT_LEGAL}\s+)?(?:legal|legalmente|legalnie|legalement)\s+{HERE_ANY}\b"
    rf"(?!\s+(?:{_NOT_PERSON}))",
    rf"{_NOT_IT}\b(?:aren'?t|arent|isn'?t|isnt|wasn'?t|weren'?t|ain'?t|not)\s+(?:\w+\s+)?legal(?:ly)?\s+{HERE_ANY}"
    rf"(?!\s+(?:{_NOT_PERSON}))",
    # presence verb + illegally: "estoy en el país de forma irregular", "trabajo de forma ilegal"
    rf"\b{PRESENCE_ANY}{gap(4)}(?:ill?egally|ilegalmente|irregularmente|clandestinamente|nielegalnie|"
    r"illegalement|clandestinement|de\s+(?:forma|manera|modo)\s+(?:ilegal|irregular|clandestina)|"
    r"de\s+forma\s+(?:ilegal|irregular)|em\s+situacao\s+(?:ilegal|irregular)|in\s+mod\s+ilegal|"
    r"en\s+situation\s+irreguliere|sin\s+papeles|sem\s+papeis|fara\s+acte|sans\s+papiers|"
    r"(?:بشكل|بطريقه|بصوره)\s+غير\s+(?:شرعي|قانوني|نظامي)\w*)\b",
    # migrant + illegal in either order, any language
    r"\b(?:inmigrantes?|imigrantes?|immigrants?|migrantes?|migrants?|imigrant\w*|immigre\w*|migrant\w*)\s+"
    rf"{ILLEGAL_ANY}(?![\w-])",
    r"\b(?:illegal|ilegal|nielegaln\w*|irregular|clandestin\w*|undocumented|indocumentad[oa]s?)\s+"
    r"(?:inmigrantes?|imigrantes?|immigrants?|migrantes?|migrants?|imigrant\w*|immigre\w*|migrant\w*|aliens?)\b",
    # a person who is a refugee / asylum seeker: "me and my kids are refugees", "on est réfugiés"
    r"\b(?:am|is|are|was|were|i'?m|we'?re|they'?re|he'?s|she'?s|been|became|become|aren'?t|isn'?t|"
    r"soy|somos|son|es|eres|sou|somos|sao|e|sunt|suntem|este|e|jestem|jestesmy|jest|sa|suis|sommes|sont|est|"
    r"etais|etait|sono|siamo|sei|bin|sind|ist|انا|انني|اني|هو|هي|نحن|احنا|هم|كنت|ana|ena)\s+(?:all\s+|both\s+|also\s+|still\s+|now\s+|an?\s+|una?\s+|o\s+|um\s+|uma\s+|tous\s+|"
    r"toutes\s+|des\s+|de\s+|ambii\s+)*(?:refugees?|asylum\s+seekers?|refugiad[oa]s?|refugiat\w*|"
    r"uchodzc\w*|refugie\w*|solicitantes?\s+de\s+asilo|requerentes?\s+de\s+asilo|demandeu(?:r|se)s?\s+d'?asile|"
    r"solicitant\w*\s+de\s+azil|azylant\w*|stateless|apatrid\w*|bezpanstwow\w*|rifugiat[oaie]|richiedent[ei]\s+asilo|"
    r"fluchtling\w*|asylbewerber\w*|staatenlos\w*)\b"
    r"(?!\s+(?:centre|center|council|charity|camp|week|day|support\s+group|organi[sz]ation))",
    # asylum on its own, except places ("Asylum Road", "calle Asilo") and old-age homes
    rf"{_ASYLUM_NOT_PLACE}\basylum\b(?!\s+(?:road|rd|street|st|lane|hill|way|place|avenue|ave|grove|court|"
    r"close|terrace|park|square)\b)",
    rf"{_ASYLUM_NOT_PLACE}(?<!all')(?<!dall')(?<!nell')(?<!l')\basil(?:o|e)\b(?!\s+(?:de\s+(?:ancianos|idosos|velhos|"
    r"mayores|nuit|vieillards|la\s+tercera\s+edad)|psychiatrique|road|street|nido|comunale|del\s+(?:bambino|figlio)))",
    # German asylum compounds: Asylantrag, Asylbewerber, Asylverfahren, Asylheim (never English "asylum")
    r"\basyl(?!um)(?:antrag|verfahren|bewerber|bewerberin|suchende[rn]?|heim|unterkunft|status)?\w{0,3}\b",
    r"\b(?:ausreisepflichtig\w*|abschiebe?haft|abschiebungsandrohung|abschiebungsverbot)\b",
    rf"\b{APPLY_ANY}\s+(?:for\s+|el\s+|o\s+|l'?|la\s+|de\s+)?(?:the\s+)?(?:{ASYLUM_ANY}|euss|eu\s+settlement|"
    r"(?:pre-?)?settled|ilr|leave\s+to\s+remain)\b",
    # international / subsidiary / humanitarian protection: always a status
    r"\b(?:international|humanitarian|subsidiary)\s+protection\b",
    r"\bw\s+sprawie\s+(?:\w+\s+)?(?:pobytu|azylu|wizy|karty\s+pobytu|ochrony)\b",
    r"\b(?:legaln\w+|nielegaln\w+|staly|stalego|czasow\w+)\s+pobyt\w*\b",
    r"\bprotec(?:cion|ao|tion)\s+(?:internacional|internationale|subsidiaria|subsidiaire|humanitaria|humanitaire)\b",
    r"\bochron\w*\s+(?:miedzynarodow\w*|uzupelniajac\w*|humanitarn\w*)\b",
    r"\bprotecti(?:e|a)\s+(?:internationala|subsidiara|umanitara)\b",
    # UK scheme terms that mean a status on their own
    r"\bpre-?settled\b",
    r"\beuss\b",
    r"\bihs\b",
    r"\bltr\b(?!\s+(?:engine|bottle|of)\b)",
    r"\bno\s+recourse\b",
    r"\bout\s+of\s+status\b",
    r"\bimmigration\s+bail\b",
    r"\b(?:right|leave)\s+to\s+(?:work|rent|remain|enter)\s+(?:check|share\s+code|was|expired|ended)\b",
    # Dublin transfers
    r"\bdublin(?:e|ee|es|ees|ad[oa]s?|owan\w*|at\w*)\b",
    r"\bunder\s+(?:the\s+)?dublin\b",
    r"\bdublin\s+(?:regulation|procedure|transfer|case|iii|3|rules?|system|returns?)\b",
    r"\b(?:procedure|procedimiento|procedimento|procedura|procedur\w*)\s+(?:de\s+)?dublin\b",
    # refusing / taking away a status document: "me han denegado el visado", "they refused my visa"
    rf"(?<![\w'-]){REFUSE_ANY}\s+(?:(?:me|le|nos|les|mi|i|ne|lhe|mu|jej|him|her|us|them|moi|lui)\s+)?"
    rf"(?:{_DET}\s+){{0,2}}?{DOC_ANY}(?![\w-])",
    # being in immigration detention (a guard at a detention centre, a visit there, is not)
    r"\b(?:was|were|been|am|is|are|i'?m|he'?s|she'?s|held|kept|locked\s+up|detained|spent\s+\w+(?:\s+\w+)?|"
    r"estuve|estaba|estoy|esta|estuvo|estuvimos|encerrad[oa]|internad[oa]|metieron|"
    r"estive|estava|estou|esteve|fiquei|ficou|pres[oa]|detid[oa]|"
    r"bylam|bylem|byla|byl|jestem|jest|siedzial\w*|trafil\w*|"
    r"am\s+fost|a\s+fost|sunt|este|e|eram|era|stat|inchis\w*|"
    r"etais|etait|suis|est|ete|place\w*|enferme\w*|retenue?s?|"
    r"كنت|كان|كانت|حطوني|حجزوني|حبسوني|انحجزت)\s+(?:\w+\s+){0,2}?"
    rf"(?:in|at|en|num|numa|no|na|em|intr-un|intr-o|in|la|w|au|dans\s+(?:un|le)|في)\s+(?:an?\s+|the\s+|un\s+|el\s+|"
    rf"um\s+|le\s+|ال)?{DETENTION_PLACE}\b",
    r"\b(?:in|en|em|na|w)\s+(?:immigration\s+)?detention\b(?!\s+(?:cent|facil|room|officer|at\s+school|after\s+school))",
    r"\b(?:en|au|del|al)\s+(?:un\s+|el\s+)?(?:cie|cra)\b",
    r"\bosrod\w*\s+strzezon\w*\b",
    r"\bcentro\s+de\s+internamiento\s+de\s+extranjeros\b",
    r"\bsign(?:s|ed|ing)?\s+(?:in\s+)?(?:at|with)\s+(?:the\s+)?(?:\w+\s+)?reporting\s+(?:cent(?:re|er)|office)\b",
    # status document + expiry / refusal, any language, possessive before or after
    rf"\b{POSS_ANY}\s+(?:\w+\s+)?{DOC_ANY}{gap(3)}{EXPIRE_ANY}(?![\w-])",
    rf"(?<![\w'-]){DOC_ANY}\s+(?:حقي|حقتي|تبعي|ديالي|بتاعي|حقه|حقها|ul|-ul|mea|meu|lui|ei)?\s*{EXPIRE_ANY}(?![\w-])",
    rf"\b(?:mi-a|i-a|ne-a|mi-au|i-au)\s+expirat\s+{DOC_ANY}",
    rf"(?<![\w'-]){RENEW_NEG}\s+(?:\w+\s+){{0,2}}?{DOC_ANY}",
    rf"(?<![\w'-]){RENEW_NEG}\s+(?:mi\s+|jej\s+|mu\s+)?pobyt\w*",
    # refused / rejected + asylum in the other order: "Mi asylum fue denied"
    rf"\b{ASYLUM_ANY}\s+(?:\w+\s+)?(?:fue|foi|a\s+fost|was|got|a\s+ete|zostal\w*)\s+(?:denied|refused|rejected|"
    r"negad[oa]|denegad[oa]|rechazad[oa]|recusad[oa]|respins\w*|refuse\w*|rejete\w*|odrzucon\w*)",
    # came as a tourist/student and stayed
    r"\b(?:came|come|entered|arrived|vine|vino|entre|entro|llegue|llego|vim|veio|entrei|entrou|cheguei|chegou|"
    r"am\s+venit|a\s+venit|am\s+intrat|a\s+intrat|przyjechal\w*|wjechal\w*|suis\s+(?:venue?|entree?|arrivee?)|"
    r"est\s+(?:venue?|entree?|arrivee?)|جيت|دخلت|وصلت)\s+(?:\w+\s+){0,3}?(?:as\s+an?|como|ca|jako|comme|en\s+tant\s+que|"
    r"on\s+an?|con\s+(?:una?\s+)?|com\s+(?:um\s+)?|cu|na|avec\s+un|ك|ب)\s*(?:\w+\s+)?(?:tourist|visitor|student|"
    r"turista|estudiante|estudante|visitante|turist\w*|student\w*|turyst\w*|touriste|etudiant\w*|سايح\w*|سياح\w*|طالب)"
    r"(?:\s+\w+){0,2}?\s*(?:,\s*)?(?:and|y|e|si|i|et|و)\s*(?:\w+\s+)?(?:stayed|never\s+left|me\s+quede|se\s+quedo|"
    r"fiquei|ficou|am\s+ramas|a\s+ramas|n-am\s+mai\s+plecat|n-a\s+mai\s+plecat|zostal\w*|je\s+suis\s+reste\w*|"
    r"suis\s+reste\w*|est\s+reste\w*|بقيت|بقي|ما\s+رجعت)",
    # right to work / stay, negated: "n'a pas le droit de travailler", "nu am voie să muncesc", "لا يحق لي العمل"
    r"\b(?:n'?(?:ai|a|as|avons|avez|ont)\s+pas\s+le\s+droit\s+de\s+(?:travailler|rester|sejourner)|"
    r"pas\s+(?:le\s+)?droit\s+(?:au|de)\s+(?:travail|travailler|sejour))\b",
    r"\bnu\s+(?:am|are|avem|au)\s+voie\s+sa\s+(?:muncesc|munceasca|muncim|lucrez|lucreze|lucram|stau|stea|ramana|raman)\b",
    r"\bno\s+(?:tengo|tiene|tenemos|tienen)\s+derecho\s+a\s+(?:trabajar|quedarme|quedarse|residir)\b",
    r"\bnao\s+(?:tenho|tem|temos)\s+direito\s+(?:a|de)\s+(?:trabalhar|ficar|residir)\b",
    r"\bnie\s+(?:moge|moze|mozemy)\s+legalnie\s+(?:pracowac|przebywac|zostac)\b",
    r"\b(?:trabalhar|trabajar|work|working|muncesc|munci|lucra|lucrez|pracowac|travailler)\s+(?:legalmente|legally|"
    r"legalnie|legalement|in\s+mod\s+legal|de\s+forma\s+legal)\b",
    r"لا\s+(?:يحق|يسمح)\s+(?:لي|له|لها|لنا|لهم)\s+(?:ب)?(?:ال)?(?:عمل|شغل|اقامه|بقاء)",
    r"(?:ممنوع|ممنوعه|ممنوعين)\s+(?:من\s+)?(?:ال)?(?:عمل|شغل)\s+(?:هنا|قانوني)",
    # detention/removal/deportation decisions in other words
    r"\b(?:orden|ordem|ordin|decyzj\w*|nakaz\w*|decision|arrete)\s+(?:de\s+|o\s+|d'?)?(?:deport\w*|expuls\w*|expulz\w*|"
    r"eloignement|wydaleni\w*|ترحيل)\b",
    r"(?:قرار|امر)\s+(?:ب)?(?:ال)?(?:ترحيل|ابعاد|طرد\s+من\s+البلد)",
    # Legal process in each language's own words (issue 14's kinds, met unseen in the fresh split):
    # an appeal or hearing at the tribunal (not an employment tribunal), an age dispute, a fresh claim,
    # signing at a reporting centre or the Home Office, immigration bail, a deadline to find a sponsor.
    r"\b(?:appeal\w*|hearing|recurso|recurs|apelacion|apelacao|apel(?:ul)?|audier\w*|odwolani\w*|rozpraw\w*|"
    r"recours|appel|audience|ricorso|appello|udienza|berufung|klage|anhorung)(?:[^\w.!?\n]+\w+){0,5}?[^\w.!?\n]+(?:at\s+|in\s+|to\s+|la\s+|do\s+|w\s+|na\s+|"
    r"al\s+|ao\s+|au\s+|devant\s+(?:le\s+|la\s+)?)?(?:the\s+)?(?:first-?\s*tier\s+)?(?:immigration\s+)?"
    r"(?:tribunal\w*|trybunal\w*|cnda)\b(?!\s+(?:de\s+munca|do\s+trabalho|laboral|pracy|du\s+travail|del\s+lavoro))",
    r"\b(?:immigration|asylum)\s+(?:appeal|tribunal|court|hearing|judge)s?\b",
    r"(?:استيناف|جلسه)\s+(?:\S+\s+){0,3}?(?:ب|في\s+)?(?:ال)?محكم\S*\s+(?:ال)?(?:هجره|لجوء|اقامه)",
    r"(?:استيناف|طعن)\w*\s+(?:\S+\s+){0,2}?(?:ب|في\s+)?(?:ال)?محكم\S*",
    r"محكم\S*\s+(?:ال)?(?:هجره|لجوء)",
    r"\b(?:age\s+(?:dispute|assessment)|disput\w*\s+(?:my|his|her|their)\s+age|"
    r"(?:disputa|evaluacion|determinacion|avaliacao)\s+de\s+(?:la\s+)?(?:edad|idade)|"
    r"spor\w*\s+o\s+wiek|ocen\w*\s+wieku|"
    r"(?:disputa|evaluarea|evaluare|contestare\w*)\s+(?:privind\s+)?(?:a\s+)?varst\w*|"
    r"(?:evaluation|contestation|determination)\s+de\s+(?:l'?|la\s+)?(?:age|minorite)|test\w*\s+osseux)\b",
    r"(?:نزاع|خلاف|تقييم|تحديد)\s+(?:علي\s+|في\s+)?(?:ال)?عمر",
    r"\b(?:fresh|new|further)\s+(?:asylum\s+)?(?:claim|submissions?)\b",
    r"فريش\s+كليم",
    r"\b(?:nowy|kolejny|ponown\w*)\s+wniosek\s+(?:o\s+)?(?:azyl|ochron)\w*",
    r"\b(?:nouvelle|deuxieme)\s+demande\s+d'?asile\b",
    r"\b(?:nueva|segunda|nova|segunda)\s+(?:solicitud|solicitacao|pedido|peticion)\s+de\s+asilo\b",
    r"\bo\s+noua\s+cerere\s+de\s+azil\b",
    r"\b(?:reporting\s+cent(?:re|er)|becket\s+house|eaton\s+house|festival\s+court|centrum\s+raportow\w*|"
    r"centr\w*\s+de\s+raportare|centre\s+de\s+pointage)\b",
    r"\b(?:sign(?:s|ed|ing)?|meldowac\s+sie|melduj\w*\s+sie|semnez|semneaza|semnam|pointer|"
    r"firmar|firmo|assinar|assino)(?:[^\w.!?\n]+\w+){0,4}?[^\w.!?\n]+(?:at|with|to|w|la|au|en|na|no)\s+"
    r"(?:the\s+)?home\s*office\b",
    r"(?:وقع|اوقع|امضي|ابصم|بصم)\w*\s+(?:\S+\s+){0,2}?(?:ب|في\s+)?(?:مكتب\s+)?(?:ال)?(?:هوم\s+اوفيس|هوم\s*افس|داخليه)",
    r"\bbail\s+(?:from|with|de\s+la|de|din|od|من)\s+(?:the\s+|ال)?(?:immigration|home\s*office|الهجره)|"
    r"\b(?:immigration|inmigracion|imigracao|imigrare|imigracyjn\w*|d'?immigration)\s+bail\b|"
    r"\b(?:cautiune|fianza|fianca|caution|kaucj\w*)\s+(?:de\s+|d'?)?(?:imigrare|inmigracion|imigracao|immigration|"
    r"imigracyjn\w*)\b",
    r"(?<=\d\s)(?:de\s+)?(?:days|dias|zile|dni|jours)\s+(?:to|para|sa|na|pour)\s+(?:find|encontrar|gasesc|gaseasca|"
    r"znalezc|znalezienie|trouver)\s+(?:\w+\s+)?(?:sponsor|employer|empleador|empregador|angajator|pracodawc\w*|"
    r"employeur|patrocinador)\w*",
    r"(?:لغي|لغا|سحب|الغي|وقف)\w*\s+(?:\S+\s+){0,2}?(?:ال)?(?:كفاله|رعايه)",
    r"(?:مش|مو|ما|ليس|مافي|مفيش)\s+(?:من\s+)?حق(?:ي|ه|ها|نا)\s+(?:ا|ن|ي)?(?:شتغل|اشتغل|عمل|اعمل)",
    r"\bnie\s+(?:mam|ma|mamy|maja)\s+prawa\s+do\s+(?:pracy|pobytu|zasilk\w*|swiadczen)\b",
    r"\bnu\s+(?:am|are|avem|au)\s+(?:drept(?:ul)?\s+(?:de|la)\s+(?:munca|a\s+munci|sedere|ajutoare|beneficii))\b",
    # age disputes, removal dates, sponsorship taken away, leave continuing while a decision is awaited,
    # judicial review, a failed right-to-work check, signing at an immigration office, a marriage for papers
    r"\b(?:disput\w*|contest\w*|kwestionuj\w*|podwaz\w*|no\s+creen|nao\s+acreditam\s+n)\s+(?:\w+\s+){0,3}?"
    r"(?:(?:his|her|my|their|su|mi|sua|minha|son|sa|mon|ma|jego|jej|moj\w*|lui|ei|mea)\s+)?"
    r"(?:age|edad|idade|wiek\w*|varsta\w*)\b",
    r"\b(?:age|edad|idade|wiek|varsta)\s+(?:\w+\s+){0,3}?(?:disputed|contested|disputada|contestada|questionad[oa]|"
    r"kwestionowan\w*|contestat\w*|conteste\w*)\b",
    r"\b(?:don'?t|dont|do\s+not|didn'?t|did\s+not|won'?t)\s+believe\s+(?:his|her|my|their)\s+age\b",
    r"\b(?:stop|stopp\w*|cancel\w*|halt\w*|suspend\w*|delay\w*|fight\w*|challeng\w*)\s+(?:my|his|her|their|the)\s+"
    r"(?:removal|deportation)\b",
    r"\bremoval\s+(?:date|directions?|notice|flight|ticket|centre|center|order)\b",
    r"\b(?:data|fecha|date|termin)\s+(?:de\s+|d'?|do\s+)?(?:remocao|expulsion|deportacion|deportacao|renvoi|expulsao|"
    r"deportacji|wydalenia|expulzarii|deportarii|eloignement)\b",
    r"\b(?:quit\w*|retir\w*|withdr\w*|cancel\w*|revok\w*|perdi\w*|lost|los[et]|stopp\w*|took\s+away|took|"
    r"anul\w*|wycofal\w*|retire\w*|annul\w*)\s+(?:\w+\s+){0,2}?(?:patrocinio|sponsorship|patronaj\w*|"
    r"certificate\s+of\s+sponsorship|parrainage)\b",
    r"\b(?:another|otro|outro|un\s+autre|une\s+autre|alt|nowego|innego)\s+(?:sponsor|patrocinador|employer|empleador|"
    r"empregador|employeur|angajator|pracodawc\w*)\s+(?:or|o|ou|sau|albo|lub)\s+(?:leave|partir|salir|sair|irme|"
    r"me\s+ir|sa\s+plec|wyjechac)\w*",
    r"\b(?:keep|still\s+have|sigo\s+con|sigo\s+teniendo|continuo\s+com|mantenho|garde|je\s+garde|pastrez|zachowuje)\s+"
    r"(?:\w+\s+){0,2}?(?:rights|derechos|direitos|droits|drepturi\w*|prawa)\s+(?:\w+\s+){0,3}?"
    r"(?:while|until|mientras|hasta|enquanto|ate|pendant|jusqu|cat\s+timp|pana|dopoki|az)\b",
    r"\b(?:section\s+3c|3c\s+leave)\b",
    # the same rights continuing (3C leave told in other words), in either order with "meanwhile"
    r"\b(?:sigo|seguimos|continuo|continuamos|keep|kept|still\s+have|still\s+got|pastrez|zachowuje|zachowalam|garde|gardons|"
    r"behalte|mantengo|conservo|mantenho)\s+(?:con\s+|com\s+|teniendo\s+|tendo\s+)?(?:los\s+|os\s+|the\s+|mes\s+|les\s+|my\s+|"
    r"moje\s+|meine\s+|i\s+miei\s+)?(?:mismos|same|mesmos|memes|aceleasi|tych\s+samych|te\s+same|gleichen|stessi)\s+"
    r"(?:rights|derechos|direitos|droits|drepturi\w*|praw\w*|rechte|diritti)\b",
    # overstaying told as a story: came (to visit) and never went back; had to leave (the country) but stayed
    r"\b(?:(?:i|we)\s+(?:came|come)|przyjechal\w*|am\s+venit|vine|vim|suis\s+venue?|sono\s+venut[oaie]|"
    r"bin\s+gekommen|جيت|اجيت)\s+(?:\S+\s+){0,6}?(?:and|i|si|y|e|et|und|و)\s*(?:juz\s+|deja\s+|ya\s+|ja\s+|already\s+|"
    r"then\s+|apoi\s+|potem\s+|depois\s+)?(?:(?:never\s+(?:went|gone|go)\s+back|didn'?t\s+go\s+back)(?!\s+to\s+(?:his|her|the|my|"
    r"our|their|that|work)\b)|nie\s+(?:wrocilam|wrocilem|wrocilismy|wrocilysmy)|"
    r"nu\s+m-am\s+mai\s+intors|n-am\s+mai\s+plecat|no\s+(?:volvi|regrese|me\s+fui)|nunca\s+(?:volvi|regrese|voltei)|"
    r"nao\s+voltei|nunca\s+mais\s+voltei|ne\s+suis\s+(?:jamais|pas|plus)\s+(?:rentree?|repartie?)|"
    r"non\s+sono\s+(?:piu\s+|mai\s+)?(?:tornat|ripartit)[oaie]|bin\s+(?:nie|nicht)\s+(?:mehr\s+)?zuruck\w*|ما\s+رجعت)",
    r"\b(?:had\s+to|was\s+supposed\s+to|should\s+have|trebuia\s+sa|tenia\s+que|debia|tinha\s+que|devia|musial\w*|mial\w*|"
    r"je\s+devais|devais|dovevo|doveva|musste|sollte)\s+(?:\S+\s+){0,2}?(?:leave|go\s+back|go\s+home|return|plec|ma\s+intorc|"
    r"irme|salir|volver|ir\s+embora|sair|voltar|wyjechac|wrocic|partir|rentrer|quitter|partire|tornare|ausreisen|zuruck\w*)\b"
    r"(?:\s+\S+){0,4}?\s+(?:but|dar|pero|mas|ale|mais|ma|aber)\s+(?:i\s+|eu\s+|ja\s+|je\s+|io\s+|ich\s+)?(?:stayed|never|didn'?t|"
    r"n-am|nu\s+am|am\s+ramas|me\s+quede|no\s+me\s+fui|no\s+(?:lo\s+)?hice|fiquei|nao\s+fui|zostal\w*|nie\s+wyjechal\w*|"
    r"suis\s+reste\w*|ne\s+suis\s+pas|sono\s+rimast[oaie]|non\s+sono|bin\s+geblieben|blieb)",
    # UK visa schemes named as such
    r"\b(?:homes\s+for\s+ukraine|ukraine\s+(?:family|sponsorship|extension|permission\s+extension)\s+scheme|"
    r"bno\s+(?:visa|route)|youth\s+mobility\s+(?:scheme|visa)|seasonal\s+worker\s+(?:visa|scheme)|"
    r"windrush\s+scheme|graduate\s+(?:visa|route)|skilled\s+worker\s+(?:visa|route)|"
    r"(?:schema|programul|program|programa|programme|esquema)\s+homes\s+for\s+ukraine)\b",
    r"\b(?:judicial\s+review|control\s+judicial|controle\s+juridictionnel|revisao\s+judicial|revizuire\s+judiciara|"
    r"kontrol\w*\s+sadow\w*|recurso\s+contencioso)\b",
    r"\b(?:check|control\w*|verific\w*|sprawdz\w*)\s+(?:\w+\s+){0,2}?(?:right|derecho|droit|direito|dreptului|prawa)\s+"
    r"(?:to|a|au|ao|de|do|la)\s+(?:work|trabajar|travail|trabalho|trabalhar|munca|pracy)\b",
    r"\b(?:sign\w*|firm(?:ar|o|a|aba|e)|assin(?:ar|o|a|ava)|semn\w*|podpis\w*)\s+(?:\w+\s+){0,5}?(?:immigration|"
    r"inmigracion|imigracao|imigrare|imigracyjn\w*|l'?immigration|extranjeria|estrangeiros)\b",
    r"\b(?:marry|married|casar\w*|epouser|marier|ozenic\w*|slub\w*|insura|casatori\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:for|por|pour|pentru|dla|para)\s+(?:the\s+|los\s+|os\s+|les\s+|des\s+)?(?:papers|papeles|papeis|papiers|acte|"
    r"papierow|visa|visado|visto|residency|residencia)\b",
    # legal / migration status is uncertain / pending, any language: "Mi situación legal es complicada"
    r"\b(?:mi|su|minha|sua|moj|mon|ma|son|sa|statutul|situatia)\s+(?:situacion|situacao|sytuacj\w*|situation|situatia|"
    r"estatus|statut\w*|status\w*)\s+(?:legal|legalna|migratori[oa]|imigracyjn\w*|administrative|juridica|de\s+imigrare)\b",
    # Italian and German (3 Dec): without a permit, waiting for the decision, reporting, no right to work,
    # came as a tourist and stayed. "senza permesso" alone is also "without permission" (an act): only
    # with a person who *is* without it.
    r"\b(?:sono|siamo|sei|e|resto|rimast[oaie]|vivo|vive|sto|stiamo)\s+(?:qui\s+|ancora\s+|in\s+italia\s+|"
    r"in\s+inghilterra\s+)?senza\s+(?:il\s+|un\s+|nessun\s+)?(?:permesso|documenti|visto)\b",
    r"\b(?:aspett\w*|attend\w*|in\s+attesa)\s+(?:\w+\s+){0,3}?(?:la\s+|l'|una\s+|della\s+|dell'|di\s+)?(?:risposta|decisione|"
    r"esito|udienza|convocazione)\b(?:[\s']+\w+){0,3}?[\s']+(?:home\s*office|questura|prefettura|commissione|asilo|"
    r"permesso|soggiorno|domanda|ricorso)",
    r"\bwarte\w*\s+(?:\w+\s+){0,4}?auf\s+(?:\w+\s+){0,3}?(?:entscheidung|antwort|bescheid|anhorung)\b"
    r"(?:\s+\w+){0,4}?\s+(?:home\s*office|\w*behorde|bamf|aufenthalt\w*|asyl\w*|visum|antrag\w*|bleiberecht)",
    r"\b(?:auslander|einwanderungs)behorde\s+(?:\w+\s+){0,2}?(?:melden|unterschreiben)\b",
    r"\bmelde\w*\s+(?:mich|uns|sich)\s+(?:\w+\s+){0,3}?(?:bei|beim|im)\s+(?:der\s+|dem\s+)?(?:home\s*office|"
    r"(?:auslander|einwanderungs)behorde|auslanderamt)",
    r"\b(?:firmare|firmo|presentarmi|mi\s+presento)\s+(?:\w+\s+){0,4}?(?:in|alla|al|all')\s*(?:questura|home\s*office|"
    r"ufficio\s+immigrazione)",
    r"\b(?:darf|durfen|darfst|durfte)\s+(?:ich\s+|er\s+|sie\s+|wir\s+)?(?:hier\s+|in\s+\w+\s+|legal\s+)nicht\s+"
    r"(?:legal\s+)?(?:arbeiten|bleiben)\b",
    r"\b(?:darf|durfen|darfst|durfte)\s+(?:ich\s+|er\s+|sie\s+|wir\s+)?nicht\s+(?:hier|legal)\s+(?:arbeiten|bleiben)\b",
    r"\bnon\s+(?:ho|ha|abbiamo|hanno|avevo|aveva)\s+(?:il\s+)?diritto\s+(?:a|di)\s+(?:lavorare|restare|rimanere|"
    r"soggiorn\w*)\b",
    r"\bnon\s+(?:posso|puo|possiamo)\s+lavorare\s+(?:legalmente|in\s+regola|qui)\b",
    r"\b(?:mit\s+(?:einem\s+)?(?:touristen|besucher|studenten|schengen)visum|als\s+(?:tourist\w*|student\w*|besucher\w*))"
    r"\s+(?:\w+\s+){0,3}?(?:gekommen|eingereist|hergekommen)\s*,?\s+und\s+(?:\w+\s+){0,2}?(?:geblieben|hiergeblieben|"
    r"nicht\s+(?:mehr\s+)?zuruck\w*)",
    r"\b(?:venut[oaie]|arrivat[oaie]|entrat[oaie])\s+(?:\w+\s+){0,3}?(?:con\s+(?:il\s+|un\s+)?visto\s+(?:turistico|"
    r"da\s+turista|di\s+studio)|come\s+turist[aei]|da\s+turist[aei]|come\s+student\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:e\s+)?(?:sono\s+|siamo\s+|e\s+)?(?:rimast[oaie]|restat[oaie]|non\s+sono\s+(?:piu\s+)?tornat[oaie])",
    r"\b(?:visum|aufenthalt\w*|duldung)\s+(?:\w+\s+){0,3}?(?:lauft|laufen|ist|war)\s+(?:\w+\s+){0,2}?(?:ab|abgelaufen|"
    r"ausgelaufen|abgelehnt)\b",
)
