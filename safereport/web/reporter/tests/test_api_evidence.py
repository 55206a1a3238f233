"""The API's evidence endpoints: each one's allowed path, each bad input, and nothing stored on a refusal."""

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart
from PIL import Image

from safereport import coarse_time
from safereport.audit.models import AuditEntry
from safereport.evidence import actions as evidence_actions
from safereport.evidence import uploads
from safereport.evidence.models import EvidenceFile
from safereport.evidence.tests import samples
from safereport.firewall.models import ReferralFile
from safereport.firewall.referrals import refer_to_police
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report
from safereport.web.reporter import api_evidence

API = "/api/v1"
FILES = f"{API}/me/evidence"
CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}


def auth(codename):
    return {"Authorization": f"Codename {codename}"}


def upload(client, codename, content, name="photo.jpg", content_type="image/jpeg", **headers):
    if codename is not None:
        headers.update(auth(codename))
    return client.post(FILES, {"file": SimpleUploadedFile(name, content, content_type=content_type)}, headers=headers)


def put_json(client, codename, file_id, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.put(f"{FILES}/{file_id}/police", data=data, content_type="application/json", headers=auth(codename))


def stored_files(location):
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def nothing_stored(location):
    return not EvidenceFile.objects.exists() and stored_files(location) == []


def refused(response, status, error):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json") and "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["error"] == error and isinstance(body["message"], str) and body["message"]
    return body


@pytest.fixture
def mine(make_report):
    """A report of North's and its codename: (report, codename)."""
    return make_report(consent=CONSENTED)


# POST /me/evidence


def test_a_photo_is_added_and_answered_with_its_day_kind_and_no_name(world, client, mine, evidence_storage_dir):
    report, codename = mine
    response = upload(client, codename, samples.jpeg_with_gps(), name="maria-at-home.jpg")
    assert response.status_code == 201, response.content
    body = response.json()
    [item] = EvidenceFile.objects.filter(report=report)
    assert body == {
        "id": str(item.pk),
        "number": 1,
        "kind": "image",
        "size": item.sealed_size,
        "added_on": coarse_time.today().date().isoformat(),
        "added_by": "reporter",
        "shared_with_police": False,
        "why_not_for_police": "not_agreed",
        "removal_due_on": None,
    }
    assert "maria" not in response.content.decode() and "no-store" in response["Cache-Control"]
    assert item.added_by_reporter and len(stored_files(evidence_storage_dir)) == 1
    [added] = AuditEntry.objects.filter(action="evidence.added", target=report.reference)
    assert (added.actor, added.detail) == ("reporter", {"kind": "image"})


def test_a_tagged_voice_note_is_added_as_audio_and_the_advocate_gets_only_its_sound(world, client, mine, sign_in):
    from safereport.evidence.tests import recordings

    report, codename = mine
    response = upload(client, codename, recordings.tagged("opus"), name="voice-note.ogg", content_type="audio/ogg")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "audio"
    advocate = sign_in(world.north.advocate, test_client=Client())
    opened = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{response.json()['id']}/")
    assert opened.status_code == 200 and opened["Content-Type"].startswith("audio/")
    served = b"".join(opened.streaming_content) if opened.streaming else opened.content
    assert not [planted for planted in recordings.PLANTED if planted.encode() in served]


def test_a_recording_over_the_length_limit_is_refused_by_name_and_nothing_is_stored(
    world, client, mine, evidence_storage_dir, settings
):
    from safereport.evidence.tests import recordings

    settings.EVIDENCE_MAX_AUDIO_MINUTES = 1 / 60  # one second; the tone lasts longer
    _report, codename = mine
    body = refused(upload(client, codename, recordings.tagged("wav"), name="a.wav", content_type="audio/wav"), 422, "too_long")
    assert "minutes" in body["message"] and nothing_stored(evidence_storage_dir)


def test_a_gps_photo_sent_through_the_api_reaches_the_advocate_without_gps(world, client, mine, sign_in):
    report, codename = mine
    item_id = upload(client, codename, samples.jpeg_with_gps()).json()["id"]
    advocate = sign_in(world.north.advocate, test_client=Client())
    opened = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{item_id}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(opened.content))
    assert image.getexif().get_ifd(0x8825) == {} and len(image.getexif()) == 0
    assert samples.NAME.encode() not in opened.content and b"PhoneMaker" not in opened.content


