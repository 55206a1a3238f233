"""The learned clause detector beside the patterns: training, the review band, and how it combines."""

import json
import math
import socket
import threading
import time

import pytest

from safereport.redaction import detector, training
from safereport.redaction.detector import Model, word_ngrams
from safereport.redaction.engine import MARKERS, Span, redact, redact_with
from safereport.redaction.evaluation import _PatternsOnly, score_case

STATUS = MARKERS["immigration_status"]


def hand_model(weight: float) -> Model:
    """A model that scores only the word "zork", with `weight` for each of its n-grams."""
    return Model({gram: weight for gram in word_ngrams("zork")}, bias=-4.0)


# "Zork zork" is two words of 14 n-grams each, normalised by sqrt(40) (MIN_GRAMS): its logit is -4 + 28 w / sqrt(40).
# This weight puts it halfway between the review and removal thresholds, whatever they are set to.
_THRESHOLDS = detector.Model({}, 0.0)
IN_REVIEW_BAND = ((_THRESHOLDS.review_at + _THRESHOLDS.remove_at) / 2 + 4.0) * math.sqrt(detector.MIN_GRAMS) / 28


def three_word_model() -> Model:
    """ "zork" removed, "quux" between the beside-removal and removal thresholds, "blip" in the review band below it."""
    beside = ((_THRESHOLDS.beside_removal_at + _THRESHOLDS.remove_at) / 2 + 4.0) * math.sqrt(detector.MIN_GRAMS) / 28
    weights = {gram: 2.0 for gram in word_ngrams("zork")} | {gram: beside for gram in word_ngrams("quux")}
    return Model(weights | {gram: IN_REVIEW_BAND for gram in word_ngrams("blip")}, bias=-4.0)


def test_a_strong_clause_beside_a_removed_one_is_removed_with_it():
    text = "He hit me. Zork zork, and quux quux. He left."
    result = redact_with(three_word_model(), text)
    assert result.text == f"He hit me. {STATUS}, and {STATUS}. He left."
    assert result.review == ()


def test_a_strong_clause_away_from_any_removal_is_only_marked():
    text = "Zork zork. He hit me. Quux quux."
    result = redact_with(three_word_model(), text)
    assert result.text == f"{STATUS}. He hit me. Quux quux."
    assert [text[s.start : s.end] for s in result.review] == ["Quux quux"]


def test_a_weak_clause_beside_a_removed_one_is_only_marked():
    text = "Zork zork, blip blip."
    result = redact_with(three_word_model(), text)
    assert result.text == f"{STATUS}, blip blip."
    assert [text[s.start : s.end] for s in result.review] == ["blip blip"]


def test_removal_beside_a_removal_goes_one_clause_only():
    text = "Zork zork, quux quux, quux quux."
    result = redact_with(three_word_model(), text)
    assert result.text == f"{STATUS}, {STATUS}, quux quux."
    assert [text[s.start : s.end] for s in result.review] == ["quux quux"]


def test_a_clause_in_the_review_band_is_marked_and_left_in_the_text():
    text = "He hit me. Zork zork, and he left."
    result = redact_with(hand_model(IN_REVIEW_BAND), text)
    assert result.text == text and result.spans == ()
    assert result.review == (Span(11, 20, "immigration_status"),)
    assert text[11:20] == "Zork zork"


def test_a_clause_above_the_removal_band_is_removed_and_not_marked():
    result = redact_with(hand_model(2.0), "He hit me. Zork zork, and he left.")
    assert result.text == f"He hit me. {STATUS}, and he left."
    assert result.review == ()


def test_review_offsets_point_into_the_original_text_past_invisible_characters():
    text = "\u200bHe hit me.\u200d Zork zork."
    [mark] = redact_with(hand_model(IN_REVIEW_BAND), text).review
    assert text[mark.start : mark.end] == "Zork zork"


def test_clauses_the_patterns_removed_are_not_marked_again():
    result = redact_with(hand_model(IN_REVIEW_BAND), "He hit me because I have no papers zork zork.")
    assert result.spans and result.review == ()


def test_redacting_the_redacted_text_removes_and_marks_the_same_clauses():
    text = "I have no papers. Zork zork, he said. My visa expired and zork zork."
    first = redact_with(hand_model(IN_REVIEW_BAND), text)
    second = redact_with(hand_model(IN_REVIEW_BAND), first.text)
    assert second.spans == ()
    assert [first.text[s.start : s.end] for s in second.review] == [text[s.start : s.end] for s in first.review]


