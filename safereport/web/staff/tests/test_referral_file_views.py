"""The liaison opens the files sent with a referral inline; the case page says which files would go and why not."""

import html

import pytest

from safereport.accounts.actions import add_staff, create_organisation
from safereport.accounts.models import User
from safereport.audit.models import AuditEntry
from safereport.evidence import actions as evidence_actions
from safereport.evidence.tests import samples
from safereport.firewall import referral_files
from safereport.firewall.referrals import refer_to_police
from safereport.intake import actions as intake_actions
from safereport.vault import keyring

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}


@pytest.fixture
def case(world, make_report):
    """A consented report with three photos: agreed and reviewed, agreed only, reviewed only."""
    report, codename = make_report(consent=CONSENTED)
    access = intake_actions.open_with_codename(codename)
    files = [evidence_actions.add_evidence(report, access.key, samples.photo()) for _ in range(3)]
    referral_files.set_file_consent(access, files[0].pk, True)
    referral_files.set_file_consent(access, files[1].pk, True)
    for item in (files[0], files[2]):
        evidence_actions.open_for_review(item, world.north.unlocked, world.north.advocate)
    return report, access, files


@pytest.fixture
def referral(world, case):
    report, _access, _files = case
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)


def test_the_case_page_says_for_each_file_whether_it_goes_with_a_referral_and_why_not(world, case, as_user):
    report, _access, _files = case
    page = html.unescape(as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/").content.decode())
    statuses = [cell.split("</td>")[0] for cell in page.split('<td class="police-status">')[1:]]
    assert statuses == [
        "Yes: the reporter agreed and it was reviewed",
        "No: not yet reviewed by an advocate",
        "No: the reporter has not agreed",
    ]


def test_the_liaison_sees_the_files_listed_and_opens_one_inline(world, referral, as_user):
    liaison = as_user(world.police.police_liaison)
    page = html.unescape(liaison.get(f"/en/staff/police/{referral.pk}/").content.decode())
    listing = page.split('id="referral-files"')[1].split("</ul>")[0]
    assert f"/staff/police/{referral.pk}/files/1/" in listing and "SHA-256" in listing
    assert "File 2" not in listing and "File 3" not in listing
    response = liaison.get(f"/en/staff/police/{referral.pk}/files/1/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;") and "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert AuditEntry.objects.filter(action="referral.read", detail__part="evidence", detail__number=1).exists()
    # A file that did not go is not there to open.
    assert liaison.get(f"/en/staff/police/{referral.pk}/files/2/").status_code == 404


def test_another_force_and_the_sending_advocate_get_404_for_the_file(world, referral, as_user):
    org, supervisor, _words = create_organisation(
        "Dale Police", "police", supervisor_email="s@dale.test", supervisor_password=world.password, slug="dale"
    )
    other = add_staff(org, "liaison@dale.test", world.password, User.Role.POLICE_LIAISON, actor="test")
    keyring.grant_access(keyring.unlock_organisation(supervisor, world.password), other, actor="test")
    assert as_user(other).get(f"/en/staff/police/{referral.pk}/files/1/").status_code == 404
    assert as_user(world.north.advocate).get(f"/en/staff/police/{referral.pk}/files/1/").status_code == 404
    assert not AuditEntry.objects.filter(action="referral.read", detail__part="evidence").exists()


def test_after_erasure_the_file_is_gone_for_the_liaison(world, case, referral, as_user):
    report, _access, _files = case
    intake_actions.erase_report(report)
    assert as_user(world.police.police_liaison).get(f"/en/staff/police/{referral.pk}/files/1/").status_code == 404


def test_a_file_taken_back_is_shown_to_the_liaison_as_taken_back(world, case, referral, as_user):
    _report, access, files = case
    referral_files.set_file_consent(access, files[0].pk, False)
    liaison = as_user(world.police.police_liaison)
    page = html.unescape(liaison.get(f"/en/staff/police/{referral.pk}/").content.decode())
    assert "the reporter has taken it back: delete any copy you made" in page
    assert f"/staff/police/{referral.pk}/files/1/" not in page
    assert liaison.get(f"/en/staff/police/{referral.pk}/files/1/").status_code == 404
