"""The reporter's and the advocate's journeys, and a police referral, in a real Chromium."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from safereport.intake.models import Report

from .conftest import carry_out_erasures

pytestmark = pytest.mark.browser

NARRATIVE = "My landlord pushed me down the stairs and kept my wages for March."
REPLY = "Thank you for telling us. Are you safe where you are staying tonight?"
MESSAGE = "Yes, I am staying with a friend. Can someone call me on Thursday?"
WRONG_CODENAME = "ample-bridge-cactus-dolphin-ember-fjord-glacier"


def test_reporter_and_advocate_talk_through_the_codename_until_erasure_ends_it(browsing, live_world, reporter, staff, screenshot):
    person = reporter("en")
    person.choose_language()
    codename = person.report(narrative=NARRATIVE, name="Amina", phone="07700 900123", police_share_contact="yes")
    reference = person.reference()
    screenshot(person.page, "confirmation")

    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.open_case_from_queue(reference)
    expect(advocate.page.locator("#narrative")).to_contain_text(NARRATIVE)
    expect(advocate.page.locator("dl.facts")).to_contain_text("Tigrinya")
    expect(advocate.page.locator("dl.facts")).to_contain_text("Amina")
    advocate.page.fill("#reply-body", REPLY)
    advocate.page.click(f"form[action='/en/staff/cases/{reference}/reply/'] button[type=submit]")
    expect(advocate.flash()).to_contain_text("Reply sent")
    expect(advocate.page.locator("ol.thread")).to_contain_text(REPLY)
    screenshot(advocate.page, "advocate-case")

    person.page.click("a.button[href='/en/return/']")
    person.landed("return")
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    person.landed("my-report")
    expect(person.page.locator("#thread")).to_contain_text(REPLY)
    expect(person.page.locator("#status")).to_have_text(str(Report.Status.IN_PROGRESS.label))
    person.send_message(MESSAGE)
    person.landed("my-report")

    advocate.page.reload()
    expect(advocate.page.locator("ol.thread")).to_contain_text(MESSAGE)

    person.erase()
    assert person.page.goto("/en/my-report/").url.endswith("/en/return/"), "the erased report's session lingers"
    # Cooling off: the codename still opens the report, which says when it goes, and the advocate sees it too.
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    expect(person.page.locator("#erasure-pending")).to_contain_text("Until then you, or your advocate, can cancel this.")
    person.landed("my-report")
    advocate.page.reload()
    expect(advocate.page.locator("#erasure-requested")).to_contain_text("The reporter asked for this report to be erased")
    assert carry_out_erasures() == [reference]
    person.come_back(codename)
    expect(person.page.locator("main .error")).to_be_visible()
    after_erasure = person.page.locator("main").inner_text()
    person.come_back(WRONG_CODENAME)
    expect(person.page.locator("main .error")).to_be_visible()
    assert after_erasure == person.page.locator("main").inner_text()
    assert person.page.url.endswith("/en/return/")

    tombstone = advocate.page.goto(f"/en/staff/cases/{reference}/")
    assert tombstone.status == 410
    expect(advocate.page.locator("#erased-case")).to_contain_text("Nothing of its content is kept.")
    assert person.pages_checked == [
        "choose-language",
        "start",
        "report-what",
        "report-wants",
        "report-contact",
        "confirmation",
        "return",
        "return",
        "my-report",
        "my-report",
        "erased",
        "return",
        "my-report",
        "return",
        "return",
    ]
    assert browsing.offsite == []
    assert browsing.broken == []


def test_reporter_pages_work_with_javascript_disabled(browsing, live_world, reporter):
    person = reporter("en", java_script_enabled=False)
    person.choose_language()
    codename = person.report_checking_errors_and_back(crime_type="theft", wants=("immigration_advice",))
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    person.landed("my-report")
    person.send_message(MESSAGE)

    person.page.check("form[action='/en/my-report/consent/'] input[name=police_share_narrative][value=yes]")
    person.page.click("form[action='/en/my-report/consent/'] button[type=submit]")
    person.page.wait_for_url("**/en/my-report/")
    expect(
        person.page.locator("form[action='/en/my-report/consent/'] input[name=police_share_narrative][value=yes]")
    ).to_be_checked()

    person.erase()
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    person.cancel_erasure()
    expect(person.page.locator("#erasure-pending")).to_have_count(0)
    person.erase()
    assert "report-what-with-errors" in person.pages_checked
    assert browsing.offsite == []
    assert browsing.broken == []


def test_arabic_reporter_pages_read_right_to_left(browsing, live_world, reporter):
    person = reporter("ar")
    person.choose_language()
    codename = person.report(narrative="دفعني صاحب العمل وأخذ أجري.", interpreter_language="العربية")
    expect(person.page.locator("#codename")).to_have_css("direction", "ltr")  # words stay in typing order
    person.come_back(codename)
    person.page.wait_for_url("**/ar/my-report/")
    person.landed("my-report")
    person.erase()
    assert {"start", "report-what", "confirmation", "my-report", "erased"} <= set(person.pages_checked)
    assert browsing.offsite == []
    assert browsing.broken == []


def test_police_referral_arrives_signed_and_its_crime_reference_returns_to_the_advocate(browsing, live_world, make_report, staff):
    occurred = date.today() - timedelta(days=3)
    report, _codename = make_report(
        crime_type="assault",
        narrative=NARRATIVE,
        area="north",
        occurred_on=occurred,
        contact={"name": "Amina", "phone": "07700 900123"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    )
    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.page.goto(f"/en/staff/cases/{report.reference}/")
    advocate.page.fill("#immigration-body", "Eligible for the DDV concession; advised on 12 May.")
    advocate.page.click("form[action$='/immigration-advice/'] button[type=submit]")
    expect(advocate.flash()).to_contain_text("never leave")
    advocate.page.select_option("select[name=police]", label=live_world.police.org.name)
    advocate.page.click("#refer-form button[type=submit]")
    expect(advocate.flash()).to_contain_text(f"Referral sent to {live_world.police.org.name}")

    police = staff(live_world.police.police_liaison, live_world.password)
    police.page.get_by_role("link", name=report.reference, exact=True).click()
    expect(police.page.locator("#signature")).to_contain_text("Signature verified")
    facts = police.page.locator("main")  # the crime facts and, first, how to make contact
    # The day it happened as people read it ("29 November 2026"), not as the package stores it.
    for shown in ("Physical assault", "North", f"{occurred.day} {occurred:%B %Y}", "Amina", "07700 900123"):
        expect(facts).to_contain_text(shown)
    expect(police.page.locator("#narrative")).to_contain_text("pushed me down the stairs")
    expect(police.page.locator("main")).not_to_contain_text("DDV concession")
    police.page.fill("input[name=crime_reference]", "NS/2026/004217")
    police.page.click("main form button[type=submit]")
    expect(police.page.locator("#crime-reference")).to_have_text("NS/2026/004217")

    advocate.page.reload()
    expect(advocate.page.locator("main")).to_contain_text("crime reference NS/2026/004217")
    assert browsing.offsite == []
    assert browsing.broken == []


def test_requests_to_other_hosts_are_refused_and_recorded(browsing):
    page = browsing.page()
    page.goto("about:blank")  # a SafeReport page's own Content-Security-Policy would stop the image first
    page.set_content('<img src="http://tracker.example/pixel.gif" alt="">')
    page.wait_for_load_state("load")
    assert browsing.offsite == ["http://tracker.example/pixel.gif"]
