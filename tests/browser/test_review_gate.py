"""Issue 14's done-when: a referral whose narrative holds a status statement that only the learned model marks;
the advocate settles it in a real Chromium, and the package the force receives carries none of it."""

import pytest
from playwright.sync_api import expect

from safereport.firewall import referrals as police_referrals
from safereport.firewall.models import Referral
from safereport.redaction.engine import redact
from safereport.redaction.tests.statements import marked_only

pytestmark = pytest.mark.browser

# Patterns do not remove it; the learned detector marks it for review: the first statement of
# redaction/tests/statements.py that today's model marks (asserted below, so the test notices if that changes).
BEFORE = "He hit me again on Friday outside the launderette."


def test_advocate_settles_a_passage_only_the_model_marked_and_the_package_carries_none_of_it(
    browsing, live_world, make_report, staff
):
    only_the_model_marks = marked_only(BEFORE)
    narrative = f"{BEFORE} {only_the_model_marks}."
    result = redact(narrative, "en")
    assert not result.spans and [narrative[s.start : s.end] for s in result.review] == [only_the_model_marks]
    report, _codename = make_report(narrative=narrative, consent={"police": {"share_contact": False, "share_narrative": True}})

    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.page.goto(f"/en/staff/cases/{report.reference}/")
    expect(advocate.page.locator("#review-mark-0")).to_have_text(only_the_model_marks)
    advocate.page.select_option("select[name=police]", label=live_world.police.org.name)
    # Without a decision the browser itself holds the form back (the radio is required); the server refuses too.
    advocate.page.click("#refer-form button[type=submit]")
    assert not Referral.objects.filter(report=report).exists()
    advocate.page.check("#review-0-remove")
    advocate.page.click("#refer-form button[type=submit]")
    expect(advocate.flash()).to_contain_text(f"Referral sent to {live_world.police.org.name}")

    referral = Referral.objects.get(report=report)
    opened = police_referrals.open_referral(referral, live_world.police.unlocked, live_world.police.police_liaison)
    assert only_the_model_marks not in opened.package["narrative"]
    assert "He hit me again on Friday" in opened.package["narrative"]
    police = staff(live_world.police.police_liaison, live_world.password)
    police.page.get_by_role("link", name=report.reference, exact=True).click()
    expect(police.page.locator("#narrative")).to_contain_text("He hit me again on Friday")
    expect(police.page.locator("main")).not_to_contain_text("fighting for me")
    assert browsing.offsite == [] and browsing.broken == []
