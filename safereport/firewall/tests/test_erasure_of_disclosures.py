"""A compelled-disclosure package goes with the reporter's erasure; the record that it was made stays."""

import json

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils.translation import gettext as _
from django.utils.translation import override

from safereport.firewall.models import DisclosureRequest
from safereport.firewall.requests import (
    PACKAGE_FIELD,
    PackageErased,
    approve_compelled_disclosure,
    package_for_download,
)
from safereport.intake.actions import erase_report
from safereport.vault import keyring, records
from safereport.vault.records import RecordCipher

from .conftest import CRIME_FACT, IMMIGRATION_NOTE, PHONE

Decision = DisclosureRequest.Decision
BASE = "/en/staff/disclosure/"
EVERY_FIELD = ("narrative", "name", "phone", "email", "wants_immigration_advice", "immigration_advice_notes")
KEPT_NOT_CONTENT = (
    "If the law ever forced us to give some of your information to an agency, we keep a record that "
    "we did and of which kinds of information, but not the information itself. We cannot delete a "
    "copy that the police or another agency was already given."
)


@pytest.fixture
def disclosed(world, register, seeded_case, court_order, second_supervisor):
    """A court-order disclosure of every field, immigration notes included, approved by a second supervisor."""
    request = register(**court_order(seeded_case.report, fields=EVERY_FIELD, names_immigration=True))
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review="The order names every field.")
    request.refresh_from_db()
    assert request.decision == Decision.DISCLOSED
    return request


def _reporter(codename) -> Client:
    client = Client()
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    return client


def test_erasure_deletes_the_package_content_and_keeps_the_record_of_the_disclosure(world, seeded_case, disclosed):
    fields = list(disclosed.disclosed_fields)
    erase_report(seeded_case.report)
    disclosed.refresh_from_db()
    assert disclosed.package_sealed is None and disclosed.package_key_id is None
    assert disclosed.report is None and disclosed.report_erased and disclosed.package_erased
    assert disclosed.decision == Decision.DISCLOSED and disclosed.disclosed_fields == fields
    assert disclosed.approved_by is not None and disclosed.legal_basis_kind == "court_order"
    with pytest.raises(PackageErased):
        package_for_download(disclosed, world.north.unlocked, world.north.supervisor)


def test_the_package_is_sealed_under_the_reports_own_key_not_the_organisations(world, seeded_case, disclosed):
    """So destroying the report's key destroys every copy of the package, backups of this row included."""
    assert disclosed.package_key_id == seeded_case.report.data_key_id
    with pytest.raises(keyring.AccessDenied):
        keyring.open_for_organisation(world.north.unlocked, disclosed.package_sealed)
    key = records.open_with_organisation(seeded_case.report.data_key_id, world.north.unlocked)
    package = json.loads(RecordCipher(key, disclosed.record_id).open(PACKAGE_FIELD, disclosed.package_sealed))
    assert package["immigration"]["immigration_advice_notes"] == IMMIGRATION_NOTE
    backup = bytes(disclosed.package_sealed)
    erase_report(seeded_case.report)
    # The key is gone with the report: the copied ciphertext has nothing left that opens it.
    with pytest.raises(keyring.AccessDenied):
        records.open_with_organisation(seeded_case.report.data_key_id, world.north.unlocked)
    assert IMMIGRATION_NOTE.encode() not in backup


def test_package_json_after_erasure_says_it_went_with_the_report_and_gives_no_content(world, sign_in, seeded_case, disclosed):
    erase_report(seeded_case.report)
    response = sign_in(world.north.supervisor, test_client=Client()).get(f"{BASE}{disclosed.reference}/package.json")
    html = response.content.decode()
    assert response.status_code == 410 and response["Content-Type"].startswith("text/html")
    assert 'id="package-erased"' in html and "The reporter erased this report, and the package content went with it" in html
    assert "This record of the disclosure stays" in html
    for secret in (CRIME_FACT, "Ana Lopez", PHONE, "ana@example.org", IMMIGRATION_NOTE, "QUOKKA"):
        assert secret not in html


def test_register_entry_after_erasure_shows_what_was_disclosed_but_offers_no_download(world, sign_in, seeded_case, disclosed):
    erase_report(seeded_case.report)
    html = sign_in(world.north.supervisor, test_client=Client()).get(f"{BASE}{disclosed.reference}/").content.decode()
    assert "Erased by the reporter." in html and "The package content was erased with the report" in html
    assert 'id="download-package"' not in html
    assert "Immigration advice notes" in html and "Phone number" in html  # which fields went, not their values
    assert IMMIGRATION_NOTE not in html and PHONE not in html


def test_a_package_sealed_to_the_organisation_before_this_release_is_erased_with_its_report(world, seeded_case, disclosed):
    legacy, _fingerprint = keyring.seal_to_organisation(world.north.org.pk, json.dumps({"narrative": CRIME_FACT}).encode())
    DisclosureRequest.objects.filter(pk=disclosed.pk).update(package_sealed=legacy, package_key=None)
    disclosed.refresh_from_db()
    assert package_for_download(disclosed, world.north.unlocked, world.north.supervisor)["narrative"] == CRIME_FACT
    erase_report(seeded_case.report)
    disclosed.refresh_from_db()
    assert disclosed.package_sealed is None and disclosed.package_erased


def test_migration_empties_packages_whose_report_was_already_erased(world, register, court_order):
    from importlib import import_module

    migration = import_module("safereport.firewall.migrations.0003_court_orders_and_erasure")
    orphan = register(**court_order(None))
    DisclosureRequest.objects.filter(pk=orphan.pk).update(
        decision=Decision.DISCLOSED, package_sealed=b"left behind", approved_by=world.north.advocate
    )
    migration.erase_orphaned_packages(django_apps, None)
    orphan.refresh_from_db()
    assert orphan.package_sealed is None and orphan.report_erased and orphan.decision == Decision.DISCLOSED


def test_reporter_is_told_before_erasing_what_is_kept_of_a_compelled_disclosure(seeded_case):
    reporter = _reporter(seeded_case.codename)
    assert KEPT_NOT_CONTENT in reporter.get("/en/my-report/").content.decode()
    erased = reporter.post("/en/my-report/erase/", {"confirm": "on"}).content.decode()
    assert KEPT_NOT_CONTENT in erased
    assert "Nobody can read them again" not in erased


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_what_erasure_keeps_is_said_in_the_reporters_language(seeded_case, lang, back_to_english):
    client = Client()
    assert client.post(f"/{lang}/return/", {"codename": seeded_case.codename}).status_code == 302
    with override(lang):
        translated = _(KEPT_NOT_CONTENT)
    assert translated != KEPT_NOT_CONTENT
    page = client.get(f"/{lang}/my-report/").content.decode()
    erased = client.post(f"/{lang}/my-report/erase/", {"confirm": "on"}).content.decode()
    assert translated in page and translated in erased and KEPT_NOT_CONTENT not in erased
