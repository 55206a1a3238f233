"""Triage in a real Chromium: the advocate filters the queue to their languages, assigns a case, and the filter is a bookmarkable URL."""

import pytest
from playwright.sync_api import expect

from safereport.accounts.models import User
from safereport.intake.models import Report

pytestmark = pytest.mark.browser

POLISH = "Ktoś ukradł mi torebkę na przystanku autobusowym w poniedziałek wieczorem."


def test_advocate_filters_the_queue_to_their_languages_and_takes_a_case(browsing, live_world, make_report, staff):
    User.objects.filter(pk=live_world.north.advocate.pk).update(languages=["pl"])
    polish, _codename = make_report(crime_type="theft", narrative=POLISH)  # typed on the English pages
    english, _codename = make_report(crime_type="theft")
    assert polish.language == "pl" and english.language == "en"

    advocate = staff(live_world.north.advocate, live_world.password)
    page = advocate.page
    page.goto("/en/staff/")
    expect(page.locator(f"tr[data-reference='{polish.reference}'] .badge.yours")).to_be_visible()
    page.click("details.queue-filters summary")
    page.check("input[name=in_my_languages]")
    page.select_option("select[name=assignee]", "unassigned")
    page.click("#queue-filters button[type=submit]")
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.locator("#queue tbody tr")).to_have_attribute("data-reference", polish.reference)
    assert "in_my_languages=on" in page.url and "assignee=unassigned" in page.url

    bookmarked = page.url
    advocate.open_case_from_queue(polish.reference)
    page.select_option("#assign-form select[name=assignee]", label=live_world.north.advocate.email)
    page.click("#assign-form button[type=submit]")
    expect(advocate.flash()).to_contain_text("Case assigned")
    assert Report.objects.get(pk=polish.pk).assigned_to_id == live_world.north.advocate.pk

    page.goto(bookmarked)  # the same filters: the case is no longer unassigned
    expect(page.locator("#queue-empty")).to_be_visible()
    page.goto("/en/staff/?assignee=mine")
    expect(page.locator("#queue tbody tr")).to_have_attribute("data-reference", polish.reference)
    page.goto("/en/staff/?sort=sideways")
    expect(page.locator("#id_sort_error")).to_be_visible()
