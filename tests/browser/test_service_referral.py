"""Journey 4 (support): a supervisor adds a service to the directory, an advocate refers a case to it from the
case page and records the outcome; a colleague who is not an immigration adviser never sees an immigration referral."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from safereport.accounts.actions import add_staff
from safereport.services import referrals
from safereport.services.models import Service
from safereport.vault import keyring

pytestmark = pytest.mark.browser


def test_advocate_records_a_service_referral_and_its_outcome(browsing, live_world, make_report, staff):
    report, _codename = make_report(narrative="He took my passport and my wages.")
    Service.objects.create(organisation=live_world.north.org, name="Northgate Law Centre", kind="immigration_advice")

    supervisor = staff(live_world.north.supervisor, live_world.password)
    supervisor.page.goto("/en/staff/services/new/")
    supervisor.page.fill("input[name=name]", "Harbour Refuge")
    supervisor.page.select_option("select[name=kind]", "refuge")
    supervisor.page.select_option("select[name=languages]", ["ar", "ti"])
    supervisor.page.check("input[name=areas][value=north]")
    supervisor.page.fill("textarea[name=eligibility]", "Women and children fleeing abuse.")
    supervisor.page.click("main form button[type=submit]")
    expect(supervisor.flash()).to_contain_text("Service saved")
    expect(supervisor.page.locator("#services")).to_contain_text("Harbour Refuge")

    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.page.goto("/en/staff/services/?language=ti")
    expect(advocate.page.locator("#services")).to_contain_text("Harbour Refuge")
    expect(advocate.page.locator("#services")).not_to_contain_text("Northgate Law Centre")
    advocate.page.goto(f"/en/staff/cases/{report.reference}/")
    form = advocate.page.locator("#service-referral-form")
    form.locator("select[name=service]").select_option(label="Harbour Refuge (Refuge)")
    form.locator("input[name=made_on]").fill((date.today() - timedelta(days=4)).isoformat())
    form.locator("textarea[name=note]").fill("Bed offered from Friday.")
    form.locator("button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Referral to Harbour Refuge recorded")
    section = advocate.page.locator("#service-referrals")
    expect(section).to_contain_text("Awaiting an answer")

    section.get_by_role("link", name="Harbour Refuge").click()
    advocate.page.select_option("select[name=outcome]", "accepted")
    advocate.page.fill("input[name=outcome_on]", (date.today() - timedelta(days=2)).isoformat())
    advocate.page.click("main form button[type=submit]")
    expect(advocate.flash()).to_contain_text("Outcome recorded")
    expect(advocate.page.locator("#service-referrals")).to_contain_text("Accepted by the service")

    # An immigration referral, by the adviser; a colleague without the permission sees none of it.
    form = advocate.page.locator("#service-referral-form")
    form.locator("select[name=service]").select_option(label="Northgate Law Centre (Immigration advice)")
    form.locator("input[name=made_on]").fill((date.today() - timedelta(days=3)).isoformat())
    form.locator("button[type=submit]").click()
    expect(advocate.page.locator("#service-referrals")).to_contain_text("Northgate Law Centre")
    colleague = add_staff(live_world.north.org, "caseworker@north.test", live_world.password, "advocate", actor="test")
    keyring.grant_access(live_world.north.unlocked, colleague, actor="test")
    other = staff(colleague, live_world.password)
    other.page.goto(f"/en/staff/cases/{report.reference}/")
    expect(other.page.locator("#service-referrals")).to_contain_text("Harbour Refuge")
    expect(other.page.locator("main")).not_to_contain_text("Northgate Law Centre")
    expect(other.page.locator("#immigration-advice")).to_have_count(0)

    opened = referrals.referrals_for(report, live_world.north.unlocked, live_world.north.advocate)
    assert [(o.service_name, o.outcome, o.note) for o in opened] == [
        ("Harbour Refuge", "accepted", "Bed offered from Friday."),
        ("Northgate Law Centre", "awaiting", ""),
    ]
    assert browsing.offsite == [] and browsing.broken == []
