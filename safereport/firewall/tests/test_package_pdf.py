"""Referral PDFs: readable, carrying the signed document, free of status statements, downloadable by the force only."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pypdf import PdfReader
from weasyprint import HTML

from safereport.accounts.actions import add_staff, create_organisation
from safereport.audit.models import AuditEntry
from safereport.firewall import package_pdf
from safereport.firewall.referrals import open_referral, refer_to_police
from safereport.vault import keyring, signing

STATUS_STATEMENTS = [
    "My visa expired in March",
    "I have no papers",
    "my asylum claim was refused",
    "I'm on a spousal visa",
    "no recourse to public funds",
]
NARRATIVE = (
    "He hit me outside the shop on Monday. My visa expired in March. I have no papers and my asylum claim "
    "was refused. I'm on a spousal visa. He said he would get me deported if I told anyone. I have "
    "no recourse to public funds. He broke my phone."
)


@pytest.fixture
def referral(world, make_report):
    report, _ = make_report(narrative=NARRATIVE, consent={"police": {"share_contact": False, "share_narrative": True}})
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)


@pytest.fixture
def document(world, referral):
    return open_referral(referral, world.police.unlocked, world.police.police_liaison).document


def _attachments(pdf: bytes) -> dict:
    return {name: contents for name, contents in PdfReader(BytesIO(pdf)).attachments.items()}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _verify_command(path, *args):
    out = []
    call_command("verify_package", str(path), *args, stdout=SimpleNamespace(write=out.append, flush=lambda: None))
    return "".join(out)


def test_referral_pdf_embeds_the_signed_document_and_it_verifies(document):
    pdf = package_pdf.render_pdf(document, language="en")
    attachments = _attachments(pdf)
    assert list(attachments) == [package_pdf.filename(document, "json")]
    embedded = signing.load_document(attachments[package_pdf.filename(document, "json")][0])
    assert embedded == document and signing.verify_document(embedded).ok


def test_referral_pdf_is_readable_text_of_the_package(document):
    text = _text(package_pdf.render_pdf(document, language="en"))
    package = document["payload"]["package"]
    for value in (package["reference"], "North Support", "Shire Police", "Physical assault", document["signer"]["fingerprint"]):
        assert value in text


def test_status_statements_in_the_narrative_reach_neither_the_pdf_pages_nor_its_attachment(document):
    pdf = package_pdf.render_pdf(document, language="en")
    text = " ".join(_text(pdf).split()).lower()
    embedded = " ".join(attachment[0].decode() for attachment in _attachments(pdf).values()).lower()
    for statement in STATUS_STATEMENTS:
        assert statement.lower() not in text and statement.lower() not in embedded
    assert "he said he would get me deported" in text  # the threat is a crime fact, and stays
    assert "he broke my phone" in text


def test_arabic_pdf_is_laid_out_right_to_left_with_arabic_text(world, make_report):
    report, _ = make_report(
        language="ar",
        narrative="ضربني رجل خارج المتجر يوم الاثنين",
        consent={"police": {"share_contact": False, "share_narrative": True}},
    )
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    document = open_referral(referral, world.police.unlocked, world.police.police_liaison).document
    text = _text(package_pdf.render_pdf(document, language="ar"))
    assert "المتجر" in text and report.reference in text
    assert package_pdf.direction(document["payload"]["package"]["narrative"]) == "rtl"


@pytest.mark.parametrize("text, expected", [("مرحبا Ana", "rtl"), ("Ana مرحبا", "ltr"), ("07700 900123", "ltr"), ("", "ltr")])
def test_free_text_takes_the_direction_of_its_first_strong_character(text, expected):
    assert package_pdf.direction(text) == expected


@pytest.mark.parametrize("url", ["https://example.org/tracker.png", "http://10.0.0.1/", "file:///etc/passwd"])
def test_pdf_renderer_fetches_nothing_but_inline_data(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        package_pdf.url_fetcher().fetch(url)


def test_verify_package_accepts_the_referral_pdf(document, tmp_path):
    path = tmp_path / "referral.pdf"
    path.write_bytes(package_pdf.render_pdf(document, language="en"))
    out = _verify_command(path)
    assert out.startswith("VERIFIED") and "police referral" in out and "KNOWN to this installation" in out
    assert document["payload"]["package"]["reference"] in out


def test_verify_package_rejects_a_pdf_whose_attached_document_was_altered(document, tmp_path):
    document["payload"]["package"]["crime"]["type_label"] = "Something else"
    path = tmp_path / "altered.pdf"
    path.write_bytes(package_pdf.render_pdf(document, language="en"))
    with pytest.raises(CommandError, match="NOT VERIFIED"):
        _verify_command(path)


def test_verify_package_rejects_a_pdf_with_no_signed_document(db, tmp_path):
    path = tmp_path / "plain.pdf"
    path.write_bytes(HTML(string="<p>Looks official</p>", url_fetcher=package_pdf.url_fetcher()).write_pdf())
    with pytest.raises(CommandError, match="no attached SafeReport signed document"):
        _verify_command(path)


def test_verify_package_rejects_a_broken_pdf(document, tmp_path):
    pdf = package_pdf.render_pdf(document, language="en")
    path = tmp_path / "broken.pdf"
    path.write_bytes(pdf[:200])
    with pytest.raises(CommandError):
        _verify_command(path)


def _referral_urls(referral):
    return f"/en/staff/police/{referral.pk}/package.json", f"/en/staff/police/{referral.pk}/package.pdf"


def test_liaison_downloads_the_signed_json_and_pdf_of_a_referral(world, referral, sign_in):
    police = sign_in(world.police.police_liaison)
    page = police.get(f"/en/staff/police/{referral.pk}/").content.decode()
    json_url, pdf_url = _referral_urls(referral)
    assert json_url in page and pdf_url in page
    as_json = police.get(json_url)
    assert as_json.status_code == 200 and as_json["Content-Type"].startswith("application/json")
    assert "attachment" in as_json["Content-Disposition"] and "no-store" in as_json["Cache-Control"]
    document = signing.load_document(as_json.content)
    assert signing.verify_document(document).ok and document["payload"]["kind"] == "police_referral"
    as_pdf = police.get(pdf_url)
    assert as_pdf.status_code == 200 and as_pdf["Content-Type"] == "application/pdf"
    assert signing.load_document(next(iter(_attachments(as_pdf.content).values()))[0]) == document
    downloads = AuditEntry.objects.filter(action="referral.downloaded", target=referral.report.reference)
    assert sorted(entry.detail["format"] for entry in downloads) == ["json", "pdf"]


def test_other_forces_and_advocates_cannot_download_a_referral(world, referral, sign_in):
    other, supervisor, _words = create_organisation(
        "Other Police",
        "police",
        supervisor_email="supervisor@other-police.test",
        supervisor_password=world.password,
        areas=[],
        slug="other-police",
        receives_unrouted=False,
    )
    liaison = add_staff(other, "liaison@other-police.test", world.password, "police_liaison", actor="test")
    keyring.grant_access(keyring.unlock_organisation(supervisor, world.password), liaison, actor="test")
    for user in (liaison, world.north.advocate):
        client = sign_in(user, test_client=Client())
        for url in _referral_urls(referral):
            assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="referral.downloaded").exists()


def test_referral_downloads_need_a_signed_in_liaison(referral, client):
    for url in _referral_urls(referral):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]


REFERRAL_DAYS = {"en": "5 December 2025", "es": "5 de diciembre de 2025", "ar": "5 ديسمبر 2025"}


@pytest.mark.parametrize("language", list(REFERRAL_DAYS))
def test_referral_pdf_writes_the_day_of_the_crime_out_in_the_pdfs_language(world, make_report, language):
    report, _ = make_report(occurred_on=date(2025, 12, 5), consent={"police": {"share_contact": False, "share_narrative": True}})
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    document = open_referral(referral, world.police.unlocked, world.police.police_liaison).document
    assert document["payload"]["package"]["crime"]["occurred_on"] == "2025-12-05"  # the signed copy stays ISO 8601
    html = package_pdf.render_html(document, language=language)
    assert f'<time datetime="2025-12-05">{REFERRAL_DAYS[language]}</time>' in html
    if language != "ar":  # Arabic text comes out of the PDF in visual order; its HTML is checked above
        assert REFERRAL_DAYS[language] in " ".join(_text(package_pdf.render_pdf(document, language=language)).split())
