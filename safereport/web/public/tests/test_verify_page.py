"""The public "check a document" page: says whether a package is genuine and who signed it, and keeps nothing."""

import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safereport.firewall import document_check, package_pdf
from safereport.firewall.referrals import open_referral, refer_to_police
from safereport.vault import crypto, keyring, signing

URL = "/en/verify/"


@pytest.fixture
def package(world, make_report):
    """The signed document a liaison downloads for a referral from North Support."""
    report, _ = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    return open_referral(referral, world.police.unlocked, world.police.police_liaison).document


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


def _upload(content: bytes, name="package.json"):
    return Client().post(URL, {"document": SimpleUploadedFile(name, content)})


def test_the_page_opens_without_sign_in_and_sets_no_cookie(db):
    response = Client().get(URL)
    assert response.status_code == 200
    assert "Check a SafeReport document" in response.content.decode()
    assert not response.cookies


def test_a_genuine_package_is_valid_and_names_the_signer_by_name_and_fingerprint(world, package):
    before = _rows()
    response = _upload(signing.document_bytes(package))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="verify-result"' in html
    assert "Genuine: the signature is valid" in html
    assert "North Support" in html and keyring.active_key(world.north.org.pk).fingerprint in html
    assert package["payload"]["package"]["reference"] in html
    # What the reporter wrote is not echoed on a public page: the holder has the file already.
    assert package["payload"]["package"]["narrative"][:20] not in html
    assert _rows() == before and not response.cookies


def test_the_pdf_is_checked_by_its_attached_document(world, package):
    response = _upload(package_pdf.render_pdf(package, language="en"), name="package.pdf")
    assert response.status_code == 200 and "Genuine: the signature is valid" in response.content.decode()


def test_a_pasted_document_is_checked_too(world, package):
    response = Client().post(URL, {"pasted": json.dumps(package)})
    assert "Genuine: the signature is valid" in response.content.decode()


def test_a_tampered_package_is_not_genuine(world, package):
    package["payload"]["package"]["crime"]["type_label"] = "Something else"
    before = _rows()
    response = _upload(signing.document_bytes(package))
    html = response.content.decode()
    assert response.status_code == 200
    assert "NOT genuine: the signature does not match" in html and "Genuine: the signature is valid" not in html
    assert _rows() == before


def test_a_valid_signature_by_a_key_held_nowhere_here_says_to_compare_it(db):
    stranger = crypto.KeyPair.generate()
    organisation = type("Org", (), {"name": "Unknown Support", "pk": 0})()
    document = signing.sign_document({"kind": "receipt", "reference": "SR-TEST-0001"}, stranger, organisation)
    html = _upload(signing.document_bytes(document)).content.decode()
    assert "the key is not one we know" in html and stranger.verify_key.hex() in html


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"\x00\x01garbage\xff" * 50, "not UTF-8"),
        (b"hello, this is not json", "not valid JSON"),
        (b"%PDF-1.7 broken", "The PDF"),
        (b"", "Choose the file you were given"),
    ],
)
def test_garbage_gets_a_clear_error_and_nothing_is_kept(db, content, phrase):
    before = _rows()
    response = _upload(content)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="verify-problem"' in html and phrase in html
    assert _rows() == before


def test_a_file_too_large_gets_a_clear_error(db):
    response = _upload(b" " * (document_check.MAX_BYTES + 10))
    assert response.status_code == 422
    assert "larger than 5 MB" in response.content.decode()


def test_pasted_text_too_large_for_a_form_gets_the_same_clear_error(db, settings):
    response = Client().post(URL, {"pasted": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode()


def test_pasted_text_is_kept_after_an_error(db):
    response = Client().post(URL, {"pasted": "{not json"})
    assert response.status_code == 422 and "{not json" in response.content.decode()


def test_the_page_is_in_spanish_and_arabic(db):
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    for lang in ("es", "ar"):
        html = Client().get(f"/{lang}/verify/").content.decode()
        with override(lang):
            heading = _("Check a SafeReport document")
        assert heading != "Check a SafeReport document" and heading in html