def test_a_pdf_is_added_without_its_author(world, client, mine, sign_in):
    report, codename = mine
    response = upload(client, codename, samples.pdf_with_author(), name="letter.pdf", content_type="application/pdf")
    assert response.status_code == 201 and response.json()["kind"] == "pdf"
    advocate = sign_in(world.north.advocate, test_client=Client())
    opened = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{response.json()['id']}/")
    assert opened["Content-Type"] == "application/pdf" and samples.NAME.encode() not in opened.content


def test_a_simple_cross_site_form_post_gets_401_even_with_a_reporter_session_cookie(world, client, mine, evidence_storage_dir):
    _report, codename = mine
    assert client.post("/en/return/", {"codename": codename}).status_code == 302  # the browser holds a reporter session
    response = upload(client, None, samples.photo(), Origin="https://elsewhere.example")
    refused(response, 401, "unauthorised")
    assert response["WWW-Authenticate"] == "Codename" and nothing_stored(evidence_storage_dir)


def test_without_a_codename_the_upload_body_is_never_read(world, client, mine, monkeypatch):
    chunks = []
    monkeypatch.setattr(uploads.BoundedMemoryUploadHandler, "receive_data_chunk", lambda self, data, start: chunks.append(data))
    refused(upload(client, None, samples.photo()), 401, "unauthorised")
    refused(upload(client, "not a real codename at all", samples.photo()), 401, "unauthorised")
    assert chunks == []


@pytest.mark.parametrize("header", ["", "Codename", "Codename ", "Bearer abc", "Basic Zm9vOmJhcg=="])
def test_no_codename_is_401_and_nothing_is_stored(world, client, mine, evidence_storage_dir, header):
    headers = {"Authorization": header} if header else {}
    refused(upload(client, None, samples.photo(), **headers), 401, "unauthorised")
    assert nothing_stored(evidence_storage_dir)


def test_a_wrong_codename_is_401_and_nothing_is_stored(world, client, mine, evidence_storage_dir):
    refused(upload(client, "not a real codename at all", samples.photo()), 401, "unauthorised")
    assert nothing_stored(evidence_storage_dir)


def test_a_file_over_the_limit_is_413_with_the_pages_sentence_and_is_never_held_whole(
    world, client, mine, evidence_storage_dir, settings, monkeypatch
):
    settings.EVIDENCE_MAX_BYTES = 4096
    handed = []
    real = evidence_actions.add_evidence

    def spy(report, key, content, **kwargs):
        handed.append(len(content))
        return real(report, key, content, **kwargs)

    monkeypatch.setattr(api_evidence.evidence_actions, "add_evidence", spy)
    body = refused(upload(client, mine[1], samples.photo() + b"\x00" * 200_000), 413, "too_large")
    assert body["message"] == "The file is larger than 0.00390625 MB. Send a smaller photo or a shorter document."
    assert body["fields"] == {"file": "too_large"}
    # The upload handler kept the limit and one byte more, not the 200 KB sent.
    assert handed == [4097] and nothing_stored(evidence_storage_dir)


def test_an_empty_file_is_422_with_the_pages_sentence(world, client, mine, evidence_storage_dir):
    body = refused(upload(client, mine[1], b""), 422, "empty")
    assert body["message"] == "The file is empty. Choose the photo or document again."
    assert nothing_stored(evidence_storage_dir)


@pytest.mark.parametrize("program", sorted(samples.EXECUTABLES))
def test_an_executable_renamed_jpg_is_415_and_nothing_is_stored(world, client, mine, evidence_storage_dir, program):
    body = refused(upload(client, mine[1], samples.EXECUTABLES[program], name="holiday.jpg"), 415, "wrong_type")
    assert body["message"].startswith("This file looks like a program, which we do not accept.")
    assert "JPEG, PNG or WebP" in body["message"] and nothing_stored(evidence_storage_dir)


@pytest.mark.parametrize("where", ["open_action", "names"])
def test_a_pdf_with_javascript_is_422_and_nothing_is_stored(world, client, mine, evidence_storage_dir, where):
    content = samples.pdf_with_javascript(where)
    body = refused(upload(client, mine[1], content, name="a.pdf", content_type="application/pdf"), 422, "pdf_active_content")
    assert body["message"].startswith("PDFs with scripts or attachments are not accepted.")
    assert nothing_stored(evidence_storage_dir)


def test_a_damaged_photo_and_a_decompression_bomb_are_refused(world, client, mine, evidence_storage_dir):
    refused(upload(client, mine[1], samples.photo()[:40]), 422, "corrupt")
    refused(upload(client, mine[1], samples.png_declaring(100_000, 100_000), name="a.png"), 422, "too_many_pixels")
    assert nothing_stored(evidence_storage_dir)


