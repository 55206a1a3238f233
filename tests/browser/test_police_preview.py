"""A reporter reads what the police would receive before consenting, keeps a sentence back, and the package has none of it."""

import re

import pytest
from playwright.sync_api import expect

from safereport.firewall.disclosure import disclose
from safereport.intake.models import Report

from .conftest import Answers
from .test_accessibility import WCAG_22_AA, _describe, axe_script  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

KEPT_BACK = "My cousin Bartholomew Quince saw everything from the van."
NARRATIVE = (
    "My employer Jorvik kept my wages and locked me in the storeroom. My visa expired in March. "
    f"{KEPT_BACK} Call me on 07700 900123."
)


def to_the_consent_step(person, answers):
    page = person.page
    page.click(f"a.button[href='/{person.language}/report/']")
    person._on_step("what")
    page.check(f"input[name=crime_type][value={answers.crime_type}]")
    page.fill("textarea[name=narrative]", answers.narrative)
    page.select_option("select[name=area]", answers.area)
    page.click("button[name=next]")
    person._on_step("wants")
    page.click("button[name=next]")
    person._on_step("contact")


def test_reporter_previews_the_police_text_keeps_a_sentence_back_and_the_package_carries_none_of_it(
    browsing, live_world, reporter, screenshot
):
    # A cheap phone: no JavaScript, a 360-pixel screen.
    person = reporter("en", java_script_enabled=False, viewport={"width": 360, "height": 740})
    person.choose_language()
    to_the_consent_step(person, Answers(narrative=NARRATIVE))
    page = person.page
    page.fill("input[name=phone]", "07700 900123")
    page.check("input[name=police_share_contact][value=yes]")
    page.check("input[name=police_share_narrative][value=yes]")
    expect(page.locator("#preview-offer")).to_contain_text("What the police would receive")

    page.click("button[name=preview]")
    page.wait_for_url("**/en/report/police-preview/")
    person.landed("police-preview")
    police_text = page.locator("#police-text")
    expect(police_text).to_contain_text("Jorvik kept my wages")
    expect(police_text).to_contain_text("Bartholomew Quince")
    expect(police_text).to_contain_text("07700 900123")  # contact details shared: the number in the text stays
    expect(police_text).not_to_contain_text("visa")
    expect(police_text).to_contain_text("[removed]")
    screenshot(page, "police-preview-360")

    part = page.locator("ol.parts-list li", has_text="Bartholomew")
    part.get_by_label(re.compile("Don't share part")).check()
    page.click("button[name=update]")
    page.wait_for_url(re.compile(r"/en/report/police-preview/\?contact=yes$"))
    person.landed("police-preview-saved")
    expect(page.locator("#withheld-saved")).to_contain_text("The police will not receive 1 part you chose.")
    expect(police_text).not_to_contain_text("Bartholomew")
    expect(page.locator("ol.parts-list li", has_text="Bartholomew").get_by_role("checkbox")).to_be_checked()
    promised = police_text.inner_text().strip()

    page.click("button[name=done]")
    person._on_step("contact")
    expect(page.locator("#withheld-count")).to_have_text("You keep back 1 part of what you wrote.")
    expect(page.locator("input[name=police_share_narrative][value=yes]")).to_be_checked()
    expect(page.locator("input[name=phone]")).to_have_value("07700 900123")
    page.click("button[name=next]")
    expect(page.locator("#codename")).to_be_visible()
    person.landed("confirmation")

    report = Report.objects.get(reference=person.reference())
    decision = disclose(report, "police", unlocked=live_world.north.unlocked, actor="staff:test", recipient_name="Shire Police")
    assert decision.allowed
    assert decision.package["narrative"] == promised, "the police got other words than the reporter was shown"
    assert "Bartholomew" not in decision.package_json() and "Quince" not in decision.package_json()
    assert "Jorvik kept my wages" in decision.package["narrative"]
    assert browsing.offsite == [] and browsing.broken == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_preview_pages_meet_wcag_22_aa(browsing, live_world, reporter, axe_script, screenshot, language):  # noqa: F811
    found = {}

    def scan(page, name):
        screenshot(page, f"{language}-{name}")
        page.add_script_tag(path=axe_script)
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
        assert result["passes"], f"axe checked nothing on {name}"
        if result["violations"]:
            found[name] = result["violations"]

    person = reporter(language, bypass_csp=True)
    person.choose_language()
    to_the_consent_step(person, Answers(narrative=NARRATIVE))
    page = person.page
    page.check("input[name=police_share_narrative][value=yes]")
    page.click("button[name=preview]")
    page.wait_for_url(f"**/{language}/report/police-preview/")
    person.landed("police-preview")
    scan(page, "police-preview")
    page.locator("ol.parts-list li", has_text="Bartholomew").get_by_role("checkbox").check()
    page.click("button[name=done]")
    person._on_step("contact")
    scan(page, "contact-with-parts-kept-back")
    page.click("button[name=next]")
    expect(page.locator("#codename")).to_be_visible()
    codename = page.locator("#codename").inner_text().strip()
    person.come_back(codename)
    person.landed("my-report")
    page.click("#police-preview-link a")
    page.wait_for_url(f"**/{language}/my-report/police-preview/")
    person.landed("my-police-preview")
    scan(page, "my-police-preview")
    assert not found, "axe found WCAG 2.2 AA violations:\n" + _describe(found)
