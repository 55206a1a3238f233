"""What the public API refuses in a body: odd text, unlisted codes, non-JSON, duplicate keys, non-boolean consent."""

import json
import re

import pytest
from django.conf import settings
from django.core.validators import validate_email
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.intake import actions
from safereport.intake.languages import REPORT_LANGUAGES
from safereport.intake.models import Consent, CrimeType, Report
from safereport.intake.submission import Submission
from safereport.web.reporter.api_input import EMAIL_PATTERN
from safereport.web.reporter.tests.test_api import API, GOOD, assert_json_error, auth, post_json, stored_counts

# Where each text field sits in a report body, and how the error must name it.
TEXT_FIELDS = {
    "narrative": lambda v: {**GOOD, "narrative": v},
    "area": lambda v: {**GOOD, "area": v},
    "interpreter_language": lambda v: {**GOOD, "wants": ["interpreter"], "interpreter_language": v},
    "contact.name": lambda v: {**GOOD, "contact": {"name": v}},
    "contact.phone": lambda v: {**GOOD, "contact": {"phone": v}},
    "contact.email": lambda v: {**GOOD, "contact": {"email": v}},
}
# NUL, bell, escape (terminal control), DEL, C1 NEL and CSI.
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]


def raw_post(client, path, raw: str, content_type="application/json", **headers):
    return client.generic("POST", f"{API}{path}", raw.encode("utf-8"), content_type=content_type, headers=headers)


# --- item 16: text fields take text ---


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_lone_surrogate_in_any_text_field_is_a_json_422_naming_it_and_stores_nothing(world, client, field):
    before = stored_counts()
    # json.dumps writes the lone surrogate as the escape \ud800, exactly as a client would send it.
    response = raw_post(client, "/reports", json.dumps(TEXT_FIELDS[field]("near \ud800 the station")))
    error = assert_json_error(response, 422)
    assert "broken character" in error["fields"][field]
    assert stored_counts() == before


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_control_character_in_any_text_field_is_a_json_422_naming_it_and_stores_nothing(world, client, field, char):
    before = stored_counts()
    error = assert_json_error(post_json(client, "/reports", TEXT_FIELDS[field](f"near{char}07700900123")), 422)
    assert field in error["fields"], error
    assert stored_counts() == before


@pytest.mark.parametrize("field", ["area", "interpreter_language", "contact.name"])
def test_a_line_break_in_a_one_line_field_is_refused(world, client, field):
    error = assert_json_error(post_json(client, "/reports", TEXT_FIELDS[field]("first\nsecond")), 422)
    assert field in error["fields"]


def test_line_breaks_and_tabs_in_the_narrative_are_kept(world, client):
    narrative = "He came at night.\r\n\tHe broke the door.\nI hid."
    response = post_json(client, "/reports", {**GOOD, "narrative": narrative})
    assert response.status_code == 201
    access = actions.open_with_codename(response.json()["codename"])
    assert access.cipher.open("narrative", access.report.narrative_sealed) == narrative


@pytest.mark.parametrize("body", ["hello\x00", "hello\x1b[2J", "half \ud83d of an emoji"])
def test_message_with_a_control_character_or_lone_surrogate_is_a_json_422_and_stores_nothing(world, client, body):
    codename = post_json(client, "/reports", GOOD).json()["codename"]
    before = stored_counts()
    error = assert_json_error(raw_post(client, "/me/messages", json.dumps({"body": body}), **auth(codename)), 422)
    assert "body" in error["fields"]
    assert stored_counts() == before


@pytest.mark.parametrize("code", ["ti-ER", "ti-er", "ar-SY", "pt-BR", "zh-hant", "EN", " en", "en\x00", "xx", "", "english"])
def test_language_takes_only_a_code_from_the_closed_list(world, client, code):
    before = stored_counts()
    error = assert_json_error(post_json(client, "/reports", {**GOOD, "language": code}), 422)
    assert "language" in error["fields"]
    assert stored_counts() == before


def test_every_listed_language_is_accepted_and_stored_as_given(world):
    for code in REPORT_LANGUAGES:
        report, _codename = actions.submit_report(Submission(crime_type="theft", narrative="x", language=code))
        assert Report.objects.get(pk=report.pk).language == code