def test_the_refusal_is_in_the_language_the_client_asks_for(world, client, mine):
    response = upload(client, mine[1], samples.EXECUTABLES["windows"], **{"Accept-Language": "es"})
    body = refused(response, 415, "wrong_type")
    assert body["message"].startswith("Este archivo parece un programa, y eso no lo aceptamos.")


def test_no_file_field_is_422_with_the_pages_sentence(world, client, mine, evidence_storage_dir):
    response = client.post(FILES, {"note": "hello"}, headers=auth(mine[1]))
    body = refused(response, 422, "required")
    assert body["message"] == "Choose a photo, screenshot, PDF or recording to add; nothing was added."
    assert nothing_stored(evidence_storage_dir)


@pytest.mark.parametrize(
    "content_type, data",
    [("application/json", b'{"file": "aGVsbG8="}'), ("image/jpeg", samples.photo()), ("text/plain", b"hello")],
)
def test_a_body_that_is_not_a_multipart_form_is_415(world, client, mine, evidence_storage_dir, content_type, data):
    response = client.post(FILES, data=data, content_type=content_type, headers=auth(mine[1]))
    refused(response, 415, "unsupported_media_type")
    assert nothing_stored(evidence_storage_dir)


def test_two_files_in_one_request_are_400_and_nothing_is_stored(world, client, mine, evidence_storage_dir):
    files = {"file": SimpleUploadedFile("a.jpg", samples.photo()), "other": SimpleUploadedFile("b.jpg", samples.photo())}
    refused(client.post(FILES, files, headers=auth(mine[1])), 400, "too_many_parts")
    assert nothing_stored(evidence_storage_dir)


def test_a_multipart_body_that_cannot_be_read_is_400(world, client, mine, evidence_storage_dir):
    response = client.post(FILES, data=b"--x\r\nnonsense", content_type="multipart/form-data", headers=auth(mine[1]))
    refused(response, 400, "malformed")
    assert nothing_stored(evidence_storage_dir)


