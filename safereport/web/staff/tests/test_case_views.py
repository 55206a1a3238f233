"""Staff views: each one's allowed path and each way in that must be refused."""

import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from safereport.accounts.actions import add_staff, create_organisation
from safereport.accounts.models import User
from safereport.audit.models import AuditEntry
from safereport.cases.models import CaseNote, ImmigrationAdvice
from safereport.firewall import referrals
from safereport.firewall.models import Referral
from safereport.intake import actions as intake_actions
from safereport.intake.models import Message, Report
from safereport.vault import keyring

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}
IMMIGRATION_NOTE = "Qzvx eligible for the destitution domestic violence concession, BRP expired"
NARRATIVE = "My employer Jorvik kept my wages and locked me in the storeroom on Friday."


@pytest.fixture
def consented(make_report):
    """A north report whose reporter agreed to share contact and narrative with the police."""
    return make_report(
        narrative=NARRATIVE,
        consent=CONSENTED,
        wants={"immigration_advice", "advocate"},
        contact={"name": "Ana", "phone": "+44 7700 900123"},
    )


@pytest.fixture
def referral(world, consented, as_user):
    """A referral of the consented report, made through the advocate's page, carrying immigration notes on the case."""
    report, _codename = consented
    advocate = as_user(world.north.advocate)
    advocate.post(f"/en/staff/cases/{report.reference}/immigration-advice/", {"body": IMMIGRATION_NOTE})
    response = advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk})
    assert response.status_code == 302
    return Referral.objects.get(report=report)


def casework_urls(reference):
    base = f"/en/staff/cases/{reference}"
    return [
        ("get", "/en/staff/", {}),
        ("get", f"{base}/", {}),
        ("post", f"{base}/reply/", {"body": "hi"}),
        ("post", f"{base}/note/", {"body": "note"}),
        ("post", f"{base}/immigration-advice/", {"body": "x"}),
        ("post", f"{base}/status/", {"status": "closed"}),
        ("post", f"{base}/refer/", {"police": 1}),
    ]


def police_urls(referral_pk):
    return [
        ("get", "/en/staff/police/", {}),
        ("get", f"/en/staff/police/{referral_pk}/", {}),
        ("post", f"/en/staff/police/{referral_pk}/", {"crime_reference": "CR-1"}),
        ("get", f"/en/staff/police/{referral_pk}/package.json", {}),
    ]


def call(client, method, url, data):
    return getattr(client, method)(url, data)


def snapshot():
    return (
        Report.objects.values_list("status", flat=True).order_by("pk").first(),
        Message.objects.count(),
        CaseNote.objects.count(),
        ImmigrationAdvice.objects.count(),
        Referral.objects.count(),
    )


# Denied paths


def test_anonymous_is_sent_to_sign_in_everywhere(world, referral, client):
    before = snapshot()
    for method, url, data in casework_urls(referral.report.reference) + police_urls(referral.pk):
        response = call(client, method, url, data)
        assert response.status_code == 302 and "/staff/sign-in/" in response.url, url
    assert snapshot() == before


def test_other_organisations_advocate_gets_404_for_a_case(world, consented, as_user):
    report, _codename = consented
    south = as_user(world.south.advocate)
    before = snapshot()
    for method, url, data in casework_urls(report.reference)[1:]:
        assert call(south, method, url, data).status_code == 404, url
    assert report.reference not in south.get("/en/staff/").content.decode()
    assert snapshot() == before


def test_police_liaison_gets_404_on_casework(world, consented, as_user):
    report, _codename = consented
    police = as_user(world.police.police_liaison)
    before = snapshot()
    for method, url, data in casework_urls(report.reference):
        assert call(police, method, url, data).status_code == 404, url
    assert snapshot() == before


def test_advocate_gets_404_on_police_pages(world, referral, as_user):
    for user in (world.north.advocate, world.north.supervisor):
        staff = as_user(user)
        for method, url, data in police_urls(referral.pk):
            assert call(staff, method, url, data).status_code == 404, url
    assert Referral.objects.get(pk=referral.pk).crime_reference_recorded_at is None


def test_signed_in_without_a_grant_is_sent_to_the_locked_page_which_explains(world, referral, client, pass_second_factor):
    newcomer = add_staff(world.north.org, "new@north.test", world.password, User.Role.ADVOCATE, actor="test")
    liaison = add_staff(world.police.org, "new@shire-police.test", world.password, User.Role.POLICE_LIAISON, actor="test")
    for user, urls in ((newcomer, casework_urls(referral.report.reference)), (liaison, police_urls(referral.pk))):
        browser = Client()
        browser.post("/en/staff/sign-in/", {"email": user.email, "password": world.password})
        signed_in = pass_second_factor(browser, user)
        assert signed_in.status_code == 302 and signed_in.url.endswith("/staff/locked/")
        for method, url, data in urls:
            response = call(browser, method, url, data)
            assert response.status_code == 302 and response.url.endswith("/staff/locked/"), url
        page = browser.get("/en/staff/locked/").content.decode()
        assert "Ask a supervisor" in page and "grant you access" in page and "No report has been lost" in page


