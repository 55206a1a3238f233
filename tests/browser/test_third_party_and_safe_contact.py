"""Third-party reporting and safe contact in a real Chromium: staff file on a victim's behalf and hand over a
codename slip; a reporter with JavaScript off says when it is safe to be contacted, and the liaison sees it first."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from safereport.firewall import referrals as police_referrals
from safereport.intake.models import Consent, Report

pytestmark = pytest.mark.browser

NARRATIVE = "Three men followed him from the mosque and threw a bottle at him on Saturday."


def test_advocate_files_on_behalf_prints_a_slip_and_the_victim_follows_with_it(browsing, live_world, staff, reporter, screenshot):
    advocate = staff(live_world.north.advocate, live_world.password)
    page = advocate.page
    page.goto("/en/staff/")
    page.get_by_role("link", name="Report on behalf").click()
    page.wait_for_url("**/en/staff/report-on-behalf/")
    page.check("input[name=reported_by][value=victim]")
    page.select_option("select[name=language]", "ar")
    page.select_option("select[name=narrative_language]", "en")
    page.check("input[name=crime_type][value=hate_crime]")
    page.fill("textarea[name=narrative]", NARRATIVE)
    page.fill("input[name=occurred_on]", (date.today() - timedelta(days=4)).isoformat())
    page.check("input[name=wants][value=interpreter]")
    page.check("input[name=safe_to_call][value=no]")
    page.check("input[name=safe_to_text][value=yes]")
    page.fill("input[name=safe_times]", "Friday afternoons")
    page.check("input[name=police_share_narrative][value=yes]")
    # A "yes" without confirming it is the victim's own answer is refused, and what was typed stays.
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary a[href='#id_consent_relayed']")).to_have_count(1)
    expect(page.locator("textarea[name=narrative]")).to_have_value(NARRATIVE)
    page.check("input[name=consent_relayed]")
    page.click("main form button[type=submit]")
    slip = page.locator("#slip")
    expect(slip).to_have_attribute("lang", "ar")
    expect(slip).to_have_attribute("dir", "rtl")
    codename = page.locator("#codename").inner_text().strip()
    assert len(codename.split("-")) == 7
    screenshot(page, "on-behalf-slip")
    # Printed, the page is the slip alone: nothing around it names the organisation or the staff pages.
    page.emulate_media(media="print")
    expect(page.locator(".not-on-slip")).to_be_hidden()
    expect(page.locator("nav.staff-nav")).to_be_hidden()
    expect(slip).to_be_visible()
    page.emulate_media(media="screen")
    report = Report.objects.get(filed_on_behalf=True)
    assert report.organisation == live_world.north.org and report.filed_by == live_world.north.advocate
    assert Consent.objects.get(report=report).relayed_by_staff
    page.goto("/en/staff/")
    expect(page.locator(f"#third-party-{report.reference}")).to_be_visible()

    victim = reporter("ar", java_script_enabled=False)
    victim.come_back(codename)
    victim.page.wait_for_url("**/ar/my-report/")
    victim.landed("my-report")
    expect(victim.page.locator("main")).to_contain_text(report.reference)


def test_safe_contact_step_works_without_javascript_and_the_liaison_sees_it_first(browsing, live_world, reporter, staff):
    person = reporter("en", java_script_enabled=False, viewport={"width": 360, "height": 740})
    person.page.goto("/en/")
    page = person.page
    page.click("a.button[href='/en/report/']")
    page.check("input[name=reported_by][value=witness]")
    page.check("input[name=crime_type][value=hate_crime]")
    page.fill("textarea[name=narrative]", NARRATIVE)
    page.select_option("select[name=area]", "north")
    page.click("button[name=next]")
    page.check("input[name=wants][value=police_visit]")
    page.click("button[name=next]")
    person.landed("report-contact")
    expect(page.locator("#safe-contact-heading")).to_be_visible()
    page.fill("input[name=phone]", "+44 7700 900654")
    page.check("input[name=safe_to_call][value=no]")
    page.check("input[name=safe_to_text][value=yes]")
    page.check("input[name=safe_to_leave_message][value=no]")
    page.fill("input[name=safe_times]", "Weekday mornings")
    page.check("input[name=police_share_contact][value=yes]")
    page.check("input[name=police_share_narrative][value=no]")
    page.click("button[name=next]")
    expect(page.locator("#codename")).to_be_visible()
    report = Report.objects.get()
    assert report.reported_by == "witness"

    referral = police_referrals.refer_to_police(
        report, live_world.police.org, live_world.north.unlocked, live_world.north.advocate
    )
    liaison = staff(live_world.police.police_liaison, live_world.password)
    liaison.page.goto(f"/en/staff/police/{referral.pk}/")
    first = liaison.page.locator("main h2").first
    expect(first).to_have_text("How to make contact")
    expect(liaison.page.locator("#safe-to-call")).to_have_text("no")
    expect(liaison.page.locator("#safe-to-text")).to_have_text("yes")
    expect(liaison.page.locator("#supported-visit")).to_have_text("yes")
    expect(liaison.page.locator("#contact-through")).to_contain_text(live_world.north.advocate.email)
    expect(liaison.page.locator("#safe-times")).to_have_text("Weekday mornings")