def test_form_fields_beside_the_file_over_the_body_limit_are_413(world, client, mine, evidence_storage_dir, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    data = encode_multipart("BoUnDaRy", {"note": "x" * 5000, "file": SimpleUploadedFile("a.jpg", samples.photo())})
    response = client.post(FILES, data=data, content_type="multipart/form-data; boundary=BoUnDaRy", headers=auth(mine[1]))
    refused(response, 413, "too_large")
    assert nothing_stored(evidence_storage_dir)


def test_a_report_that_holds_the_most_files_refuses_one_more(world, client, mine, settings):
    settings.EVIDENCE_MAX_FILES = 1
    assert upload(client, mine[1], samples.photo()).status_code == 201
    body = refused(upload(client, mine[1], samples.webp(), name="b.webp"), 422, "too_many_files")
    assert body["message"].startswith("This report already has 1 files") and EvidenceFile.objects.count() == 1


# GET /me/evidence


def test_the_list_says_for_each_file_whether_it_would_go_to_the_police_and_why_not(world, client, mine):
    report, codename = mine
    access = intake_actions.open_with_codename(codename)
    agreed = upload(client, codename, samples.photo()).json()["id"]
    reviewed = upload(client, codename, samples.png_with_text(), name="a.png").json()["id"]
    for file_id in (agreed, reviewed):
        assert put_json(client, codename, file_id, {"shared": True}).status_code == 200
    evidence_actions.open_for_review(EvidenceFile.objects.get(pk=reviewed), world.north.unlocked, world.north.advocate)
    by_advocate = evidence_actions.add_evidence(report, access.key, samples.webp(), user=world.north.advocate)
    response = client.get(FILES, headers=auth(codename))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    listed = {item["id"]: item for item in response.json()["files"]}
    assert [item["number"] for item in response.json()["files"]] == [1, 2, 3]
    assert (listed[agreed]["shared_with_police"], listed[agreed]["why_not_for_police"]) == (True, "not_reviewed")
    assert (listed[reviewed]["shared_with_police"], listed[reviewed]["why_not_for_police"]) == (True, None)
    advocates = listed[str(by_advocate.pk)]
    assert (advocates["added_by"], advocates["shared_with_police"], advocates["why_not_for_police"]) == (
        "advocate",
        False,
        "not_agreed",
    )
    assert set(advocates) == {
        "id",
        "number",
        "kind",
        "size",
        "added_on",
        "added_by",
        "shared_with_police",
        "why_not_for_police",
        "removal_due_on",
    }
    assert response.json()["limits"] == {"max_bytes": 10 * 1024 * 1024, "max_files": 10, "max_pixels": 40_000_000}


def test_the_list_shows_only_this_reports_files(world, client, mine, make_report):
    _other, theirs = make_report()
    upload(client, theirs, samples.photo())
    assert client.get(FILES, headers=auth(mine[1])).json()["files"] == []
    refused(client.get(FILES), 401, "unauthorised")


# DELETE /me/evidence/{id}


def test_the_reporter_removes_a_file_they_added_after_the_waiting_period_and_can_keep_it_until_then(
    world, client, mine, evidence_storage_dir, django_capture_on_commit_callbacks
):
    report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    assert put_json(client, codename, file_id, {"shared": True}).status_code == 200
    response = client.delete(f"{FILES}/{file_id}", headers=auth(codename))
    due = coarse_time.today().date() + timedelta(days=evidence_actions.cooling_off_days())
    assert response.status_code == 202 and "no-store" in response["Cache-Control"]
    assert response.json() == {"removal_due_on": due.isoformat()}
    [listed] = client.get(FILES, headers=auth(codename)).json()["files"]
    assert (listed["removal_due_on"], listed["shared_with_police"]) == (due.isoformat(), False)
    assert put_json(client, codename, file_id, {"shared": True}).json()["shared_with_police"] is False  # not while pending
    kept = client.post(f"{FILES}/{file_id}/keep", headers=auth(codename))
    assert kept.status_code == 200 and kept.json()["removal_due_on"] is None
    assert client.post(f"{FILES}/{file_id}/keep", headers=auth(codename)).status_code == 404
    client.delete(f"{FILES}/{file_id}", headers=auth(codename))
    with django_capture_on_commit_callbacks(execute=True):
        assert evidence_actions.remove_due(coarse_time.today() + timedelta(days=evidence_actions.cooling_off_days())) == 1
    assert nothing_stored(evidence_storage_dir)
    assert AuditEntry.objects.filter(action="evidence.removed", target=report.reference).exists()


def test_another_reports_file_and_an_unknown_id_get_the_same_404(world, client, mine, make_report):
    _other, theirs = make_report()
    their_file = upload(client, theirs, samples.photo()).json()["id"]
    someone_elses = client.delete(f"{FILES}/{their_file}", headers=auth(mine[1]))
    unknown = client.delete(f"{FILES}/{uuid.uuid4()}", headers=auth(mine[1]))
    refused(someone_elses, 404, "not_found")
    assert someone_elses.content == unknown.content and EvidenceFile.objects.filter(pk=their_file).exists()


def test_a_file_the_advocate_added_is_not_removed_by_the_reporter(world, client, mine):
    report, codename = mine
    access = intake_actions.open_with_codename(codename)
    item = evidence_actions.add_evidence(report, access.key, samples.photo(), user=world.north.advocate)
    refused(client.delete(f"{FILES}/{item.pk}", headers=auth(codename)), 409, "added_by_advocate")
    assert EvidenceFile.objects.filter(pk=item.pk).exists()


def test_an_id_that_is_not_a_uuid_is_422(world, client, mine):
    refused(client.delete(f"{FILES}/not-a-uuid", headers=auth(mine[1])), 422, "invalid")


# PUT /me/evidence/{id}/police


def test_the_reporter_lets_the_police_see_a_file_and_takes_it_back(world, client, mine):
    report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    response = put_json(client, codename, file_id, {"shared": True})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert (response.json()["shared_with_police"], response.json()["why_not_for_police"]) == (True, "not_reviewed")
    item = EvidenceFile.objects.get(pk=file_id)
    access = intake_actions.open_with_codename(codename)
    assert evidence_actions.shared_with_police(item, access.key)
    changed = AuditEntry.objects.filter(action="evidence.consent_changed", target=report.reference)
    assert changed.count() == 1 and changed.get().detail == {"number": 1}  # never the choice itself
    assert put_json(client, codename, file_id, {"shared": False}).json()["shared_with_police"] is False
    item.refresh_from_db()
    assert not evidence_actions.shared_with_police(item, access.key)


def test_taking_a_file_back_deletes_the_copy_sent_with_a_referral(world, client, mine):
    report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    put_json(client, codename, file_id, {"shared": True})
    evidence_actions.open_for_review(EvidenceFile.objects.get(pk=file_id), world.north.unlocked, world.north.advocate)
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    assert ReferralFile.objects.filter(referral=referral).count() == 1
    assert put_json(client, codename, file_id, {"shared": False}).status_code == 200
    assert not ReferralFile.objects.filter(referral=referral).exists()
    assert AuditEntry.objects.filter(action="referral.file_withdrawn", target=report.reference).exists()


@pytest.mark.parametrize("shared", ["true", 1, 0, "yes", None, [True], {"value": True}])
def test_a_choice_that_is_not_a_json_boolean_is_422_and_changes_nothing(world, client, mine, shared):
    _report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    body = refused(put_json(client, codename, file_id, {"shared": shared}), 422, "invalid")
    assert "shared" in body["fields"]
    assert not AuditEntry.objects.filter(action="evidence.consent_changed").exists()


@pytest.mark.parametrize(
    "raw, status",
    [("{}", 422), ('{"shared": true, "extra": 1}', 422), ('{"shared": true, "shared": false}', 422), ("{", 400)],
)
def test_a_malformed_choice_is_refused_and_changes_nothing(world, client, mine, raw, status):
    _report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    refused(put_json(client, codename, file_id, raw), status, "invalid" if status == 422 else "malformed")
    assert not AuditEntry.objects.filter(action="evidence.consent_changed").exists()


def test_a_choice_sent_as_a_form_is_415(world, client, mine):
    _report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    response = client.put(
        f"{FILES}/{file_id}/police", data="shared=true", content_type="application/x-www-form-urlencoded", headers=auth(codename)
    )
    refused(response, 415, "unsupported_media_type")


def test_a_choice_for_another_reports_file_is_404_and_changes_nothing(world, client, mine, make_report):
    _other, theirs = make_report()
    their_file = upload(client, theirs, samples.photo()).json()["id"]
    someone_elses = put_json(client, mine[1], their_file, {"shared": True})
    unknown = put_json(client, mine[1], uuid.uuid4(), {"shared": True})
    refused(someone_elses, 404, "not_found")
    assert someone_elses.content == unknown.content
    item = EvidenceFile.objects.get(pk=their_file)
    assert not evidence_actions.shared_with_police(item, intake_actions.open_with_codename(theirs).key)


# Erasure, as every other /me endpoint


def test_while_an_erasure_is_pending_files_can_still_be_added_and_listed(world, client, mine):
    report, codename = mine
    intake_actions.request_erasure(report)
    assert upload(client, codename, samples.photo()).status_code == 201
    assert len(client.get(FILES, headers=auth(codename)).json()["files"]) == 1


def test_from_the_erasure_due_day_every_evidence_endpoint_answers_as_an_unknown_codename(world, client, mine):
    report, codename = mine
    file_id = upload(client, codename, samples.photo()).json()["id"]
    intake_actions.request_erasure(report)
    Report.objects.filter(pk=report.pk).update(erasure_due_on=coarse_time.today().date() - timedelta(days=1))
    unknown = client.get(FILES, headers=auth("not a real codename at all"))
    for response in (
        client.get(FILES, headers=auth(codename)),
        upload(client, codename, samples.photo()),
        client.delete(f"{FILES}/{file_id}", headers=auth(codename)),
        put_json(client, codename, file_id, {"shared": True}),
    ):
        refused(response, 401, "unauthorised")
        assert response.content == unknown.content
    assert EvidenceFile.objects.filter(report=report).count() == 1


# The OpenAPI document


def test_the_openapi_document_states_the_evidence_limits_kinds_and_answers(client, db):
    document = client.get(f"{API}/openapi.json").json()
    upload_op = document["paths"][FILES]["post"]
    part = upload_op["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert part["required"] == ["file"] and part["properties"]["file"]["format"] == "binary"
    assert str(10 * 1024 * 1024) in part["properties"]["file"]["description"]
    assert {"201", "400", "401", "413", "415", "422", "429"} <= set(upload_op["responses"])
    assert upload_op["responses"]["413"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    out = document["components"]["schemas"]["EvidenceOut"]["properties"]
    assert out["kind"]["enum"] == list(EvidenceFile.Kind.values)
    stated = [option.get("enum") for option in out["why_not_for_police"]["anyOf"]]
    assert ["not_agreed", "not_reviewed"] in stated and {"type": "null"} in out["why_not_for_police"]["anyOf"]
    assert out["added_on"]["format"] == "date"
    consent = document["components"]["schemas"]["FileConsentIn"]
    assert consent["properties"]["shared"]["type"] == "boolean" and consent["additionalProperties"] is False
    for path, method in (
        (FILES, "post"),
        (FILES, "get"),
        (f"{FILES}/{{file_id}}", "delete"),
        (f"{FILES}/{{file_id}}/police", "put"),
    ):
        assert document["paths"][path][method]["security"], (path, method)
