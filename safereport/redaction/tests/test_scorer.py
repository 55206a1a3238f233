"""The compiled clause scorer gives the pure-Python scorer's scores, token for token, and the detector works
without it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safereport.redaction import detector, training
from safereport.redaction.detector import TOKEN
from safereport.redaction.evaluation import LANGUAGES, load
from safereport.redaction.text import fold

pytestmark = pytest.mark.skipif(detector._scorer is None, reason="the compiled scorer was not built here")


@pytest.fixture(scope="module")
def model():
    return detector.model()


@pytest.fixture
def word_by_word(monkeypatch):
    """The Python path scores unseen words one by one, in the order the compiled scorer adds them up."""
    monkeypatch.setattr(detector, "BATCH_FROM", 10**9)


def _texts() -> list[str]:
    sentences = [case["text"] for language in LANGUAGES for case in load(language)]
    slipped = [" ".join(training._with_slips(text.split(" "))) for text in sentences]
    return [fold(text)[0] for text in sentences + slipped]


def test_every_evaluation_sentence_and_its_misspelt_copy_is_scored_alike(model, word_by_word):
    texts = _texts()
    assert len(texts) > 1000
    flagged = 0
    for text in texts:
        tokens = TOKEN.findall(text)
        native = model.scored(tokens)
        assert native == model.scored_in_python(tokens), text
        flagged += bool(native)
    assert flagged > 300  # the comparison covered clauses removed and marked, not only quiet ones


def test_long_run_on_text_is_scored_in_the_same_windows(model, word_by_word):
    text = fold(" ".join(case["text"] for case in load("es")[:12]).replace(".", " ").replace(",", " "))[0]
    tokens = TOKEN.findall(text)
    assert sum(1 for token in tokens if token) > 3 * detector.MAX_CLAUSE_WORDS
    assert model.scored(tokens) == model.scored_in_python(tokens)


words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
tokens_strategy = st.lists(
    st.one_of(words, st.just(""), st.sampled_from(sorted(detector.BREAK_WORDS)[:30])), min_size=1, max_size=60
)


@settings(max_examples=300, deadline=None)
@given(tokens=tokens_strategy)
def test_any_tokens_are_scored_alike(tokens):
    model = detector.model()
    original = detector.BATCH_FROM
    detector.BATCH_FROM = 10**9
    try:
        assert model.scored(tokens) == model.scored_in_python(tokens)
    finally:
        detector.BATCH_FROM = original


def test_without_the_compiled_scorer_the_detector_classifies_the_same(model, monkeypatch):
    texts = _texts()[::7]
    with_c = [model.classify(text) for text in texts]
    monkeypatch.setattr(detector, "_scorer", None)
    monkeypatch.setattr(detector, "BATCH_FROM", 10**9)
    assert [model.classify(text) for text in texts] == with_c


def _flag_raw(model, tokens, break_prefix):
    return detector._scorer.flag(
        tokens,
        model.vocabulary,
        model.pairs,
        model.weights,
        detector.BREAK_WORDS,
        break_prefix,
        0.0,
        0.0,
        -1.0,
        40,
        14,
        10,
        5,
        2,
        3,
        detector.names_the_domain,
    )


def test_bad_arguments_raise_instead_of_crashing(model):
    with pytest.raises(TypeError):
        _flag_raw(model, [1, 2], "و")
    with pytest.raises(ValueError):
        _flag_raw(model, ["a"], "وو")