# Allowed paths


def test_queue_lists_own_organisations_reports_only(world, make_report, as_user):
    north_report, _ = make_report(area="north")
    south_report, _ = make_report(area="south")
    page = as_user(world.north.advocate).get("/en/staff/").content.decode()
    assert north_report.reference in page and south_report.reference not in page


def test_case_page_shows_the_decrypted_narrative_contact_and_consent(world, consented, as_user):
    report, _codename = consented
    page = as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Jorvik kept my wages" in html and "+44 7700 900123" in html
    assert AuditEntry.objects.filter(action="case.read", target=report.reference).exists()


def test_reply_reaches_the_reporter_and_moves_the_case_on(world, consented, as_user):
    report, codename = consented
    response = as_user(world.north.advocate).post(f"/en/staff/cases/{report.reference}/reply/", {"body": "We can help you."})
    assert response.status_code == 302
    access = intake_actions.open_with_codename(codename)
    assert [(m.sender, m.body) for m in intake_actions.message_thread(access.report, access.key)] == [
        ("advocate", "We can help you.")
    ]
    assert Report.objects.get(pk=report.pk).status == Report.Status.IN_PROGRESS


def test_empty_reply_is_refused_with_a_message(world, consented, as_user):
    report, _codename = consented
    advocate = as_user(world.north.advocate)
    response = advocate.post(f"/en/staff/cases/{report.reference}/reply/", {"body": ""})
    assert response.status_code == 422 and Message.objects.count() == 0
    assert 'id="reply-body-error"' in response.content.decode()


def test_note_and_immigration_advice_are_saved_and_shown_to_the_organisation(world, consented, as_user):
    report, _codename = consented
    advocate = as_user(world.north.advocate)
    advocate.post(f"/en/staff/cases/{report.reference}/note/", {"body": "Called back, no answer."})
    advocate.post(f"/en/staff/cases/{report.reference}/immigration-advice/", {"body": IMMIGRATION_NOTE})
    html = as_user(world.north.supervisor).get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "Called back, no answer." in html and IMMIGRATION_NOTE in html
    assert all(IMMIGRATION_NOTE.encode() not in bytes(n.body_sealed) for n in CaseNote.objects.filter(report=report))


def test_status_change_is_saved_and_audited(world, consented, as_user):
    report, _codename = consented
    as_user(world.north.advocate).post(f"/en/staff/cases/{report.reference}/status/", {"status": "closed"})
    assert Report.objects.get(pk=report.pk).status == "closed"
    assert AuditEntry.objects.get(action="case.status_changed", target=report.reference).detail["new"] == "closed"


def test_unknown_status_changes_nothing(world, consented, as_user):
    report, _codename = consented
    as_user(world.north.advocate).post(f"/en/staff/cases/{report.reference}/status/", {"status": "deported"})
    assert Report.objects.get(pk=report.pk).status == "new"


# Referrals