def test_the_list_keeps_every_language_the_web_form_and_demo_data_use_and_names_no_region():
    from safereport.management.commands.seed_demo import REPORTS

    assert {code for code, _name in settings.LANGUAGES} <= set(REPORT_LANGUAGES)
    assert {submission.language for submission in REPORTS} <= set(REPORT_LANGUAGES)
    assert {"ti", "am", "so", "ps", "prs", "ku", "ar", "fa", "ur", "pl", "ro", "pt", "sq", "vi", "zh"} <= set(REPORT_LANGUAGES)
    assert not [code for code in REPORT_LANGUAGES if "-" in code or "_" in code or code != code.lower()]


def test_the_threat_model_lists_exactly_the_languages_a_report_may_take():
    from pathlib import Path

    text = (Path(settings.BASE_DIR).parent / "docs" / "threat-model.md").read_text(encoding="utf-8")
    listed = re.search(
        r"people with insecure status that Django lacks, and the interface's languages [^)]*\):\n(.*?)\. No region", text, re.S
    ).group(1)
    assert [code.strip() for code in listed.replace("\n", " ").split(",")] == list(REPORT_LANGUAGES)


def test_region_subtags_stored_before_are_cut_to_the_language(make_report):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("safereport.intake.migrations.0007_language_base_codes")
    tigrinya, _c = make_report(language="ti")
    english, _c = make_report(language="en")
    Report.objects.filter(pk=tigrinya.pk).update(language="ti-er")
    Consent.objects.filter(report=tigrinya).update(wording_language="ti-er")
    migration.cut_to_base_language(apps, None)
    assert Report.objects.get(pk=tigrinya.pk).language == "ti" and Report.objects.get(pk=english.pk).language == "en"
    assert set(Consent.objects.filter(report=tigrinya).values_list("wording_language", flat=True)) == {"ti"}


# A NUL anywhere (a value, a key, a list item) is refused with a JSON answer, never a server error:
# PostgreSQL refuses NUL in text, so one reaching a query would be a 500 there.
NUL_BODIES = [
    {**GOOD, "crime_type": "assault\x00"},
    {**GOOD, "language": "\x00"},
    {**GOOD, "wants": ["advocate\x00"]},
    {**GOOD, "occurred_on": "2026-01-01\x00"},
    {**GOOD, "consent": {"police\x00": {"share_contact": True}}},
    {**GOOD, "contact": {"name\x00": "Sami"}},
    {**GOOD, "\x00": "x"},
    {**GOOD, "narrative": "\x00"},
]


@pytest.mark.parametrize("body", NUL_BODIES, ids=range(len(NUL_BODIES)))
def test_a_nul_anywhere_in_a_report_is_a_json_422_and_stores_nothing(world, client, body):
    before = stored_counts()
    assert_json_error(post_json(client, "/reports", body), 422)
    assert stored_counts() == before


def test_a_nul_in_the_codename_header_is_a_json_401(world, client):
    assert_json_error(client.get(f"{API}/me", headers={"Authorization": "Codename word\x00word"}), 401)


# --- item 23: JSON only, each key once, consent as booleans ---


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/jsonp",
        "text/json",
        "application/json; charset=utf-16",
    ],
)
def test_a_report_not_declared_as_json_is_a_json_415_and_stores_nothing(world, client, content_type):
    before = stored_counts()
    body = assert_json_error(raw_post(client, "/reports", json.dumps(GOOD), content_type=content_type), 415)
    assert body["error"] == "unsupported_media_type"
    assert stored_counts() == before


def test_a_message_not_declared_as_json_is_a_json_415_and_stores_nothing(world, client):
    codename = post_json(client, "/reports", GOOD).json()["codename"]
    before = stored_counts()
    assert_json_error(raw_post(client, "/me/messages", '{"body": "hi"}', content_type="text/plain", **auth(codename)), 415)
    assert stored_counts() == before


def test_json_with_a_charset_utf8_parameter_is_accepted(world, client):
    response = raw_post(client, "/reports", json.dumps(GOOD), content_type="application/json; charset=UTF-8")
    assert response.status_code == 201


DUPLICATES = [
    ('{"crime_type": "assault", "narrative": "x", "language": "en", "language": "ti"}', "language"),
    (
        '{"crime_type": "assault", "narrative": "x", "language": "en", '
        '"consent": {"police": {"share_contact": false, "share_contact": true}}}',
        "share_contact",
    ),
    ('{"crime_type": "assault", "narrative": "x", "language": "en", "contact": {"name": "A", "name": "B"}}', "name"),
]


