"""The eligibility helper: routes that may apply, labelled as guidance, kept with history, for advisers only."""

import pytest
from django.test import Client

from safereport.accounts.actions import add_staff
from safereport.cases import actions as case_actions
from safereport.cases import eligibility
from safereport.cases.immigration_advice import NotAnAdviser
from safereport.cases.models import CaseNote
from safereport.vault import keyring

ALL_YES = {q: eligibility.YES for q in eligibility.QUESTIONS}


@pytest.fixture
def case(make_report):
    report, _codename = make_report(wants={"immigration_advice"})
    return report


def _names(answers):
    return [route.name for route in eligibility.routes_for(answers)]


def test_a_partner_whose_relationship_ended_in_abuse_and_who_has_no_funds_may_have_the_concession():
    answers = {**ALL_YES, "investigation_live": eligibility.NO, "exploitation_indicators": eligibility.NO}
    assert _names(answers) == [
        "Domestic-abuse concession",
        "Settlement as a victim of domestic abuse",
        "Support scheme for migrant victims with no recourse to public funds",
    ]


def test_someone_whose_last_permission_was_not_as_a_partner_gets_the_support_scheme_not_the_concession():
    answers = {**ALL_YES, "last_permission_as_partner": eligibility.NO, "exploitation_indicators": eligibility.NO}
    assert _names(answers) == [
        "Support scheme for migrant victims with no recourse to public funds",
        "Protections while an investigation or prosecution is live",
    ]


def test_an_answer_not_known_makes_a_route_one_to_check_naming_the_question():
    answers = {q: eligibility.NO for q in eligibility.QUESTIONS} | {"investigation_live": eligibility.UNKNOWN}
    (route,) = eligibility.routes_for(answers)
    assert route.applies == "check" and route.to_check == (str(eligibility.QUESTIONS["investigation_live"]),)
    assert eligibility.routes_for({q: eligibility.NO for q in eligibility.QUESTIONS}) == []


def test_an_adviser_saves_answers_sees_the_routes_labelled_as_guidance_and_earlier_answers_are_kept(world, sign_in, case):
    adviser = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/immigration-eligibility/"
    page = adviser.get(url).content.decode()
    assert "not legal advice" in page and "regulated immigration adviser" in page
    assert adviser.post(url, {q: "no" for q in eligibility.QUESTIONS}).status_code == 302
    assert adviser.post(url, ALL_YES).status_code == 302
    html = adviser.get(url).content.decode()
    assert "Domestic-abuse concession" in html and 'id="eligibility-history"' in html and "not legal advice" in html
    view = case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    assert [a.answers for a in view.eligibility] == [{q: "no" for q in eligibility.QUESTIONS}, ALL_YES]
    assert view.notes == []  # the answers never show among ordinary notes


def test_a_missing_or_bad_answer_is_refused_naming_the_question_with_the_others_kept_and_nothing_saved(world, sign_in, case):
    adviser = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/immigration-eligibility/"
    answers = {**ALL_YES, "without_funds": "perhaps"}
    del answers["investigation_live"]
    response = adviser.post(url, answers)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_without_funds_error"' in html and 'id="id_investigation_live_error"' in html
    assert 'value="yes" id="id_last_permission_as_partner_0" checked' in html.replace("required ", "")
    assert not CaseNote.objects.exists()
    with pytest.raises(eligibility.BadAnswers) as refused:
        case_actions.assess_eligibility(case, answers, world.north.unlocked, world.north.advocate)
    assert refused.value.field in ("without_funds", "investigation_live") and not CaseNote.objects.exists()


def test_only_an_adviser_reaches_the_helper(world, sign_in, case):
    caseworker = add_staff(world.north.org, "caseworker@north.test", world.password, "advocate", actor="test")
    keyring.grant_access(world.north.unlocked, caseworker, actor="test")
    url = f"/en/staff/cases/{case.reference}/immigration-eligibility/"
    assert sign_in(caseworker, test_client=Client()).post(url, ALL_YES).status_code == 404
    assert sign_in(world.south.advocate, test_client=Client()).get(url).status_code == 404
    assert sign_in(world.police.police_liaison, test_client=Client()).get(url).status_code == 404
    with pytest.raises(NotAnAdviser):
        case_actions.assess_eligibility(case, ALL_YES, world.north.unlocked, caseworker)
    assert not CaseNote.objects.exists()
