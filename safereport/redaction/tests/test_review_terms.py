"""Clauses that name the immigration domain are put before the advocate from a lower model score."""

import pytest

from safereport.redaction import detector
from safereport.redaction.review_terms import names_the_domain
from safereport.redaction.text import fold


def _words(text):
    return detector.WORD.findall(fold(text)[0])


@pytest.mark.parametrize(
    "clause",
    [
        "the home office wrote to me",
        "mi visado",
        "czekam na wize",
        "am aplicat la euss",
        "بالاقامه تبعي",
        "my sponsor",
        "sin papeles",
        "a deportação",
        "public funds",
    ],
)
def test_a_clause_with_a_word_of_the_domain_in_any_language_names_it(clause):
    assert names_the_domain(_words(clause))


@pytest.mark.parametrize("clause", ["he hit me at the bus stop", "the office was closed", "she went home", "a public park"])
def test_an_ordinary_clause_does_not_name_the_domain(clause):
    assert not names_the_domain(_words(clause))


def test_a_clause_between_the_two_review_scores_is_marked_only_when_it_names_the_domain():
    # No weights: every clause scores the bias, a probability between the two thresholds.
    between = (detector.TOPIC_REVIEW_PROBABILITY + detector.REVIEW_PROBABILITY) / 2
    model = detector.Model({}, detector._logit(between))
    text = fold("the weather was cold. my visa thing is complicated.")[0]
    removed, marked = model.classify(text)
    assert removed == []
    assert [text[start:end] for start, end in marked] == ["my visa thing is complicated"]


def test_below_the_lower_score_a_clause_naming_the_domain_is_not_marked():
    model = detector.Model({}, detector._logit(detector.TOPIC_REVIEW_PROBABILITY / 2))
    assert model.classify(fold("he said he would call immigration on me.")[0]) == ([], [])
