"""What staff see of an erasure: the advocate's banner and cancel form, the queue's badge, the tombstone, the force's stub."""

import html

import pytest

from safereport.audit.models import AuditEntry
from safereport.firewall.models import Referral
from safereport.firewall.referrals import refer_to_police
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}
NARRATIVE = "My employer Jorvik kept my wages and locked me in the storeroom on Friday."


@pytest.fixture
def requested(make_report):
    """A north report whose reporter has asked for it to be erased."""
    report, codename = make_report(narrative=NARRATIVE, consent=CONSENTED, contact={"name": "Ana"})
    intake_actions.request_erasure(report)
    report.refresh_from_db()
    return report, codename


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def test_the_advocate_sees_the_erasure_request_with_its_days_and_the_cancel_form(world, requested, as_user):
    report, _codename = requested
    page = _text(as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/"))
    assert 'id="erasure-requested"' in page
    assert (
        f"The reporter asked for this report to be erased on {_day(report.erasure_requested_on)}; "
        f"it will be erased on {_day(report.erasure_due_on)}."
    ) in page
    assert "I have spoken with the reporter and they want to keep their report" in page


def test_a_case_without_an_erasure_request_has_no_banner(world, make_report, as_user):
    report, _codename = make_report()
    assert 'id="erasure-requested"' not in _text(as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/"))


def test_the_queue_marks_a_case_whose_erasure_is_requested(world, requested, make_report, as_user):
    report, _codename = requested
    other, _ = make_report()
    queue = _text(as_user(world.north.advocate).get("/en/staff/"))
    assert f'id="erasure-requested-{report.reference}"' in queue and "erasure requested" in queue
    assert f'id="erasure-requested-{other.reference}"' not in queue


def test_the_advocate_cancels_only_with_the_confirmation_ticked(world, requested, as_user):
    report, _codename = requested
    advocate = as_user(world.north.advocate)
    url = f"/en/staff/cases/{report.reference}/erasure/cancel/"
    refused = advocate.post(url, {})
    assert refused.status_code == 422
    assert "Tick the box to confirm that you have spoken with the reporter" in _text(refused)
    report.refresh_from_db()
    assert report.erasure_due_on is not None
    done = advocate.post(url, {"spoke_with_reporter": "on"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.erasure_due_on is None and report.erasure_requested_on is None
    entry = AuditEntry.objects.get(action="report.erasure_cancelled")
    assert entry.actor == f"staff:{world.north.advocate.pk}" and entry.detail == {"spoke_with_reporter": True}
    assert 'id="erasure-requested"' not in _text(advocate.get(f"/en/staff/cases/{report.reference}/"))


def test_another_organisation_cannot_cancel_or_see_the_request(world, requested, as_user):
    report, _codename = requested
    south = as_user(world.south.advocate)
    assert south.post(f"/en/staff/cases/{report.reference}/erasure/cancel/", {"spoke_with_reporter": "on"}).status_code == 404
    assert south.get(f"/en/staff/cases/{report.reference}/").status_code == 404
    report.refresh_from_db()
    assert report.erasure_due_on is not None


def test_the_advocate_sees_a_tombstone_after_erasure(world, requested, as_user):
    report, _codename = requested
    Report.objects.filter(pk=report.pk).update(erasure_due_on=report.erasure_requested_on.date())
    assert intake_actions.erase_due() == [report.reference]
    response = as_user(world.north.advocate).get(f"/en/staff/cases/{report.reference}/")
    page = _text(response)
    assert response.status_code == 410
    assert f"The reporter erased this report on {_day(report.erasure_requested_on)}. Nothing of its content is kept." in page
    assert NARRATIVE not in page and "Ana" not in page and "Physical assault" not in page
    # Other organisations still learn nothing, not even that the reference existed.
    assert as_user(world.south.advocate).get(f"/en/staff/cases/{report.reference}/").status_code == 404


def test_the_force_lists_and_opens_a_withdrawn_referral_telling_it_to_delete_its_copies(world, requested, as_user):
    report, _codename = requested
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    intake_actions.erase_report(Report.objects.get(pk=report.pk))
    stub = Referral.objects.get(pk=referral.pk)
    notice = f"Withdrawn: the report was erased on {_day(stub.withdrawn_on)}. Delete any copy you hold."
    police = as_user(world.police.police_liaison)
    listing = _text(police.get("/en/staff/police/"))
    assert report.reference in listing and notice in listing
    page = police.get(f"/en/staff/police/{referral.pk}/")
    assert page.status_code == 200 and notice in _text(page) and NARRATIVE not in _text(page)
    read = AuditEntry.objects.filter(action="referral.read", target=report.reference).last()
    assert read.detail == {"told_to_delete": ["report_erased"]}
    for download in ("json", "pdf"):
        gone = police.get(f"/en/staff/police/{referral.pk}/package.{download}")
        assert gone.status_code == 410 and notice in _text(gone)
    refused = police.post(f"/en/staff/police/{referral.pk}/", {"crime_reference": "CRN 5/26"}, follow=True)
    assert "the referral is withdrawn: it takes no more updates" in _text(refused)
    assert Referral.objects.get(pk=referral.pk).crime_reference_for_police is None
    # Another force does not see it at all.
    assert as_user(world.north.advocate).get(f"/en/staff/police/{referral.pk}/").status_code in (403, 404)


def test_a_caseworkers_cancellation_is_shown_to_the_reporter_who_can_ask_again(world, requested, as_user):
    from django.test import Client

    from safereport import coarse_time

    report, codename = requested
    as_user(world.north.advocate).post(f"/en/staff/cases/{report.reference}/erasure/cancel/", {"spoke_with_reporter": "on"})
    reporter = Client()
    assert reporter.post("/en/return/", {"codename": codename}).status_code == 302
    page = _text(reporter.get("/en/my-report/"))
    assert "Your advocate cancelled the erasure of your report" in page
    assert f"On {_day(coarse_time.today().date())} your advocate cancelled your request" in page
    intake_actions.request_erasure(report)  # asked again: the notice goes, the new request shows
    page = _text(reporter.get("/en/my-report/"))
    assert "Your advocate cancelled the erasure" not in page and 'id="erasure-pending"' in page
    intake_actions.cancel_erasure(report)  # the reporter's own cancellation says nothing of the advocate
    assert "Your advocate cancelled the erasure" not in _text(reporter.get("/en/my-report/"))
