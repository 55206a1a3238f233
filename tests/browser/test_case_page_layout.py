"""The case page on a desktop: summary, record and actions side by side; on a 360 px phone, one column and no sideways scroll."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NARRATIVE = "My employer Jorvik kept my wages for three months and locked me in the storeroom on Friday night."
COLUMNS = ("#case-summary", "#case-record", "#case-actions")


def _case(live_world, make_report, staff, language="en", **viewport):
    report, _codename = make_report(
        narrative=NARRATIVE,
        contact={"name": "Ana", "phone": "+44 7700 900123"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    )
    advocate = staff(live_world.north.advocate, live_world.password)
    if viewport:
        advocate.page.set_viewport_size(viewport)
    advocate.page.goto(f"/{language}/staff/cases/{report.reference}/")
    expect(advocate.page.locator("#refer-form")).to_be_visible()
    return advocate.page


def _boxes(page):
    return [page.locator(selector).bounding_box() for selector in COLUMNS]


def _sideways_scroll(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_at_1280_px_the_summary_timeline_and_actions_sit_side_by_side(browsing, live_world, make_report, staff, screenshot):
    page = _case(live_world, make_report, staff, width=1280, height=800)
    screenshot(page, "case-1280")
    summary, record, actions = _boxes(page)
    assert summary["x"] + summary["width"] <= record["x"] and record["x"] + record["width"] <= actions["x"]
    assert abs(summary["y"] - record["y"]) < 2 and abs(record["y"] - actions["y"]) < 2  # one row, tops level
    assert page.locator("#case-record #timeline").is_visible() and page.locator("#case-actions #refer-form").is_visible()
    assert _sideways_scroll(page) == 0
    assert browsing.offsite == [] and browsing.broken == []


def test_at_900_px_the_record_takes_the_second_column_beside_summary_and_actions(
    browsing, live_world, make_report, staff, screenshot
):
    page = _case(live_world, make_report, staff, width=900, height=800)
    screenshot(page, "case-900")
    summary, record, actions = _boxes(page)
    assert summary["x"] + summary["width"] <= record["x"] and actions["x"] + actions["width"] <= record["x"]
    assert actions["y"] >= summary["y"] + summary["height"]  # the actions under the summary, the record beside both
    assert _sideways_scroll(page) == 0


@pytest.mark.parametrize("language", ["en", "ar"])
def test_at_360_px_the_case_page_is_one_column_with_no_sideways_scroll(
    browsing, live_world, make_report, staff, screenshot, language
):
    page = _case(live_world, make_report, staff, language, width=360, height=740)
    screenshot(page, f"case-360-{language}")
    summary, record, actions = _boxes(page)
    assert summary["y"] + summary["height"] <= record["y"] and record["y"] + record["height"] <= actions["y"]
    assert _sideways_scroll(page) == 0
    expect(page.locator("#narrative")).to_have_attribute("dir", "auto")
