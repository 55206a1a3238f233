"""Ordinary input never breaks the report form: one validation (Submission's) for the form and the API, digits of
any script accepted, and every mistake shown on its field with everything typed kept."""

import json
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.intake import actions
from safereport.intake.models import Report
from safereport.intake.submission import Submission, SubmissionInvalid
from safereport.web.reporter.tests.report_form_walk import ReportForm, codename_shown

EARLIER = {
    "crime_type": "assault",
    "narrative": "He pushed me at the bus stop.",
    "area": "north",
    "wants": ["advocate"],
    "police_share_contact": "yes",
    "police_share_narrative": "no",
}
ASCII_PHONE = "07700 900123"
PHONES_IN_OTHER_DIGITS = {
    "Arabic-Indic": "٠٧٧٠٠ ٩٠٠١٢٣",
    "Persian": "۰۷۷۰۰ ۹۰۰۱۲۳",
    "Arabic-Indic with direction marks": "\u200f٠٧٧٠٠ ٩٠٠١٢٣\u200f",
    "full-width": "０７７００ ９００１２３",
    "Devanagari": "०७७०० ९००१२३",
}


def contact_step(client, lang="en"):
    form = ReportForm(client, lang)
    form.send("what", EARLIER)
    page = form.send("wants", EARLIER)
    assert 'name="step" value="contact"' in page.content.decode()
    return form


def field_error(page, field):
    found = re.search(rf'<p class="error" id="id_{field}_error">([^<]+)</p>', page.content.decode())
    return found and unescape(found.group(1))


def shown_value(page, field):
    found = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', page.content.decode())
    return found and unescape(found.group(1))


def stored_phone(codename):
    access = actions.open_with_codename(codename)
    return json.loads(access.cipher.open("contact", access.report.contact_sealed))["phone"]


def test_a_phone_with_words_is_shown_as_a_mistake_on_the_phone_field_with_everything_kept(world, client):
    form = contact_step(client)
    typed = {**EARLIER, "name": "Amina", "phone": "07700 900123 (evenings only)", "email": "amina@example.org"}
    page = form.send("contact", typed)
    assert page.status_code == 200 and 'name="step" value="contact"' in page.content.decode()
    assert "phone number" in field_error(page, "phone")
    assert 'class="error-summary"' in page.content.decode() and 'href="#id_phone"' in page.content.decode()
    assert (shown_value(page, "name"), shown_value(page, "phone"), shown_value(page, "email")) == (
        "Amina",
        "07700 900123 (evenings only)",
        "amina@example.org",
    )
    assert Report.objects.count() == 0
    corrected = form.send("contact", {**typed, "phone": "07700 900123"})
    assert stored_phone(codename_shown(corrected)) == ASCII_PHONE


@pytest.mark.parametrize("script", PHONES_IN_OTHER_DIGITS)
def test_a_phone_typed_in_another_scripts_digits_is_accepted_and_stored_in_ascii_digits(world, client, script):
    form = contact_step(client, "ar")
    page = form.send("contact", {**EARLIER, "phone": PHONES_IN_OTHER_DIGITS[script]})
    assert stored_phone(codename_shown(page)) == ASCII_PHONE


@pytest.mark.parametrize("name", ["Ana\x07", "Ana\x1b[2J", "Ana\x7f"])
def test_control_characters_in_the_name_are_a_mistake_on_the_name_field_not_a_500(world, client, name):
    form = contact_step(client)
    page = form.send("contact", {**EARLIER, "name": name, "phone": ASCII_PHONE})
    assert page.status_code == 200 and field_error(page, "name")
    assert shown_value(page, "phone") == ASCII_PHONE
    assert Report.objects.count() == 0


def test_control_characters_in_the_narrative_are_shown_on_the_first_step_at_once(world, client):
    page = ReportForm(client).send("what", {**EARLIER, "narrative": "He said \x07 he would come back."})
    assert 'name="step" value="what"' in page.content.decode() and field_error(page, "narrative")
    assert "He said" in unescape(page.content.decode())  # what was typed is still in the box


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=60), phone=st.text(max_size=40))
def test_no_name_or_phone_makes_the_form_answer_500(world, client, name, phone):
    form = contact_step(client)
    page = form.send("contact", {**EARLIER, "name": name, "phone": phone})
    assert page.status_code == 200
    html = page.content.decode()
    # Either the report was sent, or the contact step came back with its mistake on a field.
    assert 'id="codename"' in html or re.search(r'id="id_(name|phone)_error"', html), html[:500]


def test_the_api_takes_the_same_phone_rule(world, client):
    body = {
        "crime_type": "assault",
        "narrative": "He pushed me.",
        "language": "fa",
        "contact": {"phone": PHONES_IN_OTHER_DIGITS["Persian"]},
    }
    created = client.post("/api/v1/reports", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert stored_phone(created.json()["codename"]) == ASCII_PHONE
    refused = client.post(
        "/api/v1/reports", {**body, "contact": {"phone": "07700 900123 (evenings only)"}}, content_type="application/json"
    )
    assert refused.status_code == 422 and "contact.phone" in refused.json()["fields"]


@pytest.mark.parametrize("phone", ["call me maybe", "12", "07700 900123 (evenings only)", "٠٧٧", "+44 ++7700"])
def test_submission_refuses_what_is_not_a_phone_number(phone):
    with pytest.raises(SubmissionInvalid) as invalid:
        Submission(crime_type="assault", narrative="x", language="en", contact={"phone": phone}).validate()
    assert invalid.value.errors["contact.phone"]
