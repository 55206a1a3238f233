"""The codename page's photos and documents: a plain multipart form that works with no JavaScript at all."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safereport import coarse_time
from safereport.evidence import actions
from safereport.evidence import actions as evidence_actions
from safereport.evidence.models import EvidenceFile
from safereport.evidence.tests import samples
from safereport.intake import actions as intake_actions
from safereport.templatetags.readable_dates import readable_date

ADD, PAGE = "/en/my-report/evidence/", "/en/my-report/"


@pytest.fixture
def reporter(client, make_report):
    report, codename = make_report()
    response = client.post("/en/return/", {"codename": codename})
    assert response.status_code == 302
    return report


def upload(client, content, name="photo.jpg", content_type="image/jpeg", path=ADD):
    return client.post(path, {"file": SimpleUploadedFile(name, content, content_type=content_type)})


def stored(location):
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def test_a_reporter_adds_a_photo_and_sees_it_listed_without_a_thumbnail(client, reporter, evidence_storage_dir):
    response = upload(client, samples.jpeg_with_gps())
    assert response.status_code == 302 and response["Location"].endswith("/my-report/#evidence")
    page = client.get(PAGE).content.decode()
    assert "Your file was added" in page and "Your report has 1 file." in page and "Photo or screenshot" in page
    assert "<img" not in page  # a shared phone: nothing of the photo is shown
    [item] = EvidenceFile.objects.filter(report=reporter)
    assert item.added_by_reporter and len(stored(evidence_storage_dir)) == 1
    assert 'enctype="multipart/form-data"' in page and "<script" not in page.split('id="evidence"')[1].split("</section>")[0]


def test_an_executable_renamed_jpg_is_refused_with_the_accepted_types_named(client, reporter, evidence_storage_dir):
    response = upload(client, samples.EXECUTABLES["windows"], name="holiday.jpg")
    assert response.status_code == 422
    page = response.content.decode()
    assert "This file looks like a program, which we do not accept." in page and "JPEG, PNG or WebP" in page
    assert not EvidenceFile.objects.exists() and stored(evidence_storage_dir) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(client, reporter, evidence_storage_dir, settings):
    settings.EVIDENCE_MAX_BYTES = 2048
    response = upload(client, samples.photo(size=(600, 600)) + b"\x00" * 4096)
    assert response.status_code == 422 and "The file is larger than" in response.content.decode()
    assert not EvidenceFile.objects.exists() and stored(evidence_storage_dir) == []


def test_sending_the_form_with_no_file_says_so(client, reporter):
    response = client.post(ADD, {})
    assert response.status_code == 422 and "Choose a photo, screenshot, PDF or recording to add" in response.content.decode()


def test_the_reporter_removes_a_file_they_added(client, reporter, evidence_storage_dir, django_capture_on_commit_callbacks):
    upload(client, samples.pdf_with_author(), name="letter.pdf", content_type="application/pdf")
    item = EvidenceFile.objects.get(report=reporter)
    assert item.kind == "pdf" and "PDF document" in client.get(PAGE).content.decode()
    response = client.post(f"/en/my-report/evidence/{item.pk}/remove/")
    assert response.status_code == 302 and EvidenceFile.objects.exists()  # kept through the waiting period
    page = client.get(PAGE).content.decode()
    assert "The file will be deleted at the end of the waiting period" in page and "Keep this file" in page
    due = coarse_time.today().date() + timedelta(days=evidence_actions.cooling_off_days())
    assert readable_date(due) in page
    assert client.post(f"/en/my-report/evidence/{item.pk}/keep/").status_code == 302
    page = client.get(PAGE).content.decode()
    assert "The file is kept." in page and "Keep this file" not in page
    client.post(f"/en/my-report/evidence/{item.pk}/remove/")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_actions.remove_due(coarse_time.today() + timedelta(days=evidence_actions.cooling_off_days()))
    assert not EvidenceFile.objects.exists() and stored(evidence_storage_dir) == []


def test_a_file_of_another_report_cannot_be_removed(client, reporter, make_report):
    _other, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    theirs = actions.add_evidence(access.report, access.key, samples.photo())
    assert client.post(f"/en/my-report/evidence/{theirs.pk}/remove/").status_code == 404
    assert EvidenceFile.objects.filter(pk=theirs.pk).exists()


def test_without_the_codename_the_upload_goes_back_to_the_return_page(client, db, evidence_storage_dir):
    response = upload(client, samples.photo())
    assert response.status_code == 302 and response["Location"].endswith("/return/")
    assert stored(evidence_storage_dir) == []


@pytest.mark.parametrize(("lang", "heading"), [("es", "Fotos y documentos"), ("ar", "الصور والمستندات")])
def test_the_evidence_section_is_in_the_reporters_language(client, make_report, lang, heading):
    _report, codename = make_report()
    client.post(f"/{lang}/return/", {"codename": codename})
    page = client.get(f"/{lang}/my-report/").content.decode()
    assert heading in page
    assert not re.search(r"Add a photo or document|Photos and documents", page)


def test_a_reporter_ticks_police_may_see_this_file_with_no_javascript_and_can_untick_it(client, reporter, make_report):
    upload(client, samples.photo())
    [item] = EvidenceFile.objects.filter(report=reporter)
    page = client.get(PAGE).content.decode()
    form = page.split('class="file-consent"')[1].split("</form>")[0]
    assert "Police may see this file" in form and 'type="checkbox"' in form and " checked" not in form
    consent_url = f"/en/my-report/evidence/{item.pk}/police/"
    response = client.post(consent_url, {"share_with_police": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("/my-report/#evidence")
    page = client.get(PAGE).content.decode()
    assert "Your choice for this file was saved." in page
    assert " checked" in page.split('class="file-consent"')[1].split("</form>")[0]
    client.post(consent_url, {})  # an unticked box sends nothing: no
    assert " checked" not in client.get(PAGE).content.decode().split('class="file-consent"')[1].split("</form>")[0]
    _other_report, other_codename = make_report()
    other = intake_actions.open_with_codename(other_codename)
    theirs = actions.add_evidence(other.report, other.key, samples.photo())
    assert client.post(f"/en/my-report/evidence/{theirs.pk}/police/", {"share_with_police": "yes"}).status_code == 404
    assert not actions.shared_with_police(EvidenceFile.objects.get(pk=theirs.pk), other.key)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ["La policía puede ver este archivo", "Guardar esta decisión"]),
        ("ar", ["يمكن للشرطة رؤية هذا الملف", "حفظ هذا الاختيار"]),
    ],
)
def test_the_file_consent_is_in_the_reporters_language(client, make_report, lang, words):
    _report, codename = make_report()
    client.post(f"/{lang}/return/", {"codename": codename})
    upload(client, samples.photo(), path=f"/{lang}/my-report/evidence/")
    item = EvidenceFile.objects.get()
    client.post(f"/{lang}/my-report/evidence/{item.pk}/police/", {"share_with_police": "yes"})
    page = client.get(f"/{lang}/my-report/").content.decode()
    for text in words:
        assert text in page
    assert not re.search(r"Police may see this file|Save this choice|Your choice for this file was saved", page)
