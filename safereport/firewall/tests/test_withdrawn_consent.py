"""Withdrawing consent after a referral takes effect at once on everything the system still serves."""

import json

import pytest
from django.test import Client

from safereport.audit.models import AuditEntry
from safereport.firewall.models import Referral

PHONE = "+44 7700 900123"
NARRATIVE = f"My employer Jorvik kept my wages and locked me in the storeroom. Call me on {PHONE}."
OWN_WORDS = "the storeroom behind Quillhaven laundrette"
BOTH = {"police": {"share_contact": True, "share_narrative": True}}


@pytest.fixture
def referred(world, make_report, sign_in):
    """A report shared in full with the police, referred through the advocate's page; returns (referral, codename)."""
    report, codename = make_report(
        narrative=NARRATIVE,
        consent=BOTH,
        area=OWN_WORDS,
        contact={"name": "Ana Quintero", "phone": PHONE, "email": "ana@example.org"},
    )
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}).status_code == 302
    return Referral.objects.get(report=report), codename


@pytest.fixture
def liaison(world, sign_in):
    return sign_in(world.police.police_liaison, test_client=Client())


def reporter(codename, language="en") -> Client:
    client = Client()
    assert client.post(f"/{language}/return/", {"codename": codename}).status_code == 302
    return client


def choose(client, contact: bool, narrative: bool, language="en"):
    yes = {True: "yes", False: "no"}
    response = client.post(
        f"/{language}/my-report/consent/", {"police_share_contact": yes[contact], "police_share_narrative": yes[narrative]}
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def page(liaison, referral) -> str:
    response = liaison.get(f"/en/staff/police/{referral.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_withdrawn_contact_consent_hides_contact_on_liaison_page(referred, liaison):
    referral, codename = referred
    assert "Ana Quintero" in page(liaison, referral) and PHONE in page(liaison, referral)
    choose(reporter(codename), contact=False, narrative=True)
    html = page(liaison, referral)
    assert "Ana Quintero" not in html and "ana@example.org" not in html
    assert PHONE not in html, "the phone number the narrative kept under contact consent is still shown"
    assert "Jorvik kept my wages" in html and "Quillhaven" in html
    assert 'id="withdrawal-notice"' in html and "Contact details: name, phone number and email address" in html
    assert "What the reporter wrote" not in html.split('id="withdrawal-notice"')[1].split("</section>")[0]


def test_withdrawn_narrative_consent_hides_the_narrative_and_the_place_in_the_reporters_words(referred, liaison):
    referral, codename = referred
    choose(reporter(codename), contact=True, narrative=False)
    html = page(liaison, referral)
    assert "Jorvik" not in html and "Quillhaven" not in html
    assert "Ana Quintero" in html
    assert "What the reporter wrote, and the place described in their own words" in html


@pytest.mark.parametrize("download", ["package.json", "package.pdf"])
def test_downloads_of_a_package_holding_withdrawn_content_are_refused_with_the_reason(referred, liaison, download):
    referral, codename = referred
    assert liaison.get(f"/en/staff/police/{referral.pk}/{download}").status_code == 200
    choose(reporter(codename), contact=False, narrative=True)
    response = liaison.get(f"/en/staff/police/{referral.pk}/{download}")
    body = response.content.decode("utf-8", "replace")
    assert response.status_code == 410 and response["Content-Type"].startswith("text/html")
    assert "no longer available" in body and "withdrew consent" in body
    assert "Ana Quintero" not in body and PHONE not in body
    assert 'id="downloads"' not in page(liaison, referral)
    refused = AuditEntry.objects.get(action="referral.download_refused", target=referral.report.reference)
    assert refused.detail["withdrawn"] == ["contact"] and refused.detail["format"] == download.split(".")[1]


def test_force_is_told_through_the_system_what_to_delete_and_it_is_audited(world, referred, liaison):
    referral, codename = referred
    choose(reporter(codename), contact=False, narrative=False)
    told = AuditEntry.objects.get(action="referral.consent_withdrawn", target=referral.report.reference)
    assert told.actor == "reporter" and told.detail == {
        "police": world.police.org.pk,
        "referral": str(referral.pk),
        "withdrawn": ["contact", "narrative"],
    }
    listing = liaison.get("/en/staff/police/").content.decode()
    assert "withdrawn: open the referral and delete what it names" in listing
    page(liaison, referral)
    read = AuditEntry.objects.filter(action="referral.read", target=referral.report.reference).last()
    assert read.detail == {"told_to_delete": ["contact", "narrative"]}


def test_consent_given_again_shows_the_package_again_and_serves_it(referred, liaison):
    referral, codename = referred
    client = reporter(codename)
    choose(client, contact=False, narrative=False)
    choose(client, contact=True, narrative=True)
    html = page(liaison, referral)
    assert "Ana Quintero" in html and "Jorvik" in html and 'id="withdrawal-notice"' not in html
    document = json.loads(liaison.get(f"/en/staff/police/{referral.pk}/package.json").content)
    assert document["payload"]["package"]["contact"]["name"] == "Ana Quintero"


@pytest.mark.parametrize(
    ("language", "confirmation"),
    [
        ("en", "The police can no longer see your contact details, and we have told them to delete any copy they have."),
        ("es", "La policía ya no puede ver sus datos de contacto, y le hemos indicado que borre cualquier copia que tenga."),
        ("ar", "لم يعد بإمكان الشرطة رؤية بيانات الاتصال بك، وقد طلبنا منها حذف أي نسخة لديها."),
    ],
)
def test_reporter_sees_once_that_the_withdrawal_was_done_in_their_language(referred, language, confirmation):
    _referral, codename = referred
    client = reporter(codename, language)
    html = choose(client, contact=False, narrative=True, language=language)
    assert 'id="consent-saved"' in html and confirmation in html
    assert confirmation not in client.get(f"/{language}/my-report/").content.decode()


def test_withdrawal_before_any_referral_says_nothing_was_sent(make_report):
    _report, codename = make_report(consent=BOTH, contact={"name": "Ana"})
    html = choose(reporter(codename), contact=False, narrative=True)
    assert "Nothing had been sent to the police, so there is nothing for them to delete." in html
    assert not AuditEntry.objects.filter(action="referral.consent_withdrawn").exists()


def test_widening_consent_only_says_the_choices_are_saved(referred):
    _referral, codename = referred
    client = reporter(codename)
    choose(client, contact=False, narrative=True)
    html = choose(client, contact=True, narrative=True)
    assert "Your choices about the police are saved." in html
    assert "can no longer see" not in html and "Nothing had been sent" not in html