@pytest.mark.parametrize(
    "text, marked",
    [
        (
            "He hit me. The tribunal still hasnt decided about me staying here.",
            "The tribunal still hasnt decided about me staying here",
        ),
        ("He hit me. My lawyer is still fighting for me to stay here.", "My lawyer is still fighting for me to stay here"),
        (
            "Il m'a frappée. La préfecture ne m'a toujours pas répondu pour le renouvellement.",
            "La préfecture ne m'a toujours pas répondu pour le renouvellement",
        ),
        ("M-a lovit. Încă aștept răspunsul pentru prelungire.", "Încă aștept răspunsul pentru prelungire"),
    ],
)
def test_a_status_statement_no_pattern_describes_is_marked_for_review(text, marked):
    assert redact_with(_PatternsOnly(), text).spans == ()
    result = redact(text)
    assert [text[s.start : s.end] for s in result.review + result.spans] == [marked]


@pytest.mark.parametrize(
    "text, removed",
    [
        ("ضربني. لسا ما ردوا علي بخصوص الإقامة.", "لسا ما ردوا علي بخصوص الإقامة"),
        ("He hit me. honestly i dont hav the rite papers 2 b here", "dont hav the rite papers 2 b here"),
    ],
)
def test_a_misspelt_or_unpatterned_status_statement_is_removed_by_the_model(text, removed):
    assert redact_with(_PatternsOnly(), text).spans == ()
    result = redact(text)
    assert removed in [text[s.start : s.end] for s in result.spans]
    assert text.split(".")[0] in result.text  # the assault is kept


@pytest.mark.parametrize(
    "text",
    [
        "He hit me and took my passport.",
        "He said he would call immigration if I went to the police.",
        "The trial is next month and I am waiting for the CPS to decide.",
        "Me amenazó con llamar a extranjería.",
        "Zabrał mi paszport i mnie pobił.",
    ],
)
def test_crime_facts_are_neither_removed_nor_marked(text):
    result = redact(text)
    assert result.text == text and result.review == ()


