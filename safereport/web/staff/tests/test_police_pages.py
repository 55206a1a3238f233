"""The liaison's referral queue and updates, and what the advocate sees of them on the case."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.accounts.actions import add_staff, create_organisation
from safereport.accounts.models import User
from safereport.firewall import police_updates, withdrawn_consent
from safereport.firewall.models import PoliceUpdate, Referral
from safereport.firewall.referrals import refer_to_police
from safereport.vault import keyring

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}
PAST = (timezone.localdate() - timedelta(days=3)).isoformat()


@pytest.fixture
def other_force(world):
    """Dale Police, with a liaison who holds its key: (organisation, liaison)."""
    org, supervisor, _words = create_organisation(
        "Dale Police", "police", supervisor_email="s@dale.test", supervisor_password=world.password, slug="dale"
    )
    liaison = add_staff(org, "liaison@dale.test", world.password, User.Role.POLICE_LIAISON, actor="test")
    keyring.grant_access(keyring.unlock_organisation(supervisor, world.password), liaison, actor="test")
    return org, liaison


@pytest.fixture
def referral(world, make_report):
    report, _codename = make_report(consent=CONSENTED, contact={"name": "Ana", "phone": "+44 7700 900123"})
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_queue_shows_only_this_forces_referrals_with_status_and_crime_reference(
    world, make_report, referral, other_force, as_user
):
    dale, _liaison = other_force
    elsewhere, _ = make_report(consent=CONSENTED)
    refer_to_police(elsewhere, dale, world.north.unlocked, world.north.advocate)
    police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, "CRN 71/26")
    police_updates.record_investigation(
        referral, world.police.unlocked, world.police.police_liaison, status="under_investigation"
    )
    listing = _text(as_user(world.police.police_liaison).get("/en/staff/police/"))
    assert referral.report.reference in listing and elsewhere.reference not in listing
    assert "CRN 71/26" in listing and "Under investigation" in listing


def test_a_bad_investigation_update_is_refused_by_field_with_what_was_typed_kept(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    response = police.post(
        f"/en/staff/police/{referral.pk}/investigation/", {"status": "closed", "outcome": "", "outcome_on": PAST}
    )
    page = _text(response)
    assert response.status_code == 422
    assert 'id="id_outcome_error"' in page and 'id="id_outcome_on_error"' in page
    assert f'value="{PAST}"' in page and '<option value="closed" selected>' in page
    assert not PoliceUpdate.objects.exists()
    assert Referral.objects.get(pk=referral.pk).investigation_status == "received"
    unknown = police.post(f"/en/staff/police/{referral.pk}/investigation/", {"status": "deported"})
    assert unknown.status_code == 422 and 'id="id_status_error"' in _text(unknown)


def test_the_liaisons_updates_show_on_the_advocates_case_and_nowhere_else(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    police.post(f"/en/staff/police/{referral.pk}/", {"crime_reference": "CRN 4471/26"})
    response = police.post(
        f"/en/staff/police/{referral.pk}/investigation/",
        {"status": "suspect_charged", "outcome": "charged", "outcome_on": PAST},
    )
    assert response.status_code == 302
    case_url = f"/en/staff/cases/{referral.report.reference}/"
    page = _text(as_user(world.north.advocate).get(case_url))
    assert "CRN 4471/26" in page and "Suspect charged" in page and "1 · Charged or summonsed" in page
    assert as_user(world.south.advocate).get(case_url).status_code == 404
    assert police.get(case_url).status_code == 404  # a liaison never reaches a case


def test_a_request_for_contact_reaches_the_advocate_who_answers_it(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    asked = police.post(f"/en/staff/police/{referral.pk}/contact/", {"message": "Could she come in with you on Tuesday?"})
    assert asked.status_code == 302
    advocate = as_user(world.north.advocate)
    case_url = f"/en/staff/cases/{referral.report.reference}/"
    page = _text(advocate.get(case_url))
    assert "Could she come in with you on Tuesday?" in page and "Send answer to the force" in page
    request = PoliceUpdate.objects.get(kind="contact_request")
    answer_url = f"{case_url}contact-requests/{request.pk}/answer/"
    empty = advocate.post(answer_url, {"body": "   "})
    assert empty.status_code == 422 and not PoliceUpdate.objects.filter(kind="contact_answer").exists()
    assert advocate.post(answer_url, {"body": "She can meet you at the station with me on Tuesday."}).status_code == 302
    assert "She can meet you at the station with me on Tuesday." in _text(police.get(f"/en/staff/police/{referral.pk}/"))
    # Another organisation cannot answer, nor see that the request exists.
    assert as_user(world.south.advocate).post(answer_url, {"body": "x"}).status_code == 404


def test_another_forces_liaison_gets_404_on_every_update_page(world, referral, other_force, as_user):
    _dale, liaison = other_force
    browser = as_user(liaison)
    for url, data in [
        (f"/en/staff/police/{referral.pk}/investigation/", {"status": "closed"}),
        (f"/en/staff/police/{referral.pk}/contact/", {"message": "hello"}),
        (f"/en/staff/police/{referral.pk}/", {"crime_reference": "X"}),
    ]:
        assert browser.post(url, data).status_code == 404, url
    assert not PoliceUpdate.objects.exists()


def test_a_withdrawn_referral_takes_no_update_from_the_page(world, referral, as_user):
    withdrawn_consent.change_consent(referral.report, "police", share_contact=False, share_narrative=True, language="en")
    police = as_user(world.police.police_liaison)
    page = _text(police.get(f"/en/staff/police/{referral.pk}/"))
    assert 'id="updates-closed"' in page and 'id="investigation-form"' not in page
    response = police.post(f"/en/staff/police/{referral.pk}/investigation/", {"status": "crime_recorded"}, follow=True)
    assert "it takes no more updates" in _text(response)
    assert not PoliceUpdate.objects.exists()
