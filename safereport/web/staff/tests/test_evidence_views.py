"""The case page's photos and documents: added on the reporter's behalf, opened inline, reviewed, scoped to the organisation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from safereport.audit.models import AuditEntry
from safereport.evidence import actions
from safereport.evidence.models import EvidenceFile
from safereport.evidence.tests import samples
from safereport.intake import actions as intake_actions


@pytest.fixture
def with_photo(make_report):
    report, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    return report, actions.add_evidence(report, access.key, samples.jpeg_with_gps())


def test_an_advocate_opens_a_photo_inline_without_gps_and_is_recorded_as_reviewing_it(world, with_photo, as_user):
    report, item = with_photo
    advocate = as_user(world.north.advocate)
    page = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "File 1" in page and "not yet reviewed" in page and "by the reporter" in page
    response = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{item.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;") and "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"].startswith(
        "default-src 'none'"
    )
    image = Image.open(io.BytesIO(response.content))
    assert image.getexif().get_ifd(0x8825) == {} and len(image.getexif()) == 0 and image.size == (20, 40)
    item.refresh_from_db()
    assert item.reviewed_by == world.north.advocate
    assert AuditEntry.objects.filter(action="case.read", target=report.reference, detail__part="evidence").exists()
    assert "not yet reviewed" not in advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()


def test_another_organisations_staff_get_404_for_the_file_and_the_upload(world, with_photo, as_user):
    report, item = with_photo
    south = as_user(world.south.advocate)
    assert south.get(f"/en/staff/cases/{report.reference}/evidence/{item.pk}/").status_code == 404
    response = south.post(f"/en/staff/cases/{report.reference}/evidence/", {"file": SimpleUploadedFile("a.jpg", samples.photo())})
    assert response.status_code == 404 and EvidenceFile.objects.count() == 1
    item.refresh_from_db()
    assert item.reviewed_by is None


def test_a_file_id_from_another_case_is_404_on_this_one(world, with_photo, make_report, as_user):
    _report, item = with_photo
    other, _codename = make_report()
    advocate = as_user(world.north.advocate)
    assert advocate.get(f"/en/staff/cases/{other.reference}/evidence/{item.pk}/").status_code == 404


def test_an_advocate_adds_a_file_on_the_reporters_behalf(world, make_report, as_user):
    report, _codename = make_report()
    advocate = as_user(world.north.advocate)
    response = advocate.post(
        f"/en/staff/cases/{report.reference}/evidence/",
        {"file": SimpleUploadedFile("scan.pdf", samples.pdf_with_author(), content_type="application/pdf")},
    )
    assert response.status_code == 302
    item = EvidenceFile.objects.get(report=report)
    assert item.kind == "pdf" and not item.added_by_reporter and item.added_by == world.north.advocate
    shown = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{item.pk}/")
    assert shown["Content-Type"] == "application/pdf" and samples.NAME.encode() not in shown.content


def test_a_refused_upload_shows_the_case_page_with_the_reason_and_stores_nothing(
    world, make_report, as_user, evidence_storage_dir
):
    report, _codename = make_report()
    advocate = as_user(world.north.advocate)
    response = advocate.post(
        f"/en/staff/cases/{report.reference}/evidence/",
        {"file": SimpleUploadedFile("script.pdf", samples.pdf_with_javascript(), content_type="application/pdf")},
    )
    assert response.status_code == 422
    assert "PDFs with scripts or attachments are not accepted" in response.content.decode()
    assert not EvidenceFile.objects.exists() and not any(p.is_file() for p in evidence_storage_dir.rglob("*"))


def test_a_police_liaison_cannot_open_a_file(world, with_photo, as_user):
    report, item = with_photo
    officer = as_user(world.police.police_liaison)
    assert officer.get(f"/en/staff/cases/{report.reference}/evidence/{item.pk}/").status_code in (403, 404)


def test_a_recording_is_listed_with_a_player_that_loads_nothing_until_the_advocate_plays_it(world, make_report, as_user):
    from safereport.evidence.tests import recordings

    report, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    item = actions.add_evidence(report, access.key, recordings.tagged("opus"))
    advocate = as_user(world.north.advocate)
    page = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    player = f'<audio controls preload="none" class="evidence-audio" src="/en/staff/cases/{report.reference}/evidence/{item.pk}/"'
    assert "Audio recording" in page and player in page
    item.refresh_from_db()
    assert item.reviewed_by is None  # showing the player is not listening to it
    response = advocate.get(f"/en/staff/cases/{report.reference}/evidence/{item.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "audio/ogg"
    assert "media-src 'self'" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]
    assert response.content.startswith(b"OggS") and recordings.NAME.encode() not in response.content
    item.refresh_from_db()
    assert item.reviewed_by == world.north.advocate


def test_a_recording_is_served_in_the_byte_ranges_a_media_player_asks_for(world, make_report, as_user):
    from safereport.evidence.tests import recordings

    report, codename = make_report()
    item = actions.add_evidence(report, intake_actions.open_with_codename(codename).key, recordings.tagged("opus"))
    advocate = as_user(world.north.advocate)
    url = f"/en/staff/cases/{report.reference}/evidence/{item.pk}/"
    whole = advocate.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    first = advocate.get(url, headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.content == whole.content[:100]
    assert first["Content-Range"] == f"bytes 0-99/{len(whole.content)}"
    last = advocate.get(url, headers={"Range": "bytes=-10"})
    assert last.status_code == 206 and last.content == whole.content[-10:]
    beyond = advocate.get(url, headers={"Range": f"bytes={len(whole.content)}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(whole.content)}"


def test_the_case_page_says_when_the_reporter_asked_for_a_file_to_be_deleted(world, make_report, as_user):
    from safereport.firewall import referral_files

    report, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    item = actions.add_evidence(report, access.key, samples.photo())
    due = referral_files.request_file_removal(access, item.pk)
    page = as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "the reporter asked for it to be deleted" in page and str(due.year) in page
    assert EvidenceFile.objects.filter(pk=item.pk).exists()