@pytest.mark.parametrize("raw, key", DUPLICATES, ids=[key for _raw, key in DUPLICATES])
def test_a_key_given_twice_is_a_json_422_naming_it_and_stores_nothing(world, client, raw, key):
    before = stored_counts()
    error = assert_json_error(raw_post(client, "/reports", raw), 422)
    assert key in error["fields"]
    assert stored_counts() == before


def test_a_key_given_twice_in_a_message_is_refused(world, client):
    codename = post_json(client, "/reports", GOOD).json()["codename"]
    assert_json_error(raw_post(client, "/me/messages", '{"body": "a", "body": "b"}', **auth(codename)), 422)


@pytest.mark.parametrize("flag", ["yes", "true", 1, 0, "1", None, [], {}])
@pytest.mark.parametrize("choice", ["share_contact", "share_narrative"])
def test_consent_flags_take_only_json_booleans(world, client, choice, flag):
    before = stored_counts()
    error = assert_json_error(post_json(client, "/reports", {**GOOD, "consent": {"police": {choice: flag}}}), 422)
    assert f"consent.police.{choice}" in error["fields"]
    assert stored_counts() == before


@pytest.mark.parametrize(
    "raw",
    [
        '{"crime_type": "assault", "narrative": "x", "language": "en", "occurred_on": NaN}',
        '{"crime_type": "assault", "narrative": "x", "language": "en", "x": Infinity}',
    ],
)
def test_nan_and_infinity_are_malformed_json(world, client, raw):
    assert assert_json_error(raw_post(client, "/reports", raw), 400)["error"] == "malformed"


def test_a_body_in_utf16_is_malformed_even_if_json_would_guess_it(world, client):
    response = client.generic("POST", f"{API}/reports", json.dumps(GOOD).encode("utf-16"), content_type="application/json")
    assert assert_json_error(response, 400)["error"] == "malformed"


@pytest.mark.parametrize("value", [0, 1700000000, "2026-01-01T00:00:00", "20260101", True])
def test_occurred_on_takes_only_a_yyyy_mm_dd_string(world, client, value):
    error = assert_json_error(post_json(client, "/reports", {**GOOD, "occurred_on": value}), 422)
    assert "occurred_on" in error["fields"]


# --- item 25: the schema states the rules the server enforces ---


def _openapi(client):
    return json.loads(client.get(f"{API}/openapi.json").content)


def _property(document, model, name):
    schema = document["components"]["schemas"][model]["properties"][name]
    return next((branch for branch in schema.get("anyOf", []) if branch.get("type") == "string"), schema)


def test_openapi_states_the_enums_and_lengths_the_server_enforces(client, db):
    document = _openapi(client)
    assert _property(document, "ReportIn", "crime_type")["enum"] == [code for code, _label in CrimeType.choices]
    assert _property(document, "ReportIn", "language")["enum"] == list(REPORT_LANGUAGES)
    assert _property(document, "ReportIn", "narrative")["maxLength"] == settings.NARRATIVE_MAX_CHARS
    assert _property(document, "MessageIn", "body")["maxLength"] == settings.MESSAGE_MAX_CHARS
    assert _property(document, "ReportIn", "interpreter_language")["maxLength"] == 40
    for name in ("area", "interpreter_language"):
        assert _property(document, "ReportIn", name)["pattern"]
    for name in ("name", "phone", "email"):
        assert _property(document, "ContactIn", name)["maxLength"] == 200
        assert _property(document, "ContactIn", name)["pattern"]
    for flag in ("share_contact", "share_narrative"):
        assert _property(document, "ConsentChoice", flag)["type"] == "boolean"


def test_openapi_documents_the_answers_to_a_bad_body(client, db):
    paths = _openapi(client)["paths"]
    for path in (f"{API}/reports", f"{API}/me/messages"):
        responses = paths[path]["post"]["responses"]
        assert {"400", "413", "415", "422"} <= set(responses), path
        assert "JSON" in responses["400"]["description"] and "application/json" in responses["415"]["description"]
        assert list(paths[path]["post"]["requestBody"]["content"]) == ["application/json"]


@hypothesis_settings(max_examples=200)
@given(st.from_regex(EMAIL_PATTERN, fullmatch=True).filter(lambda address: len(address) <= 200))
def test_every_address_the_published_email_pattern_allows_is_one_the_server_accepts(address):
    validate_email(address)
