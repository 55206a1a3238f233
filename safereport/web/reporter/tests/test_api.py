"""The public JSON API: every endpoint, each bad input, and nothing stored when the input is bad."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport import coarse_time
from safereport.audit.models import AuditEntry
from safereport.cases.actions import open_case
from safereport.intake import actions
from safereport.intake.actions import erase_due
from safereport.intake.models import Consent, CrimeType, Message, Report
from safereport.intake.tests.test_actions import dump_database
from safereport.intake.throttle import PER_CLIENT
from safereport.vault import records
from safereport.vault.models import DataKey

API = "/api/v1"
GOOD = {"crime_type": "assault", "narrative": "He hit me outside the launderette.", "language": "en"}
# Two days ahead, not one: computed at import, it must still be in the future if the run crosses midnight.
TOMORROW = (timezone.localdate() + timedelta(days=2)).isoformat()


def stored_counts():
    return tuple(m.objects.count() for m in (Report, Message, Consent, DataKey, AuditEntry))


def post_json(client, path, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(f"{API}{path}", data=data, content_type="application/json", headers=headers)


def auth(codename):
    return {"Authorization": f"Codename {codename}"}


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"]
    assert isinstance(body.get("message"), str) and body["message"]
    return body


@pytest.fixture
def reported(world, client):
    """A report made through the API: (reference, codename)."""
    response = post_json(client, "/reports", GOOD)
    assert response.status_code == 201
    return response.json()["reference"], response.json()["codename"]


# GET /crime-types


def test_crime_types_lists_every_configured_type(client, db):
    response = client.get(f"{API}/crime-types")
    assert response.status_code == 200
    assert response.json() == [{"code": code, "label": str(label)} for code, label in CrimeType.choices]


# POST /reports


def test_report_is_created_with_reference_and_codename(world, client):
    body = {
        **GOOD,
        "occurred_on": timezone.localdate().isoformat(),
        "area": "south",
        "wants": ["advocate", "interpreter"],
        "interpreter_language": "Amharic",
        "contact": {"name": "Sami", "phone": "+44 7700 900111", "email": "sami@example.org"},
        "consent": {"police": {"share_contact": True, "share_narrative": True}},
    }
    response = post_json(client, "/reports", body)
    assert response.status_code == 201
    created = response.json()
    assert set(created) == {"reference", "codename"} and len(created["codename"].split("-")) == 7
    report = Report.objects.get(reference=created["reference"])
    assert report.organisation == world.south.org and report.wants_interpreter
    assert open_case(report, world.south.unlocked, world.south.advocate).interpreter_language == "Amharic"
    access = actions.open_with_codename(created["codename"])
    assert access.report.pk == report.pk
    assert access.cipher.open("narrative", report.narrative_sealed) == GOOD["narrative"]
    consent = actions.current_consent(report, "police")
    assert consent.share_contact and consent.share_narrative


def test_minimal_report_is_created(world, client):
    response = post_json(client, "/reports", GOOD)
    assert response.status_code == 201
    assert actions.current_consent(Report.objects.get(reference=response.json()["reference"]), "police").share_contact is False


@pytest.mark.parametrize("raw", ["{not json", '{"crime_type": "assault",', "", "\xff\xfe", "null"])
def test_invalid_json_is_a_clear_json_error_and_stores_nothing(world, client, raw):
    before = stored_counts()
    response = post_json(client, "/reports", raw)
    assert response.status_code in (400, 422)
    assert_json_error(response, response.status_code)
    assert stored_counts() == before


def test_form_encoded_body_is_refused_as_json_error(world, client):
    before = stored_counts()
    response = client.post(f"{API}/reports", GOOD)  # multipart, not JSON
    assert response.status_code in (400, 415, 422)
    assert_json_error(response, response.status_code)
    assert stored_counts() == before


BAD_REPORTS = [
    # (description, body, status, field the error must name)
    ("not an object", [GOOD], 422, None),
    ("missing narrative", {"crime_type": "assault", "language": "en"}, 422, "narrative"),
    ("missing crime_type", {"narrative": "x", "language": "en"}, 422, "crime_type"),
    ("crime_type is a number", {**GOOD, "crime_type": 5}, 422, "crime_type"),
    ("narrative is a list", {**GOOD, "narrative": ["a", "b"]}, 422, "narrative"),
    ("wants is a string", {**GOOD, "wants": "advocate"}, 422, "wants"),
    ("occurred_on is not a date", {**GOOD, "occurred_on": "last tuesday"}, 422, "occurred_on"),
    ("contact is a string", {**GOOD, "contact": "call me"}, 422, "contact"),
    ("consent flag is not a bool", {**GOOD, "consent": {"police": {"share_contact": "perhaps"}}}, 422, "consent"),
    ("unknown top-level field", {**GOOD, "nationality": "x"}, 422, "nationality"),
    ("unknown contact field", {**GOOD, "contact": {"address": "1 High St"}}, 422, "contact"),
    ("unknown consent choice", {**GOOD, "consent": {"police": {"share_everything": True}}}, 422, "consent"),
    ("unknown consent recipient", {**GOOD, "consent": {"immigration_enforcement": {"share_contact": True}}}, 422, "consent"),
    ("unknown crime_type", {**GOOD, "crime_type": "jaywalking"}, 422, "crime_type"),
    ("unknown language", {**GOOD, "language": "zz"}, 422, "language"),
    ("language is not a code", {**GOOD, "language": "English please"}, 422, "language"),
    ("area too long", {**GOOD, "area": "a" * 201}, 422, "area"),
    ("future date", {**GOOD, "occurred_on": TOMORROW}, 422, "occurred_on"),
    ("bad email", {**GOOD, "contact": {"email": "not-an-email"}}, 422, "contact.email"),
    ("bad phone", {**GOOD, "contact": {"phone": "ring ring"}}, 422, "contact.phone"),
    ("contact too long", {**GOOD, "contact": {"name": "n" * 201}}, 422, "contact"),
    ("unknown wants", {**GOOD, "wants": ["advocate", "a lawyer"]}, 422, "wants"),
    ("interpreter language too long", {**GOOD, "interpreter_language": "x" * 41}, 422, "interpreter_language"),
    ("narrative empty", {**GOOD, "narrative": ""}, 422, "narrative"),
    ("narrative blank", {**GOOD, "narrative": "   \n  "}, 422, "narrative"),
    ("narrative with control characters", {**GOOD, "narrative": "a\x00b"}, 422, "narrative"),
    ("narrative too long", {**GOOD, "narrative": "x" * (settings.NARRATIVE_MAX_CHARS + 1)}, 422, "narrative"),
]


@pytest.mark.parametrize("description, body, status, field", BAD_REPORTS, ids=[b[0] for b in BAD_REPORTS])
def test_bad_report_gets_a_json_error_naming_the_field_and_stores_nothing(world, client, description, body, status, field):
    before = stored_counts()
    response = post_json(client, "/reports", body)
    error = assert_json_error(response, status)
    if field is not None:
        named = " ".join(error.get("fields", {}))
        assert field in named, error
    assert stored_counts() == before


def test_body_over_the_upload_limit_is_413_and_stores_nothing(world, client):
    before = stored_counts()
    body = json.dumps({**GOOD, "narrative": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = post_json(client, "/reports", body)
    assert_json_error(response, 413)
    assert stored_counts() == before


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    junk=st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda k: k not in GOOD),
        st.integers() | st.text(max_size=20),
        min_size=1,
        max_size=3,
    )
)
def test_any_unknown_field_is_refused(world, client, junk):
    before = stored_counts()
    response = post_json(client, "/reports", {**GOOD, **junk})
    assert_json_error(response, 422)
    assert stored_counts() == before


# GET /me


def test_me_shows_status_and_both_sides_of_the_thread(world, client, reported):
    reference, codename = reported
    report = Report.objects.get(reference=reference)
    assert post_json(client, "/me/messages", {"body": "hello?"}, **auth(codename)).status_code == 201
    key = records.open_with_organisation(report.data_key_id, world.north.unlocked)
    actions.add_message(report, key, "We are here to help.", sender="advocate")
    response = client.get(f"{API}/me", headers=auth(codename))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == reference and body["status"] == "new"
    assert [sorted(m) for m in body["messages"]] == [["body", "from", "sent_at"]] * 2, body["messages"]
    assert [(m["from"], m["body"]) for m in body["messages"]] == [("reporter", "hello?"), ("advocate", "We are here to help.")]
    assert all(m["sent_at"] for m in body["messages"])


def test_codename_is_accepted_with_spaces_and_any_case(world, client, reported):
    _reference, codename = reported
    assert client.get(f"{API}/me", headers=auth(codename.replace("-", " ").upper())).status_code == 200


@pytest.mark.parametrize(
    "header", [None, "", "Codename", "Codename    ", "Bearer abc", "Basic dXNlcjpwYXNz", "garbage", "Codename \x7f\x7f"]
)
def test_missing_or_garbage_authorization_is_401(world, client, reported, header):
    headers = {} if header is None else {"Authorization": header}
    before = stored_counts()
    for method in ("get", "delete"):
        response = getattr(client, method)(f"{API}/me", headers=headers)
        assert_json_error(response, 401)
        assert response["WWW-Authenticate"] == "Codename"
    assert_json_error(post_json(client, "/me/messages", {"body": "hi"}, **headers), 401)
    assert stored_counts() == before


def _carry_out_erasure(reference: str) -> None:
    """The cooling-off period over: the due day is today, and the daily job runs."""
    Report.objects.filter(reference=reference).update(erasure_due_on=coarse_time.today().date())
    assert erase_due() == [reference]


def test_unknown_and_erased_codenames_get_the_same_401(world, client, reported):
    reference, codename = reported
    assert client.delete(f"{API}/me", headers=auth(codename)).status_code == 202
    _carry_out_erasure(reference)
    erased = client.get(f"{API}/me", headers=auth(codename))
    unknown = client.get(f"{API}/me", headers=auth("-".join(["abacus"] * 7)))
    assert_json_error(erased, 401)
    assert erased.status_code == unknown.status_code
    assert erased.content == unknown.content
    assert {k: v for k, v in erased.items() if k != "Date"} == {k: v for k, v in unknown.items() if k != "Date"}


def test_past_the_limit_wrong_codenames_are_429_and_the_right_one_still_opens_the_report(world, client, reported):
    """Whoever shares the reporter's address (an abuser on the home Wi-Fi) cannot keep them out by guessing."""
    _reference, codename = reported
    for _ in range(PER_CLIENT):
        assert client.get(f"{API}/me", headers=auth("wrong words here")).status_code == 401
    blocked = client.get(f"{API}/me", headers=auth("wrong words here"))
    body = assert_json_error(blocked, 429)
    assert body["error"] == "too_many_attempts" and int(blocked["Retry-After"]) > 0
    before = stored_counts()
    assert_json_error(post_json(client, "/me/messages", {"body": "hi"}, **auth("wrong words here")), 429)
    assert_json_error(client.delete(f"{API}/me", headers=auth("wrong words here")), 429)
    assert stored_counts() == before
    assert client.get(f"{API}/me", headers=auth(codename)).status_code == 200
    assert post_json(client, "/me/messages", {"body": "hi"}, **auth(codename)).status_code == 201


