"""Journey 5's end in a real Chromium: the liaison records a crime reference and an outcome, asks for contact
through the advocate; the advocate sees each update on the case and answers; the reporter sees where it went;
a force handed the package checks it on the public page."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from safereport.firewall.models import PoliceUpdate
from safereport.firewall.referrals import open_referral, refer_to_police
from safereport.vault.signing import document_bytes

pytestmark = pytest.mark.browser

NUMBER = "CRN 9043/26"


def test_liaison_records_a_crime_reference_and_an_outcome_and_the_advocate_sees_them(
    browsing, live_world, make_report, staff, reporter, tmp_path
):
    report, codename = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    referral = refer_to_police(report, live_world.police.org, live_world.north.unlocked, live_world.north.advocate)
    outcome_on = date.today() - timedelta(days=3)

    police = staff(live_world.police.police_liaison, live_world.password)
    police.page.get_by_role("link", name=report.reference, exact=True).click()
    police.page.fill("input[name=crime_reference]", NUMBER)
    police.page.get_by_role("button", name="Record crime reference").click()
    expect(police.flash()).to_contain_text("Crime reference number recorded.")
    expect(police.page.locator("#crime-reference")).to_have_text(NUMBER)
    # An ended investigation without its outcome is refused, the field named, the choice kept.
    police.page.select_option("select[name=status]", "no_further_action")
    police.page.get_by_role("button", name="Record investigation update").click()
    expect(police.page.locator("#id_outcome_error")).to_be_visible()
    expect(police.page.locator("select[name=status]")).to_have_value("no_further_action")
    police.page.select_option("select[name=status]", "closed")
    police.page.select_option("select[name=outcome]", "no_suspect_identified")
    police.page.fill("input[name=outcome_on]", outcome_on.isoformat())
    police.page.get_by_role("button", name="Record investigation update").click()
    expect(police.flash()).to_contain_text("Investigation update recorded.")
    expect(police.page.locator("#investigation-status")).to_have_text("Closed")
    police.page.fill("textarea[name=message]", "Would she give a statement at the station with you?")
    police.page.get_by_role("button", name="Send to the advocate").click()
    expect(police.flash()).to_contain_text("Request sent to the advocate.")

    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.page.goto(f"/en/staff/cases/{report.reference}/")
    referrals = advocate.page.locator("#referrals")
    expect(referrals.locator(".crime-reference")).to_have_text(NUMBER)
    expect(referrals.locator(".investigation-status")).to_have_text("Closed")
    expect(referrals.locator(".outcome")).to_contain_text("18 · Investigation complete: no suspect identified")
    expect(referrals.locator(".police-update.contact_request")).to_contain_text("give a statement at the station")
    answer = advocate.page.locator("form[action*='/contact-requests/'] textarea[name=body]")
    answer.fill("She can meet you at the station with me.")
    advocate.page.get_by_role("button", name="Send answer to the force").click()
    expect(advocate.flash()).to_contain_text("Answer sent to the force.")
    assert PoliceUpdate.objects.filter(referral=referral, kind="contact_answer").count() == 1
    police.page.reload()
    expect(police.page.locator("#police-updates")).to_contain_text("She can meet you at the station with me.")

    # The reporter sees the force and, once they ask for it, the crime reference (the advocate's visit relayed it).
    person = reporter("en")
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    expect(person.page.locator("#where-it-went")).to_contain_text(f"Sent to {live_world.police.org.name}")
    expect(person.page.locator("#where-it-went")).not_to_contain_text(NUMBER)
    person.page.check("input[name=show_crime_reference][value=yes]")
    person.page.get_by_role("button", name="Save my choice", exact=True).click()
    expect(person.page.locator("#where-it-went")).to_contain_text(NUMBER)
    person.landed("my-report-where-it-went")

    # A force without an account checks the package it was handed, with JavaScript off.
    document = open_referral(referral, live_world.police.unlocked, live_world.police.police_liaison).document
    path = tmp_path / "package.json"
    path.write_bytes(document_bytes(document))
    checker = browsing.page(java_script_enabled=False)
    checker.goto("/en/verify/")
    checker.set_input_files("input[name=document]", str(path))
    checker.get_by_role("button", name="Check the document").click()
    expect(checker.locator("#verify-result")).to_contain_text("Genuine: the signature is valid")
    expect(checker.locator("#signer")).to_contain_text(live_world.north.org.name)
    assert browsing.offsite == [] and browsing.broken == []
