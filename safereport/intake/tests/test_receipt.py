"""Proof of reporting: a receipt signed when staff first open the case, holding nothing that says who or why."""

from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from safereport.audit.models import AuditEntry
from safereport.firewall import package_pdf
from safereport.firewall.disclosure import RECEIPT_FIELDS
from safereport.firewall.receipts import issue_receipt
from safereport.intake.models import Report
from safereport.vault import keyring, signing

NARRATIVE = "Zelgrave pushed me down the stairs at the Larkmoor hostel. My visa expired in March."
CONTACT = {"name": "Ana Quillfeather", "phone": "07700 900123", "email": "ana.quill@example.org"}


@pytest.fixture
def reported(make_report):
    report, codename = make_report(
        narrative=NARRATIVE,
        contact=dict(CONTACT),
        wants={"immigration_advice", "advocate"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    )
    return report, codename


def _reporter(codename, lang="en") -> Client:
    client = Client()
    assert client.post(f"/{lang}/return/", {"codename": codename}).status_code == 302
    return client


def _staff_open(world, report, sign_in):
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.get(f"/en/staff/cases/{report.reference}/").status_code == 200
    report.refresh_from_db()


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_receipt_is_not_available_until_staff_have_opened_the_case(reported):
    report, codename = reported
    reporter = _reporter(codename)
    page = reporter.get("/en/my-report/").content.decode()
    assert "once the organisation has received your report" in page and "receipt.pdf" not in page
    for url in ("/en/my-report/receipt.json", "/en/my-report/receipt.pdf"):
        response = reporter.get(url)
        assert response.status_code == 302 and response["Location"].endswith("/en/my-report/")
    assert Report.objects.get(pk=report.pk).receipt_sealed is None


def test_opening_the_case_issues_exactly_one_signed_receipt(world, reported, sign_in):
    report, codename = reported
    _staff_open(world, report, sign_in)
    first = bytes(report.receipt_sealed)
    _staff_open(world, report, sign_in)
    assert bytes(report.receipt_sealed) == first  # not re-signed on every visit
    assert AuditEntry.objects.filter(action="receipt.issued", target=report.reference).count() == 1
    page = _reporter(codename).get("/en/my-report/").content.decode()
    assert "/en/my-report/receipt.pdf" in page and "/en/my-report/receipt.json" in page


def test_receipt_holds_only_reference_dates_crime_type_and_organisation(world, reported, sign_in):
    report, codename = reported
    _staff_open(world, report, sign_in)
    response = _reporter(codename).get("/en/my-report/receipt.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = signing.load_document(response.content)
    payload = document["payload"]
    assert (
        set(payload)
        == RECEIPT_FIELDS
        == {"kind", "reference", "reported_on", "crime_type", "crime_type_label", "organisation", "issued_on"}
    )
    assert payload == {
        "kind": "receipt",
        "reference": report.reference,
        "reported_on": timezone.localdate(report.created_at).isoformat(),
        "crime_type": "assault",
        "crime_type_label": "Physical assault",
        "organisation": "North Support",
        "issued_on": timezone.localdate().isoformat(),
    }
    verification = signing.verify_document(document)
    assert verification.ok and verification.key == signing.KEY_CURRENT
    text = response.content.decode()
    for secret in ("Zelgrave", "Larkmoor", "visa", "immigration", *CONTACT.values()):
        assert secret not in text


def test_receipt_pdf_verifies_and_holds_no_narrative_or_contact(world, reported, sign_in, tmp_path):
    report, codename = reported
    _staff_open(world, report, sign_in)
    response = _reporter(codename).get("/en/my-report/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert report.reference in text and "North Support" in text and "Physical assault" in text
    attached = b"".join(c for contents in PdfReader(BytesIO(response.content)).attachments.values() for c in contents)
    for secret in ("Zelgrave", "Larkmoor", "visa", *CONTACT.values()):
        assert secret not in text and secret.encode() not in attached
    path = tmp_path / "receipt.pdf"
    path.write_bytes(response.content)
    out = []
    call_command("verify_package", str(path), stdout=SimpleNamespace(write=out.append, flush=lambda: None))
    assert "VERIFIED" in out[0] and "proof of reporting" in out[0] and report.reference in out[0]


@pytest.mark.parametrize("lang, label", [("es", "Agresión física"), ("ar", "اعتداء جسدي")])
def test_receipt_pdf_is_in_the_reporters_language(world, reported, sign_in, lang, label):
    report, codename = reported
    _staff_open(world, report, sign_in)
    text = _pdf_text(_reporter(codename, lang).get(f"/{lang}/my-report/receipt.pdf").content)
    assert label in text and "Physical assault" not in text and report.reference in text


def test_receipt_downloads_need_the_reporters_session(world, reported, sign_in):
    report, _codename = reported
    _staff_open(world, report, sign_in)
    for url in ("/en/my-report/receipt.json", "/en/my-report/receipt.pdf"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].endswith("/en/return/")


def test_receipt_downloads_are_audited_without_content(world, reported, sign_in):
    report, codename = reported
    _staff_open(world, report, sign_in)
    _reporter(codename).get("/en/my-report/receipt.json")
    entry = AuditEntry.objects.get(action="receipt.downloaded", target=report.reference)
    assert entry.actor == "reporter" and entry.detail == {"format": "json"}


def test_receipt_is_sealed_so_only_the_reporter_and_the_organisation_can_read_it(world, reported, sign_in):
    report, _codename = reported
    _staff_open(world, report, sign_in)
    stored = bytes(report.receipt_sealed)
    assert report.reference.encode() not in stored and b"North Support" not in stored


def test_keys_of_another_organisation_issue_no_receipt(world, reported):
    report, _codename = reported
    assert issue_receipt(report, world.south.unlocked, world.south.advocate) is False
    assert Report.objects.get(pk=report.pk).receipt_sealed is None
    assert issue_receipt(report, keyring.unlock_organisation(world.north.advocate, world.password), world.north.advocate)


@pytest.mark.parametrize("lang, day", [("en", "5 December 2026"), ("es", "5 de diciembre de 2026"), ("ar", "5 ديسمبر 2026")])
def test_receipt_pdf_writes_its_dates_out_in_the_reporters_language(world, reported, sign_in, lang, day):
    report, codename = reported
    _staff_open(world, report, sign_in)
    today = timezone.localdate().isoformat()
    with translation.override(lang):  # the reporter's pages switch this thread's language; put it back after
        reporter = _reporter(codename, lang)
        pdf_text = _pdf_text(reporter.get(f"/{lang}/my-report/receipt.pdf").content)
        document = signing.load_document(reporter.get(f"/{lang}/my-report/receipt.json").content)
    assert today not in pdf_text  # no ISO date on the pages
    assert document["payload"]["issued_on"] == today  # the signed copy keeps ISO 8601
    document["payload"]["reported_on"] = document["payload"]["issued_on"] = "2026-12-05"  # a day whose words are known
    html = package_pdf.render_html(document, language=lang)
    assert html.count(f'<time datetime="2026-12-05">{day}</time>') == 2