def test_training_is_deterministic_and_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("training tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    first, second = training.train(), training.train()
    assert first.bias == second.bias
    assert first.weights == second.weights
    assert first.vocabulary == second.vocabulary
    assert len(first.weights) > 1000


def test_the_read_out_weights_score_exactly_as_scikit_learn_does():
    texts, labels = training.labelled_units()
    classifier, columns, matrix = training.fit_classifier(texts, labels)
    model = training.fit(texts, labels, prune_below=0.0)
    expected = classifier.decision_function(matrix[:300])
    for words, value in zip(texts[:300], expected, strict=True):
        assert model.logit(words) == pytest.approx(value, abs=1e-9)
        # and word by word through the vocabulary, as at run time
        assert Model(model.weights, model.bias).logit(words) == pytest.approx(value, abs=1e-9)


def test_training_never_reads_a_blind_split(tmp_path, monkeypatch):
    case = {"text": "I have no papers.", "lang": "en", "split": "tuned", "must_remove": ["no papers"], "must_keep": []}
    (tmp_path / "en.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    for folder in ("blind", "blind_b", "blind_c", "blind_d", "blind_e", "blind_f", "blind_g", "blind_h"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "en.jsonl").write_text(json.dumps({**case, "text": "BLIND"}) + "\n", encoding="utf-8")
    monkeypatch.setattr(training, "EVAL_DIR", tmp_path)
    assert [c["text"] for c in training.evaluation_cases()] == ["I have no papers."]


def test_the_model_is_trained_once_when_threads_race_to_it(monkeypatch):
    calls = []

    def slow_train():
        calls.append(1)
        time.sleep(0.05)
        return hand_model(1.0)

    monkeypatch.setattr(detector, "_model", None)
    threads = [threading.Thread(target=detector.model, args=(slow_train,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1


def test_training_data_labels_are_checked():
    with pytest.raises(ValueError, match="label must be"):
        training.units_of_training_clause({"text": "x", "label": "maybe"})


def test_evaluation_counts_marks_on_and_off_status_statements():
    case = {"text": "Zork zork. He hit me, zork zork.", "must_remove": ["Zork zork."], "must_keep": ["He hit me"]}
    score = score_case(case, hand_model(IN_REVIEW_BAND))
    assert (score.recall, score.marked_recall) == (0.0, 1.0)
    assert (score.marks_total, score.marks_on_target, score.false_marks_per_sentence) == (2, 1, 1.0)


def test_words_scored_together_in_numpy_score_as_one_by_one():
    model = detector.model()
    words = [*list(model.vocabulary)[:300], "a", "ab", "zzq", "x" * 30, "وبالتاشيره", "papeels", "situasion"]
    plain = Model(model.weights, model.bias)  # no precomputed vocabulary: every word n-gram by n-gram
    for word, (total, count) in zip(words, model.batch_scores(words), strict=True):
        assert (count, total) == (len(word_ngrams(word)), pytest.approx(plain.word_score(word)[0], abs=1e-9))


def test_a_text_with_many_unseen_words_is_classified_as_word_by_word(monkeypatch):
    model = detector.model()
    text = "he hitt me yesterdai outsidee the shopp and my vissa expirred longg agoo i stil liv heer wiht nno paperz sinse"
    assert len(set(text.split()) - set(model.vocabulary)) >= detector.BATCH_FROM
    removed, marked = model.classify(text)  # the compiled scorer where built: word by word
    assert removed or marked
    monkeypatch.setattr(detector, "_scorer", None)  # the Python path: the unseen words in one numpy batch
    assert (removed, marked) == model.classify(text)


def test_the_evaluation_reads_each_blind_folder_as_its_own_split_only_when_asked(tmp_path, monkeypatch):
    from safereport.redaction import evaluation

    case = {"text": "Nu am acte, dar el mă bate.", "lang": "ro", "must_remove": ["Nu am acte"], "must_keep": ["el mă bate"]}
    first, second = tmp_path / "blind", tmp_path / "blind_b"
    first.mkdir(), second.mkdir()
    (first / "ro.jsonl").write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    (first / "it.jsonl").write_text(json.dumps({**case, "lang": "it"}) + "\n", encoding="utf-8")
    (second / "ro.jsonl").write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(evaluation, "BLIND_DIRS", {"blind_b": second, "blind": first})
    assert evaluation.cases(languages=()) == []
    scores = evaluation.evaluate(languages=(), blind=True)
    assert set(scores) == {("ro", "blind"), ("it", "blind"), ("all", "blind"), ("ro", "blind_b"), ("all", "blind_b")}
    assert scores[("all", "blind")].sentences == 2 and scores[("all", "blind")].recall == 1.0
    assert scores[("all", "blind_b")].sentences == 1
    table = evaluation.markdown_table(scores)
    assert "| it | blind | 1 |" in table and "| all | blind | 2 |" in table
    assert table.index("| all | blind_b | 1 |") < table.index("| all | blind | 2 |")


def test_ethiopic_and_arabic_spellings_fold_to_one_form():
    from safereport.redaction.text import fold

    # Homophone series of Ethiopic (ዑ/ኡ, ቐ/ቀ, ሓ/ሃ), its punctuation as clause breaks, and the
    # Persian/Maghrebi letters for sounds Arabic spells with the base letter: same length, no map.
    assert fold("ዑቕባ ሓቲተ። ወረቐት፣") == (fold("ኡቅባ ሃቲተ. ወረቀት,")[0], None)
    assert fold("ڤيزا گارت") == ("فيزا كارت", None)
    assert fold("ዑቕባ ሓቲተ። ወረቐት፣")[0].endswith(". ወረቀት,")


def test_a_clause_scores_in_the_text_as_its_words_and_pairs_do_alone():
    model = detector.model()
    text = "he took my phone and my vissa ran out long ago, la policia vino"
    clauses = ("he took my phone", "my vissa ran out long ago", "la policia vino")
    # the running sums in classify() subtract the pair that reaches back across a clause's first
    # word ("and my"): a threshold at each clause's own logit flags that clause, a hair above it does not
    for clause in clauses:
        logit = model.logit(clause.split())
        probe = Model(
            model.weights, model.bias, model.vocabulary, pairs=model.pairs, remove_at=logit - 1e-6, review_at=logit - 1e-6
        )
        flagged = [text[a:b] for a, b in probe.classify(text)[0]]
        assert clause in flagged
        probe = Model(
            model.weights, model.bias, model.vocabulary, pairs=model.pairs, remove_at=logit + 1e-6, review_at=logit + 1e-6
        )
        assert clause not in [text[a:b] for a, b in probe.classify(text)[0]]


def test_pair_scores_read_from_training_equal_those_computed_from_the_weights():
    model = detector.model()
    plain = Model(model.weights, model.bias)
    for key in list(model.pairs)[:500]:
        assert model.pairs[key] == pytest.approx(plain.key_score(key), abs=1e-9)


@pytest.mark.parametrize(
    "text, statement",
    [
        ("ሰብኣየይ ሃሪሙኒ። ቪዛይ ቅድሚ ሓደ ዓመት ተወዲኡ እዩ።", "ቪዛይ ቅድሚ ሓደ ዓመት ተወዲኡ እዩ"),
        ("ሰብኣየይ ሃሪሙኒ። ሕቶ ዑቕባ ኣእትየ ነይረ ግን ኣይተቐበሉንን።", "ሕቶ ዑቕባ ኣእትየ ነይረ"),
    ],
)
def test_a_tigrinya_status_statement_is_removed_or_marked_and_the_assault_kept(text, statement):
    result = redact(text)
    caught = "".join(text[s.start : s.end] for s in result.spans + result.review)
    assert statement in caught
    assert "ሰብኣየይ ሃሪሙኒ" in result.text and not any(text[s.start : s.end].startswith("ሰብ") for s in result.review)