def test_other_clients_are_not_blocked_by_one_guesser(world, client, reported):
    _reference, codename = reported
    for _ in range(PER_CLIENT + 1):
        client.get(f"{API}/me", headers=auth("wrong words here"), REMOTE_ADDR="203.0.113.9")
    assert client.get(f"{API}/me", headers=auth(codename), REMOTE_ADDR="203.0.113.10").status_code == 200


# POST /me/messages


def test_message_is_sent_and_stored_sealed(world, client, reported):
    reference, codename = reported
    response = post_json(client, "/me/messages", {"body": "  Please call after six.  "}, **auth(codename))
    assert response.status_code == 201 and response.json()["sent_at"]
    message = Message.objects.get(report__reference=reference)
    assert message.sender == "reporter" and b"Please call" not in bytes(message.body_sealed)
    thread = actions.message_thread(message.report, actions.open_with_codename(codename).key)
    assert thread[0].body == "Please call after six."


BAD_MESSAGES = [
    ("empty", {"body": ""}, 422),
    ("blank", {"body": "  \n "}, 422),
    ("missing", {}, 422),
    ("not a string", {"body": 42}, 422),
    ("unknown field", {"body": "hi", "to": "police"}, 422),
    ("not an object", ["hi"], 422),
    ("too long", {"body": "x" * (settings.MESSAGE_MAX_CHARS + 1)}, 422),
]


