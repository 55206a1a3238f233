"""The reporter's safe-contact and who-is-reporting answers, from the web form and the public API."""

import json

import pytest

from safereport.intake import safe_contact
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.records import RecordCipher
from safereport.web.reporter.tests.report_form_walk import ReportForm, codename_shown

API = "/api/v1/reports"
BASE = {"crime_type": "hate_crime", "narrative": "They spat at me on the tram.", "language": "en", "area": "north"}


def post(client, body):
    return client.post(API, data=json.dumps(body), content_type="application/json")


def opened(report, world):
    key = records.open_with_organisation(report.data_key_id, world.north.unlocked)
    return safe_contact.opened(RecordCipher(key, report.record_id), report.safe_contact_sealed)


def test_api_takes_who_is_reporting_and_safe_contact(world, client):
    body = {**BASE, "reported_by": "witness", "safe_contact": {"call": False, "text": True, "times": "after 6pm"}}
    response = post(client, body)
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.reported_by == "witness"
    assert opened(report, world) == {"call": False, "text": True, "leave_message": None, "times": "after 6pm"}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"reported_by": "neighbour"}, "reported_by"),
        ({"safe_contact": {"call": "yes"}}, "safe_contact.call"),
        ({"safe_contact": {"text": 1}}, "safe_contact.text"),
        ({"safe_contact": {"times": "x" * 201}}, "safe_contact.times"),
        ({"safe_contact": {"times": "ok\u0007"}}, "safe_contact.times"),
        ({"safe_contact": {"when": "now"}}, "safe_contact.when"),
        ({"safe_contact": "call me"}, "safe_contact"),
    ],
)
def test_api_refuses_each_bad_answer_by_name_and_stores_nothing(world, client, extra, field):
    response = post(client, {**BASE, **extra})
    assert response.status_code == 422
    assert field in response.json()["fields"], response.json()
    assert not Report.objects.exists()


def test_openapi_document_states_the_new_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    report_in = schema["components"]["schemas"]["ReportIn"]["properties"]
    assert "safe_contact" in report_in and "reported_by" in report_in
    safe = schema["components"]["schemas"]["SafeContactIn"]
    assert set(safe["properties"]) == {"call", "text", "leave_message", "times"}
    assert safe.get("additionalProperties") is False


ANSWERS = {
    "reported_by": "third_party",
    "crime_type": "hate_crime",
    "narrative": "A man shouted at my neighbour in the lift.",
    "area": "north",
    "police_share_contact": "yes",
    "police_share_narrative": "no",
    "phone": "+44 7700 900777",
    "safe_to_call": "no",
    "safe_to_text": "yes",
    "safe_times": "Mornings only",
}


def test_web_form_stores_who_is_reporting_and_the_safe_contact_answers_sealed(world, client):
    codename_shown(ReportForm(client).send_all(ANSWERS))
    report = Report.objects.get()
    assert report.reported_by == "third_party"
    assert opened(report, world) == {"call": False, "text": True, "leave_message": None, "times": "Mornings only"}
    assert b"Mornings only" not in bytes(report.safe_contact_sealed)


def test_web_form_refuses_a_long_safe_time_on_its_own_field_and_keeps_the_rest(world, client):
    form = ReportForm(client)
    form.send("what", ANSWERS)
    form.send("wants", ANSWERS)
    page = form.send("contact", {**ANSWERS, "safe_times": "x" * 201}).content.decode()
    assert 'href="#id_safe_times"' in page and "+44 7700 900777" in page
    assert not Report.objects.exists()


def test_reporters_preview_shows_the_contact_arrangements_exactly_as_the_package_carries_them(world, client, make_report):
    from safereport.firewall.disclosure import disclose

    report, codename = make_report(
        consent={"police": {"share_contact": True, "share_narrative": True}},
        contact={"phone": "+44 7700 900888"},
        safe_contact={"call": True, "text": False, "times": "Evenings after nine"},
        wants={"interpreter"},
        interpreter_language="Farsi",
    )
    client.post("/en/return/", {"codename": codename})
    page = client.get("/en/my-report/police-preview/").content.decode()
    package = disclose(report, "police", unlocked=world.north.unlocked, actor="test", purpose="preview").package
    carried = package["contact_arrangements"]
    assert carried["safe_times"] == "Evenings after nine" and carried["interpreter_needed"] is True
    assert 'id="preview-contact"' in page and carried["safe_times"] in page
    assert "Farsi" not in str(carried) and "Farsi" not in page
    assert carried["contact_through"]["organisation"] in page
    # The other contact choice: nothing about when or how it is safe.
    without = client.get("/en/my-report/police-preview/?contact=no").content.decode()
    assert "Evenings after nine" not in without and 'id="preview-no-direct-contact"' in without


def test_reporters_preview_during_the_form_shows_the_safe_contact_answers(world, client):
    form = ReportForm(client)
    for step in ("what", "wants"):
        form.send(step, ANSWERS)
    client.post(
        "/en/report/",
        {
            "step": "contact",
            "form_token": form.token,
            "preview": "",
            **{k: ANSWERS[k] for k in ANSWERS if k not in ("reported_by", "crime_type", "narrative", "area")},
        },
    )
    page = client.get("/en/report/police-preview/").content.decode()
    assert 'id="preview-safe-times"' in page and "Mornings only" in page
