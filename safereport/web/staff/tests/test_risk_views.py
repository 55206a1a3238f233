"""Risk pages: answering the questionnaire, refused input kept, history, the queue's band; 404 for anyone else."""

import re

import pytest
from django.test import Client

from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.risk.models import RiskAssessment
from safereport.risk.sets import current_sets, load_questionnaire
from safereport.risk.tests.test_sets import LICENSED


@pytest.fixture
def da_case(make_report):
    return make_report(crime_type="domestic_abuse")[0]


def answers_for(questionnaire, yes=(), default="no"):
    data = {f"q-{q.id}": ("yes" if q.id in yes else default) for q in questionnaire.parsed.questions}
    return {"questionnaire": str(questionnaire.pk), "judgement": "standard", **data}


def url(report, tail=""):
    return f"/en/staff/cases/{report.reference}/risk/{tail}"


def test_the_form_offers_the_set_for_the_crime_type_and_the_others(world, as_user, da_case):
    page = as_user(world.north.advocate).get(url(da_case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Domestic abuse: risk questions" in html
    assert html.count('type="radio"') == 24 * 3 + 3
    assert "?set=hate_crime" in html and "?set=generic" in html


def test_another_set_can_be_chosen_and_an_unknown_one_is_404(world, as_user, da_case):
    advocate = as_user(world.north.advocate)
    assert "Hate crime: risk questions" in advocate.get(url(da_case) + "?set=hate_crime").content.decode()
    assert advocate.get(url(da_case) + "?set=burglary").status_code == 404


def test_a_complete_assessment_is_saved_and_shown_on_the_case(world, as_user, da_case):
    advocate = as_user(world.north.advocate)
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    response = advocate.post(url(da_case), answers_for(questionnaire, yes=["strangulation", "injury"]))
    assert response.status_code == 302
    case_page = advocate.get(response["Location"]).content.decode()
    assert "Risk assessed: High (score 2)" in case_page
    band = re.search(r'<dd id="risk-band">(.*?)</dd>', case_page).group(1)
    assert "High" in band
    assert re.search(r'<dd id="risk-score">2</dd>', case_page)
    assert "multi-agency risk assessment conference" in case_page
    assert 'id="risk-history"' in case_page and "Reassess risk" in case_page


def test_a_missing_answer_is_refused_naming_it_with_every_answer_kept(world, as_user, da_case):
    advocate = as_user(world.north.advocate)
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    data = answers_for(questionnaire, yes=["stalking"])
    del data["q-honour"]
    data["q-weapon"] = "perhaps"
    data["judgement"] = "high"
    response = advocate.post(url(da_case), data)
    assert response.status_code == 422
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "Nothing was saved" in summary
    assert summary.count("<li>") == 2
    assert "Question 10" in summary and "honour" in summary and "Question 11" in summary
    assert re.search(r'<input[^>]*name="q-stalking"[^>]*value="yes"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="q-injury"[^>]*value="no"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="judgement"[^>]*value="high"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="q-honour"[^>]*checked', html)
    assert not RiskAssessment.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.RISK_ASSESSED).exists()


def test_reassessing_keeps_history_on_the_case_and_each_assessment_opens(world, as_user, da_case):
    advocate = as_user(world.north.advocate)
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    advocate.post(url(da_case), answers_for(questionnaire, yes=["threats_to_kill"]))
    advocate.post(url(da_case), answers_for(questionnaire, default="not_known"))
    case_page = advocate.get(f"/en/staff/cases/{da_case.reference}/").content.decode()
    history = re.search(r'<table id="risk-history">.*?</table>', case_page, re.S).group(0)
    assert history.count("<tr>") == 3  # header and two assessments, the current first
    assert history.index("Standard") < history.index("High")
    first = advocate.get(url(da_case, "1/"))
    assert first.status_code == 200
    html = first.content.decode()
    assert "Risk assessment 1" in html and "Has the person harming them threatened to kill" in html
    answers = re.search(r'<table id="risk-answers">.*?</table>', html, re.S).group(0)
    assert answers.count("<td>Yes</td>") == 1 and answers.count("<td>No</td>") == 23
    assert AuditEntry.objects.filter(action=AuditAction.RISK_ASSESSMENT_READ, target=da_case.reference).count() == 1
    assert advocate.get(url(da_case, "3/")).status_code == 404


def test_an_organisations_own_set_is_offered_and_used(world, as_user, da_case):
    own, _ = load_questionnaire(world.north.org, LICENSED, actor="operator")
    advocate = as_user(world.north.advocate)
    assert "Our licensed checklist" in advocate.get(url(da_case)).content.decode()
    assert advocate.post(url(da_case), answers_for(own, yes=["first"])).status_code == 302
    assert RiskAssessment.objects.get().questionnaire == own


def test_another_organisations_case_or_questionnaire_is_404(world, as_user, make_report, da_case):
    south_case = make_report(crime_type="domestic_abuse", area="south")[0]
    south = as_user(world.south.advocate)
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    north = as_user(world.north.advocate)
    assert north.post(url(da_case), answers_for(questionnaire)).status_code == 302
    assert south.get(url(da_case)).status_code == 404
    assert south.post(url(da_case), answers_for(questionnaire)).status_code == 404
    assert south.get(url(da_case, "1/")).status_code == 404
    # A questionnaire North loaded cannot be used for South's case, nor can a made-up one.
    own, _ = load_questionnaire(world.north.org, LICENSED, actor="operator")
    assert south.post(url(south_case), answers_for(own)).status_code == 404
    assert south.post(url(south_case), answers_for(own) | {"questionnaire": "not-a-uuid"}).status_code == 404
    assert RiskAssessment.objects.count() == 1


def test_a_police_liaison_never_reaches_risk(world, as_user, da_case):
    liaison = as_user(world.police.police_liaison)
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    assert liaison.get(url(da_case)).status_code == 404
    assert liaison.post(url(da_case), answers_for(questionnaire)).status_code == 404
    assert liaison.get(url(da_case, "1/")).status_code == 404


def test_signed_out_is_sent_to_sign_in(da_case):
    assert Client().get(url(da_case))["Location"].endswith("/staff/sign-in/")


def test_the_queue_shows_the_band_puts_high_first_and_filters(world, as_user, make_report):
    questionnaire = current_sets(world.north.org.pk)["domestic_abuse"]
    high, plain = make_report(crime_type="domestic_abuse")[0], make_report(crime_type="domestic_abuse")[0]
    advocate = as_user(world.north.advocate)
    advocate.post(url(high), answers_for(questionnaire, yes=["honour"]))
    queue = advocate.get("/en/staff/").content.decode()
    assert queue.index(high.reference) < queue.index(plain.reference)  # older, but high risk
    assert re.search(rf"{high.reference}</a></td>\s*<td><strong class=\"risk risk-high\">High</strong> · 1</td>", queue)
    filtered = advocate.get("/en/staff/?risk=high").content.decode()
    assert high.reference in filtered and plain.reference not in filtered
    unassessed = advocate.get("/en/staff/?risk=none").content.decode()
    assert plain.reference in unassessed and high.reference not in unassessed
    refused = advocate.get("/en/staff/?risk=severe&crime_type=assault")
    assert refused.status_code == 400  # as every bad queue filter: named, the rest of the filters kept
    assert 'id="id_risk_error"' in refused.content.decode()
    assert re.search(r'value="assault"[^>]*checked', refused.content.decode())