def test_consented_referral_opens_for_the_police_liaison_with_a_valid_signature(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    listing = police.get("/en/staff/police/").content.decode()
    assert referral.report.reference in listing
    page = police.get(f"/en/staff/police/{referral.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<p class="ok" id="signature">', html)
    assert "Jorvik kept my wages" in html and "+44 7700 900123" in html
    opened = referrals.open_referral(Referral.objects.get(pk=referral.pk), world.police.unlocked, world.police.police_liaison)
    assert opened.signature_valid and opened.package["reference"] == referral.report.reference
    assert Report.objects.get(pk=referral.report.pk).status == Report.Status.REFERRED


def test_a_tampered_referral_does_not_verify(world, referral):
    """The force's key opens it, but a package swapped in by someone else fails the sender's signature."""
    from safereport.firewall import referral_keys
    from safereport.vault import keyring

    unlocked = world.police.unlocked
    opened = referrals.open_referral(referral, unlocked, world.police.police_liaison)
    forged = json.loads(referral_keys.opened(referral, unlocked, "package", referral.package_sealed))
    text = json.dumps(forged).replace("Jorvik", "Somebody")
    assert text != json.dumps(forged)
    # Whoever holds the force's key (so the referral's key too) can seal a new package; they cannot sign it.
    key, force_key = referral_keys.key_of(referral, unlocked), keyring.active_key(world.police.org.pk)
    Referral.objects.filter(pk=referral.pk).update(
        package_sealed=referral_keys.seal(referral.record_id, key, "package", text.encode(), force_key)
    )
    tampered = referrals.open_referral(Referral.objects.get(pk=referral.pk), world.police.unlocked, world.police.police_liaison)
    assert opened.signature_valid and not tampered.signature_valid


def test_police_liaison_of_another_force_cannot_see_the_referral(world, referral, as_user):
    other, supervisor, _words = create_organisation(
        "Dale Police", "police", supervisor_email="s@dale.test", supervisor_password=world.password, slug="dale"
    )
    liaison = add_staff(other, "liaison@dale.test", world.password, User.Role.POLICE_LIAISON, actor="test")
    keyring.grant_access(keyring.unlock_organisation(supervisor, world.password), liaison, actor="test")
    browser = as_user(liaison)
    assert referral.report.reference not in browser.get("/en/staff/police/").content.decode()
    for method, url, data in police_urls(referral.pk)[1:]:
        assert call(browser, method, url, data).status_code == 404, url
    # Even holding the sealed bytes, the other force's key cannot open them.
    with pytest.raises(keyring.AccessDenied):
        referrals.open_referral(referral, keyring.unlock_organisation(liaison, world.password), liaison)


def test_referral_without_consent_is_refused_with_a_message(world, make_report, as_user):
    report, _codename = make_report()
    response = as_user(world.north.advocate).post(
        f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}, follow=True
    )
    assert "The firewall refused this referral" in response.content.decode()
    assert not Referral.objects.exists()
    assert Report.objects.get(pk=report.pk).status == Report.Status.NEW
    assert AuditEntry.objects.filter(action="disclosure.refused", target=report.reference).exists()


def test_immigration_notes_never_reach_the_police_view_or_package(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    pages = [
        police.get(f"/en/staff/police/{referral.pk}/"),
        police.get(f"/en/staff/police/{referral.pk}/package.json"),
        police.get("/en/staff/police/"),
    ]
    opened = referrals.open_referral(referral, world.police.unlocked, world.police.police_liaison)
    everything = "".join(p.content.decode("utf-8", "replace") for p in pages) + json.dumps(opened.package, ensure_ascii=False)
    assert all(p.status_code == 200 for p in pages)
    for fragment in (IMMIGRATION_NOTE, "Qzvx", "destitution", "concession", "immigration_advice", "wants_immigration"):
        assert fragment not in everything, fragment


def test_crime_reference_recorded_by_police_is_shown_on_the_advocates_case_page(world, referral, as_user):
    police = as_user(world.police.police_liaison)
    response = police.post(f"/en/staff/police/{referral.pk}/", {"crime_reference": "CRN 4471/26"})
    assert response.status_code == 302
    assert "CRN 4471/26" in police.get(f"/en/staff/police/{referral.pk}/").content.decode()
    assert "CRN 4471/26" in as_user(world.north.advocate).get(f"/en/staff/cases/{referral.report.reference}/").content.decode()
    assert b"CRN 4471/26" not in bytes(Referral.objects.get(pk=referral.pk).crime_reference_for_sender)


# Sign-out


def test_sign_out_forgets_the_keys(world, consented, as_user):
    report, _codename = consented
    browser = as_user(world.north.advocate)
    assert browser.get(f"/en/staff/cases/{report.reference}/").status_code == 200
    old_session, old_key_cookie = browser.cookies["sessionid"].value, browser.cookies["sr_k_staff"].value

    assert browser.post("/en/staff/sign-out/").status_code == 302
    leftover = Session.objects.filter(session_key=old_session).first()
    assert leftover is None or not any(k.startswith("vault:") for k in leftover.get_decoded())

    replay = Client()
    replay.cookies["sessionid"], replay.cookies["sr_k_staff"] = old_session, old_key_cookie
    response = replay.get(f"/en/staff/cases/{report.reference}/")
    assert response.status_code == 302 and ("/staff/sign-in/" in response.url or "/staff/locked/" in response.url)


def test_access_revoked_during_a_session_locks_it_at_the_next_request(world, consented, as_user):
    report, _codename = consented
    advocate = as_user(world.north.advocate)
    assert advocate.get(f"/en/staff/cases/{report.reference}/").status_code == 200
    supervisor = as_user(world.north.supervisor)
    assert supervisor.post(f"/en/staff/access/{world.north.advocate.pk}/revoke/").status_code == 302
    response = advocate.get(f"/en/staff/cases/{report.reference}/")
    assert response.status_code == 302 and response.url.endswith("/staff/locked/")


def test_expired_session_opens_nothing(world, consented, as_user):
    from datetime import timedelta

    from django.utils import timezone

    report, _codename = consented
    advocate = as_user(world.north.advocate)
    Session.objects.filter(session_key=advocate.cookies["sessionid"].value).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = advocate.get(f"/en/staff/cases/{report.reference}/")
    assert response.status_code == 302 and "/staff/sign-in/" in response.url


def test_key_cookie_without_its_session_opens_nothing(world, consented, as_user):
    report, _codename = consented
    browser = as_user(world.north.advocate)
    key_cookie = browser.cookies["sr_k_staff"].value
    thief = as_user(world.north.supervisor)  # a different, signed-in session
    thief.cookies["sr_k_staff"] = key_cookie
    response = thief.get(f"/en/staff/cases/{report.reference}/")
    assert response.status_code == 302 and response.url.endswith("/staff/locked/")