@pytest.mark.parametrize("description, body, status", BAD_MESSAGES, ids=[b[0] for b in BAD_MESSAGES])
def test_bad_message_gets_a_json_error_and_stores_nothing(world, client, reported, description, body, status):
    _reference, codename = reported
    before = stored_counts()
    error = assert_json_error(post_json(client, "/me/messages", body, **auth(codename)), status)
    if isinstance(body, dict) and body:
        offending = "to" if "to" in body else "body"
        assert offending in error["fields"], error
    assert stored_counts() == before


def test_invalid_json_message_is_a_json_error_and_stores_nothing(world, client, reported):
    _reference, codename = reported
    before = stored_counts()
    response = post_json(client, "/me/messages", "{oops", **auth(codename))
    assert_json_error(response, response.status_code)
    assert response.status_code in (400, 422)
    assert stored_counts() == before


def test_message_at_exactly_the_limit_is_accepted(world, client, reported):
    _reference, codename = reported
    response = post_json(client, "/me/messages", {"body": "x" * settings.MESSAGE_MAX_CHARS}, **auth(codename))
    assert response.status_code == 201


# DELETE /me


def test_api_delete_answers_202_with_the_due_day(world, client, reported):
    reference, codename = reported
    today = coarse_time.today().date()
    with override_settings(SAFEREPORT_ERASURE_COOLING_OFF_DAYS=7):
        response = client.delete(f"{API}/me", headers=auth(codename))
    assert response.status_code == 202
    body = response.json()
    due = (today + timedelta(days=7)).isoformat()
    assert body["erasure_due_on"] == due and body["erasure_requested_on"] == today.isoformat()
    assert due in body["message"]
    # Nothing is erased yet: the codename keeps working and says the erasure is pending.
    me = client.get(f"{API}/me", headers=auth(codename))
    assert me.status_code == 200 and me.json()["erasure_due_on"] == due
    assert Report.objects.filter(reference=reference).exists()
    # Asking again keeps the first day.
    assert client.delete(f"{API}/me", headers=auth(codename)).json()["erasure_due_on"] == due


