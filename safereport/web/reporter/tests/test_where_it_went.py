"""The codename page says where the report went: the force, what the police did, and the crime reference if asked for."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from safereport.firewall import police_updates
from safereport.firewall.referrals import refer_to_police

CONSENTED = {"police": {"share_contact": False, "share_narrative": True}}
NUMBER = "CRN 5521/26"


@pytest.fixture
def referred(world, make_report):
    """A referral with a crime reference and an outcome, which North's advocate has seen (so it is relayed)."""
    report, codename = make_report(consent=CONSENTED)
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    liaison, unlocked = world.police.police_liaison, world.police.unlocked
    police_updates.record_crime_reference(referral, unlocked, liaison, NUMBER)
    police_updates.record_investigation(
        referral,
        unlocked,
        liaison,
        status="suspect_charged",
        outcome="charged",
        outcome_on=timezone.localdate() - timedelta(days=3),
    )
    police_updates.relay_to_reporter(report, world.north.unlocked, world.north.advocate)
    return report, codename


def _come_back(codename, lang="en") -> Client:
    client = Client()
    assert client.post(f"/{lang}/return/", {"codename": codename}).status_code == 302
    return client


def _page(client, lang="en") -> str:
    return html.unescape(client.get(f"/{lang}/my-report/").content.decode())


def test_the_page_names_the_force_and_what_the_police_did_but_not_the_number_by_default(referred):
    _report, codename = referred
    page = _page(_come_back(codename))
    assert "Sent to Shire Police on" in page
    assert "Someone has been charged." in page and "charged or summonsed to court" in page
    assert NUMBER not in page and "You can choose to see it here." in page


def test_the_reporter_who_asks_for_it_sees_the_crime_reference(referred):
    _report, codename = referred
    client = _come_back(codename)
    response = client.post("/en/my-report/crime-reference/", {"show_crime_reference": "yes"})
    assert response.status_code == 302
    assert NUMBER in _page(client)
    client.post("/en/my-report/crime-reference/", {"show_crime_reference": "no"})
    assert NUMBER not in _page(client)


def test_a_bad_choice_changes_nothing(referred):
    _report, codename = referred
    client = _come_back(codename)
    client.post("/en/my-report/crime-reference/", {"show_crime_reference": "perhaps"})
    assert NUMBER not in _page(client)


def test_the_choice_needs_the_codename_session(referred, client):
    response = client.post("/en/my-report/crime-reference/", {"show_crime_reference": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("/return/")


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_where_it_went_reads_in_the_reporters_language(referred, lang):
    _report, codename = referred
    client = _come_back(codename, lang)
    client.post(f"/{lang}/my-report/crime-reference/", {"show_crime_reference": "yes"})
    page = _page(client, lang)
    with override(lang):
        expected = [_("Where your report went"), _("Someone has been charged."), _("Crime reference number:")]
    assert all(phrase in page for phrase in expected)
    for english in ("Where your report went", "Someone has been charged.", "Sent to Shire Police"):
        assert english not in page
    assert NUMBER in page
