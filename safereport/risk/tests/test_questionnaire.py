"""Scoring, thresholds, triggers and judgement; the file format's checks, each naming where the problem is."""

import copy

import pytest

from safereport.risk.builtin_sets import BUILT_IN, DOMESTIC_ABUSE
from safereport.risk.questionnaire import (
    CRIME_TYPE_KEYS,
    HIGH,
    MEDIUM,
    NO,
    NOT_KNOWN,
    STANDARD,
    YES,
    InvalidQuestionnaire,
    parse,
    to_data,
)

DA = BUILT_IN["domestic_abuse"]
DA_TRIGGERS = {"strangulation", "threats_to_kill", "stalking", "honour"}


def answers(definition, yes=(), default=NO):
    return {q.id: (YES if q.id in yes else default) for q in definition.questions}


def plain_yeses(definition, n):
    """n questions answered yes, none of them a trigger."""
    return [q.id for q in definition.questions if not q.trigger][:n]


def test_every_crime_type_with_its_own_set_and_a_generic_one_ship():
    assert set(BUILT_IN) == {"domestic_abuse", "sexual_violence", "trafficking", "hate_crime", "generic"}
    assert set(BUILT_IN) <= set(CRIME_TYPE_KEYS)
    for definition in BUILT_IN.values():
        assert set(definition.next_steps) == {STANDARD, MEDIUM, HIGH}
        assert any(q.trigger for q in definition.questions)


def test_domestic_abuse_set_has_the_usual_structure():
    assert len(DA.questions) == 24
    assert (DA.medium_from, DA.high_from) == (10, 14)
    assert {q.id for q in DA.questions if q.trigger} == DA_TRIGGERS
    assert "multi-agency risk assessment conference" in DA.next_steps[HIGH]
    assert "agreement" in DA.next_steps[HIGH]  # never a referral without the victim's consent


def test_the_score_counts_yes_answers_only():
    given = answers(DA, yes=plain_yeses(DA, 3), default=NOT_KNOWN)
    assert DA.score(given) == 3
    assert DA.band(given) == STANDARD


@pytest.mark.parametrize(("yeses", "band"), [(9, STANDARD), (10, MEDIUM), (13, MEDIUM), (14, HIGH), (20, HIGH)])
def test_thresholds_decide_the_band(yeses, band):
    given = answers(DA, yes=plain_yeses(DA, yeses))
    assert DA.score(given) == yeses
    assert DA.band(given) == band


@pytest.mark.parametrize("trigger", sorted(DA_TRIGGERS))
def test_one_trigger_answered_yes_makes_the_case_high_whatever_the_score(trigger):
    given = answers(DA, yes=[trigger])
    assert DA.score(given) == 1
    assert DA.band(given) == HIGH
    assert [q.id for q in DA.triggers_answered_yes(given)] == [trigger]


def test_a_trigger_not_known_does_not_trigger():
    given = answers(DA)
    given["strangulation"] = NOT_KNOWN
    assert DA.band(given) == STANDARD


def test_professional_judgement_raises_the_band_and_never_lowers_it():
    low = answers(DA, yes=plain_yeses(DA, 2))
    assert DA.band(low, MEDIUM) == MEDIUM
    assert DA.band(low, HIGH) == HIGH
    assert DA.band(answers(DA, yes=["stalking"]), STANDARD) == HIGH
    assert DA.band(answers(DA, yes=["stalking"]), MEDIUM) == HIGH


def test_the_file_form_reads_back_to_the_same_definition():
    for definition in BUILT_IN.values():
        assert parse(to_data(definition)) == definition


def valid():
    return copy.deepcopy(DOMESTIC_ABUSE) | {"version": "acme-2027.1"}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("version"), "version:"),
        (lambda d: d.update(version="has space"), "version:"),
        (lambda d: d.update(format=2), "format:"),
        (lambda d: d.update(crime_type="burglary"), "crime_type:"),
        (lambda d: d.update(title=""), "title:"),
        (lambda d: d.update(questions=[]), "questions:"),
        (lambda d: d["questions"][2].update(id="injury"), "questions[3].id: 'injury' is used by an earlier question"),
        (lambda d: d["questions"][4].update(id="Bad Id"), "questions[5].id:"),
        (lambda d: d["questions"][0].pop("text"), "questions[1].text:"),
        (lambda d: d["questions"][0].update(text="bell\x07"), "questions[1].text:"),
        (lambda d: d["questions"][1].update(trigger="yes"), "questions[2].trigger:"),
        (lambda d: d["questions"][1].update(trigers=True), "questions[2].trigers: not a field"),
        (lambda d: d.update(colour="red"), "colour: not a field"),
        (lambda d: d.update(thresholds={"medium": 14, "high": 10}), "thresholds: medium (14) must be lower than high (10)"),
        (lambda d: d.update(thresholds={"medium": 10, "high": 30}), "thresholds.high: 30 is more than the 24 questions"),
        (lambda d: d.update(thresholds={"high": 10}), "thresholds:"),
        (lambda d: d.update(thresholds={"medium": "ten", "high": 14}), "thresholds.medium:"),
        (lambda d: d["next_steps"].pop("medium"), "next_steps:"),
        (lambda d: d["next_steps"].update(high=""), "next_steps.high:"),
    ],
)
def test_a_bad_questionnaire_is_refused_naming_where_the_problem_is(change, named):
    data = valid()
    change(data)
    with pytest.raises(InvalidQuestionnaire) as refused:
        parse(data)
    assert any(named in error for error in refused.value.errors), refused.value.errors


def test_every_problem_of_a_file_is_listed_at_once():
    data = valid()
    data["version"] = ""
    data["questions"][0]["id"] = "X"
    data["next_steps"]["high"] = ""
    with pytest.raises(InvalidQuestionnaire) as refused:
        parse(data)
    assert len(refused.value.errors) == 3


def test_a_file_that_is_not_a_mapping_is_refused():
    with pytest.raises(InvalidQuestionnaire, match="one mapping"):
        parse(["questions"])