def test_api_says_when_a_caseworker_cancelled_the_erasure(world, client, reported):
    reference, codename = reported
    assert client.delete(f"{API}/me", headers=auth(codename)).status_code == 202
    assert client.get(f"{API}/me", headers=auth(codename)).json()["erasure_cancelled_by_staff_on"] is None
    actions.cancel_erasure(Report.objects.get(reference=reference), world.north.advocate, spoke_with_reporter=True)
    me = client.get(f"{API}/me", headers=auth(codename)).json()
    assert me["erasure_due_on"] is None and me["erasure_cancelled_by_staff_on"] == coarse_time.today().date().isoformat()


def test_api_cancels_a_pending_erasure_and_refuses_when_none_is_pending(world, client, reported):
    reference, codename = reported
    assert client.delete(f"{API}/me", headers=auth(codename)).status_code == 202
    cancelled = client.delete(f"{API}/me/erasure", headers=auth(codename))
    assert cancelled.status_code == 204 and cancelled.content == b""
    assert Report.objects.get(reference=reference).erasure_due_on is None
    assert client.get(f"{API}/me", headers=auth(codename)).json()["erasure_due_on"] is None
    again = client.delete(f"{API}/me/erasure", headers=auth(codename))
    assert_json_error(again, 409)
    assert again.json()["error"] == "no_erasure_pending"
    assert_json_error(client.delete(f"{API}/me/erasure", headers=auth("-".join(["abacus"] * 7))), 401)


def test_delete_then_erase_due_erases_and_the_codename_then_answers_401(world, client, reported):
    reference, codename = reported
    report = Report.objects.get(reference=reference)
    data_key_id = report.data_key_id
    assert client.delete(f"{API}/me", headers=auth(codename)).status_code == 202
    _carry_out_erasure(reference)
    assert not Report.objects.filter(reference=reference).exists()
    assert not DataKey.objects.filter(pk=data_key_id).exists()
    assert_json_error(client.get(f"{API}/me", headers=auth(codename)), 401)
    assert_json_error(client.delete(f"{API}/me", headers=auth(codename)), 401)
    assert_json_error(client.delete(f"{API}/me/erasure", headers=auth(codename)), 401)
    assert_json_error(post_json(client, "/me/messages", {"body": "hi"}, **auth(codename)), 401)


