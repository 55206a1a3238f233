"""Behaviour of the free-text redaction engine (firewall rule 5, minimisation)."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from safereport.redaction.engine import (
    CATEGORIES,
    MARKERS,
    MAX_TEXT_CHARS,
    Redaction,
    Span,
    TextTooLong,
    redact,
)
from safereport.redaction.evaluation import evaluate

STATUS = MARKERS["immigration_status"]


def test_visa_expiry_clause_is_removed_but_assault_is_kept():
    result = redact("He hit me because my visa expired in March.")
    assert result.text == f"He hit me because {STATUS}."
    assert result.spans == (Span(18, 42, "immigration_status"),)


@pytest.mark.parametrize(
    "text",
    [
        "He said he would get me deported if I told anyone.",
        "He threatened to call immigration on me.",
        "He said he would report me to the Home Office.",
        "Me amenazó con llamar a inmigración.",
        "هددني بأنه سيتصل بالهجرة إذا تركته.",
    ],
)
def test_deportation_threat_is_kept(text):
    assert redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "He stole my Visa card and took £300.",
        "He took my passport and locked it in his car.",
        "We met on Asylum Road.",
        "He waits for me outside the Home Office building.",
        "He punched me outside the refugee centre.",
        "He threw the papers off the table.",
        "He told me to leave the house.",
        "He posted my photos on his WhatsApp status.",
        "My landlord gave me a parking permit.",
        "Eu já tinha visto ele perto da minha casa.",
        "Byłam na wizycie u lekarza.",
        "Ce a făcut el este ilegal.",
        # traps for the cross-language frames (lack / be + illegal / payment with a Visa card)
        "Entró en casa sin permiso y me pegó.",
        "I applied for a protection order last week.",
        "He was illegally evicting me from the room.",
        "It is illegal here to take someone's passport, the officer said.",
        "There is no status update on my case at the police.",
        "He has no documents for the car.",
        "My parking permit expired and he laughed.",
        "Il a payé avec ma Visa sans me demander.",
        "دفع بفيزا حقتي بدون إذني.",
        "Amenazó con denunciarme a extranjería.",
        "The guard at the detention centre hit my brother during a visit.",
        "My son was in detention at school when it happened.",
        "Rompió los papeles del divorcio delante de mis hijos.",
    ],
)
def test_crime_facts_and_traps_are_not_redacted(text):
    assert redact(text).spans == ()


@pytest.mark.parametrize(
    "text",
    [
        "I have no papers.",
        "I am undocumented.",
        "My asylum claim was refused.",
        "I'm on a spousal visa.",
        "since my leave ran out",
        "I have no recourse to public funds.",
        "He calls me an overstayer.",
        "He hid my BRP.",
        "We are waiting for the Home Office decision.",
        "No tengo papeles.",
        "Estou sem documentos.",
        "Moja wiza wygasła.",
        "Nu am acte.",
        "Je suis sans papiers.",
        "ليس لدي أوراق.",
        "Mi visa expired ayer.",
        # other persons, negation, abbreviations, code-switching (the generic frames)
        "My sister doesn't have papers.",
        "They arent legal here.",
        "Im out of status.",
        "We never applied for the EUSS.",
        "Me and my kids are refugees.",
        "My husband's visa depends on his job.",
        "Nie mam papers.",
        "ما عندي status هنا.",
        "انا illegal هنا.",
        "He says I'm ilegal aquí.",
        "Mi cuñado es un inmigrante ilegal.",
        "Me han denegado el visado.",
        "Nie przedłużyli mi pobytu.",
        "Nu am voie să muncesc aici.",
        "Mon mari n'a pas le droit de travailler.",
        "Je suis dubliné.",
        "Estuve en un CIE tres meses.",
        "كنت في مركز احتجاز المهاجرين.",
        "Entrei como turista e fiquei.",
        "أختي ما عندها إقامة.",
        "Mi asylum fue denied.",
    ],
)
def test_status_statement_in_any_supported_language_is_removed(text):
    result = redact(text)
    assert result.spans and all(s.category == "immigration_status" for s in result.spans)


def test_zero_width_characters_do_not_hide_visa_statement():
    text = "he hit me because my v\u200bi\u00adsa exp\u200dired"
    result = redact(text)
    assert "isa" not in result.text
    assert result.text.startswith("he hit me because ")
    assert text[result.spans[0].start : result.spans[0].end] == "my v\u200bi\u00adsa exp\u200dired"


def test_look_alike_cyrillic_letters_do_not_hide_status():
    assert redact("my vis\u0430 expired").spans


def test_bidi_marks_around_arabic_status_keep_offsets_into_original():
    text = "\u202bضربني لأن \u200fتأشيرتي انتهت\u202c."
    result = redact(text)
    span = result.spans[0]
    assert "تأشيرتي انتهت" in text[span.start : span.end]
    assert result.text.startswith("\u202bضربني لأن ")


def test_passport_number_is_removed_but_taking_the_passport_is_kept():
    result = redact("He took my passport, number 533401276, and burned it.")
    assert result.text == f"He took my passport, number {MARKERS['immigration_identifier']}, and burned it."


def test_crime_reference_and_dates_are_not_taken_for_identifiers_or_phones():
    text = "On 14/02/2023 at 23.15 he hit me; crime reference 01/458812/23 and CAD 4512345678."
    assert redact(text).spans == ()


def test_phone_and_email_are_removed_unless_reporter_consented():
    text = "Call me on 07700 900461 or write to rosa.m@gmail.com."
    assert redact(text).text == f"Call me on {MARKERS['phone_number']} or write to {MARKERS['email_address']}."
    assert redact(text, keep=frozenset({"phone_number", "email_address"})).text == text


def test_immigration_information_cannot_be_kept():
    with pytest.raises(ValueError):
        redact("I have no papers", keep=frozenset({"immigration_status"}))


def test_arabic_indic_digits_are_read_as_a_phone_number():
    assert redact("رقم هاتفي ٠٧٧٠٠٩٠٠٧٣٢").spans[0].category == "phone_number"


def test_empty_text_gives_empty_redaction():
    assert redact("") == Redaction("", ())


def test_text_over_the_limit_is_refused_not_truncated():
    with pytest.raises(TextTooLong):
        redact("a" * (MAX_TEXT_CHARS + 1))


def test_lone_surrogate_is_replaced_in_output_and_offsets_unchanged():
    result = redact("\ud800. my visa expired")
    assert result.text == f"\ufffd. {STATUS}"
    assert result.spans == (Span(3, 18, "immigration_status"),)


def test_eval_set_recall_is_complete_and_retention_high():
    scores = evaluate()
    tuned = scores[("all", "tuned")]
    assert tuned.recall == 1.0, tuned.failures
    assert tuned.retention >= 0.95, tuned.failures
    assert scores[("all", "holdout")].retention >= 0.9


def test_holdout_and_challenge_splits_do_not_regress():
    # Figures reached when the generic frames were added (docs/redaction.md), rounded down:
    # holdout recall 1.000, challenge recall 0.996 (one known leak), retention 0.981 / 1.000.
    scores = evaluate()
    holdout, challenge = scores[("all", "holdout")], scores[("all", "challenge")]
    assert holdout.recall >= 0.99, holdout.failures
    assert challenge.recall >= 0.99, challenge.failures
    assert challenge.retention >= 0.95, challenge.failures
    assert challenge.precision >= 0.95, challenge.failures
    for language in ("en", "es", "pt", "pl", "ro", "fr", "ar", "mixed"):
        assert scores[(language, "challenge")].recall >= 0.95, scores[(language, "challenge")].failures


def test_prefix_dispatch_finds_exactly_what_trying_every_branch_everywhere_finds():
    # The dispatch tries a branch only where the next characters can begin it; the prefix
    # sets come from the parsed patterns. Checked against the plain method on the eval set.
    import re

    from safereport.redaction import engine
    from safereport.redaction.dispatch import _starts
    from safereport.redaction.evaluation import LANGUAGES, load
    from safereport.redaction.text import fold

    everything = re.compile("|".join(f"(?:{branch})" for branch in engine._STATUS._branches))

    def plain(text):
        found, end = [], 0
        for position in _starts(text):
            match = everything.match(text, position) if position >= end else None
            if match is not None and match.end() > position:
                found.append(match.span())
                end = match.end()
        return found

    texts = [fold(case["text"])[0] for language in LANGUAGES for case in load(language)]
    texts += [" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
    texts += ["no\u00a0papers", "nie\tmam papers", "12visa expired", "abcالفيزا خلصت", "وبالتاشيره"]
    for text in texts:
        assert engine._STATUS.spans(text) == plain(text), text


def test_every_branch_can_be_reached_through_the_trigger_scan():
    from safereport.redaction import engine

    dispatch = engine._STATUS
    triggers = dispatch.trigger_words()
    assert "" not in triggers  # otherwise the scan could not skip anything
    scan = dispatch._candidates
    for prefixes in dispatch._prefixes:
        for prefix in prefixes:
            start = prefix.rstrip("\0")
            assert scan.match(start + " x") is not None, prefix


text_with_triggers = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "my visa expired",
                " visa ",
                "\u200b",
                "07700 900461",
                "a@b.co",
                "passport no 12345678",
                "[removed: phone number]",
                "ليس لدي أوراق",
                ", and ",
                ". ",
                "sin papeles",
                "\ud800",
            ]
        ),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text_with_triggers)
def test_redact_never_raises_and_spans_are_sorted_disjoint_within_bounds(text):
    result = redact(text)
    previous_end = 0
    for span in result.spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert span.category in CATEGORIES
        previous_end = span.end


@settings(max_examples=300, deadline=None)
@given(text_with_triggers)
def test_offsets_map_back_to_the_original(text):
    result = redact(text)
    rebuilt, position = [], 0
    for span in result.spans:
        rebuilt += [text[position : span.start], MARKERS[span.category]]
        position = span.end
    rebuilt.append(text[position:])
    expected = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in "".join(rebuilt))
    assert expected == result.text


@settings(max_examples=300, deadline=None)
@given(text_with_triggers)
# A marker that stands between a police label and the number it names (found by CI's draw),
# and an address glued to the end of another (found by `make fuzz`).
@example("URN:00000000:000000")
@example("0@0.AA%@0.AA")
def test_redacting_redacted_text_removes_nothing_more(text):
    once = redact(text).text
    assert redact(once).spans == ()


def test_removal_by_the_authorities_right_after_a_status_clause_is_part_of_the_statement():
    result = redact("Ma demande d'asile a été refusée, ils veulent me renvoyer en Italie.", "fr")
    assert "Italie" not in result.text and "renvoyer" not in result.text


def test_a_threat_to_send_someone_back_is_kept_when_no_status_is_stated():
    text = "His brothers said they would send me back to Pakistan if I went to the police."
    assert redact(text, "en").text == text


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Mi ha picchiato. Il mio permesso di soggiorno è scaduto a marzo.", "Mi ha picchiato."),
        ("Sono irregolare, per questo ho paura.", "per questo ho paura"),
        ("Ich habe keine Papiere und er droht mir.", "er droht mir"),
        ("Er hat mich geschlagen. Mein Aufenthaltstitel ist abgelaufen.", "Er hat mich geschlagen."),
        ("Mein Asylantrag wurde abgelehnt.", ""),
    ],
)
def test_commonest_italian_and_german_status_statements_are_removed(text, kept):
    result = redact(text)
    assert result.spans and kept in result.text
    for word in ("soggiorno", "irregolare", "Papiere", "Aufenthaltstitel", "Asylantrag"):
        assert word not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Er hat gesagt, er wird mich abschieben lassen.",
        "Ha rubato il mio passaporto e i miei documenti.",
        "Er hat meinen Pass gestohlen.",
        "Sono stata picchiata ma ho paura di andare alla polizia.",
    ],
)
def test_italian_and_german_crime_facts_are_kept(text):
    assert redact(text).text == text


def test_nothing_of_a_redacted_text_is_remembered_between_calls_by_the_pattern_dispatch():
    from safereport.redaction.engine import _STATUS

    # Short trigger words ("my ", "ma ", "is ") followed by the report's own letters: the dispatch's
    # lookup key then holds a piece of the report, and it must not stay in memory after the call.
    redact("My qzx neighbour is qwv and ma jxk sister.")
    remembered = set(_STATUS._memo)
    assert remembered <= set(_STATUS._tables[_STATUS._length])  # only the patterns' own prefixes
    assert not {"my q", "is q", "ma j"} & remembered