def test_from_the_due_day_the_codename_answers_401_before_the_job_has_run(world, client, reported):
    reference, codename = reported
    assert client.delete(f"{API}/me", headers=auth(codename)).status_code == 202
    Report.objects.filter(reference=reference).update(erasure_due_on=coarse_time.today().date())
    assert_json_error(client.get(f"{API}/me", headers=auth(codename)), 401)
    assert_json_error(client.delete(f"{API}/me/erasure", headers=auth(codename)), 401)


# OpenAPI


def test_openapi_document_lists_every_operation_with_its_errors(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    operations = {
        (path, method) for path, item in paths.items() for method in item if method in ("get", "post", "put", "patch", "delete")
    }
    assert operations == {
        (f"{API}/crime-types", "get"),
        (f"{API}/reports", "post"),
        (f"{API}/me", "get"),
        (f"{API}/me/messages", "post"),
        (f"{API}/me", "delete"),
        (f"{API}/me/erasure", "delete"),
        (f"{API}/me/evidence", "post"),
        (f"{API}/me/evidence", "get"),
        (f"{API}/me/evidence/{{file_id}}", "delete"),
        (f"{API}/me/evidence/{{file_id}}/police", "put"),
        (f"{API}/me/evidence/{{file_id}}/keep", "post"),
    }
    expected_errors = {
        (f"{API}/reports", "post"): {"413", "422"},
        (f"{API}/me", "get"): {"401", "429"},
        (f"{API}/me/messages", "post"): {"401", "413", "422", "429"},
        (f"{API}/me", "delete"): {"401", "429"},
        (f"{API}/me/erasure", "delete"): {"401", "409", "429"},
        (f"{API}/me/evidence", "post"): {"400", "401", "413", "415", "422", "429"},
        (f"{API}/me/evidence", "get"): {"401", "429"},
        (f"{API}/me/evidence/{{file_id}}", "delete"): {"401", "404", "409", "429"},
        (f"{API}/me/evidence/{{file_id}}/police", "put"): {"400", "401", "404", "413", "415", "422", "429"},
        (f"{API}/me/evidence/{{file_id}}/keep", "post"): {"401", "404", "429"},
    }
    for (path, method), codes in expected_errors.items():
        declared = set(paths[path][method]["responses"])
        assert codes <= declared, (path, method, declared)
    assert "201" in paths[f"{API}/reports"]["post"]["responses"] and "202" in paths[f"{API}/me"]["delete"]["responses"]
    assert "204" in paths[f"{API}/me/erasure"]["delete"]["responses"]
    assert "202" in paths[f"{API}/me/evidence/{{file_id}}"]["delete"]["responses"]
    for path, method in (
        (f"{API}/me", "get"),
        (f"{API}/me/messages", "post"),
        (f"{API}/me", "delete"),
        (f"{API}/me/erasure", "delete"),
    ):
        assert paths[path][method].get("security"), (path, method)


# No tracking


def test_responses_never_carry_the_client_ip(world, client):
    ip, forwarded = "203.0.113.77", "198.51.100.23"
    extra = {"REMOTE_ADDR": ip, "HTTP_X_FORWARDED_FOR": forwarded, "HTTP_X_REAL_IP": forwarded}
    created = client.post(f"{API}/reports", data=json.dumps(GOOD), content_type="application/json", **extra)
    codename = created.json()["codename"]
    responses = [
        created,
        client.get(f"{API}/crime-types", **extra),
        client.get(f"{API}/me", headers=auth(codename), **extra),
        client.post(
            f"{API}/me/messages",
            data=json.dumps({"body": "hi"}),
            content_type="application/json",
            headers=auth(codename),
            **extra,
        ),
        client.get(f"{API}/me", headers=auth("wrong"), **extra),
        client.post(f"{API}/reports", data="{bad", content_type="application/json", **extra),
        client.post(f"{API}/reports", data=json.dumps({**GOOD, "crime_type": "x"}), content_type="application/json", **extra),
        client.get(f"{API}/openapi.json", **extra),
        client.delete(f"{API}/me", headers=auth(codename), **extra),
    ]
    for response in responses:
        text = response.content.decode("utf-8", "replace") + "\n".join(f"{k}: {v}" for k, v in response.items())
        assert ip not in text and forwarded not in text
    # Nor is it kept anywhere.
    for _table, _column, value in dump_database():
        assert ip not in str(value) and forwarded not in str(value)
