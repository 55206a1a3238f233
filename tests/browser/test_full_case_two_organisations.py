"""Issue 15's done-when, in a real Chromium: one case from an Arabic report to a police outcome, across two organisations.

The report is routed by area and language (to the organisation whose staff read Arabic, not the oldest one serving
the area), assigned by a supervisor, assessed high risk, referred to a service; a supported visit is booked and its
letter produced in Arabic; the reporter consents from the codename page; the advocate refers it; the liaison records
a crime reference and an outcome; the advocate sees every step on the timeline. The other organisation's staff reach
none of it, and a password without the second factor reaches nothing.
"""

from datetime import date, timedelta
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from safereport.intake.models import Report
from safereport.risk.sets import current_sets
from safereport.services.models import Service
from safereport.visits.tests.factories import agreement_and_station

pytestmark = pytest.mark.browser

# "My husband hit me at home on Saturday and threatened to kill me. He follows me to work."
NARRATIVE = "زوجي ضربني في البيت يوم السبت وهددني بالقتل. وهو يلاحقني إلى العمل."
CRIME_REFERENCE = "SH/26/118204"


def _setup_two_organisations(world):
    """North (the oldest, English only) and South (Arabic) both serve the north area; South has a service and a station."""
    world.north.org.languages = ["en"]
    world.north.org.save(update_fields=["languages"])
    world.south.org.areas = ["north", "south"]
    world.south.org.languages = ["ar", "en"]
    world.south.org.save(update_fields=["areas", "languages"])
    world.south.advocate.languages = ["ar"]
    world.south.advocate.save(update_fields=["languages"])
    Service.objects.create(organisation=world.south.org, name="Harbour Refuge", kind="refuge", languages=["ar"])
    agreement_and_station(world.south, world.police.org)


def _assess_high_risk(page, reference, questions):
    page.get_by_role("link", name="Assess risk").click()
    page.wait_for_url(f"**/cases/{reference}/risk/")
    for question in questions:
        page.check(f"input[name='q-{question.id}'][value={'yes' if question.id == 'strangulation' else 'no'}]")
    page.click("#risk-form button[type=submit]")
    page.wait_for_url(f"**/cases/{reference}/")
    expect(page.locator("#risk-band")).to_have_text("High")


def _book_visit_and_arabic_letter(advocate, tmp_path) -> str:
    page = advocate.page
    page.locator("#visit-link a").click()
    booking = page.locator("#booking-form")
    booking.locator("select[name=station]").select_option(index=1)
    booking.locator("input[name=date]").fill((date.today() + timedelta(days=6)).isoformat())
    booking.locator("input[name=time]").fill("11:15")
    booking.locator("button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Visit booked")
    visit = page.locator("#visits li.visit")
    expect(visit.locator("select[name=language]")).to_have_value("ar")
    visit.locator("form.letter-form button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Letter produced and signed")
    with page.expect_download() as downloading:
        page.locator("#visits a[download]").click()
    saved = tmp_path / "letter.pdf"
    downloading.value.save_as(saved)
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(saved.read_bytes())).pages)


def test_a_full_case_across_two_organisations(browsing, live_world, staff, reporter, chromium, tmp_path):
    world = live_world
    _setup_two_organisations(world)

    # The reporter, in Arabic, asks for a supported visit and does not consent to the police yet.
    person = reporter("ar")
    person.choose_language()
    codename = person.report(
        crime_type="domestic_abuse", narrative=NARRATIVE, wants=("advocate", "police_visit"), interpreter_language=""
    )
    reference = person.reference()
    report = Report.objects.get(reference=reference)
    assert report.organisation == world.south.org and report.language == "ar"  # routed by area, then language

    # South's supervisor assigns it to the advocate who reads Arabic; the queue says it is in her languages.
    supervisor = staff(world.south.supervisor, world.password)
    supervisor.open_case_from_queue(reference)
    supervisor.page.locator("#assign-form select[name=assignee]").select_option(value=str(world.south.advocate.pk))
    supervisor.page.locator("#assign-form button[type=submit]").click()
    expect(supervisor.flash()).to_contain_text(world.south.advocate.email)

    advocate = staff(world.south.advocate, world.password)
    page = advocate.page
    page.goto("/en/staff/")
    row = page.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("in your languages")
    advocate.open_case_from_queue(reference)
    expect(page.locator("[dir=auto]", has_text="زوجي ضربني")).not_to_have_count(0)
    _assess_high_risk(page, reference, current_sets(world.south.org.pk)["domestic_abuse"].parsed.questions)

    form = page.locator("#service-referral-form")
    form.locator("select[name=service]").select_option(label="Harbour Refuge (Refuge)")
    form.locator("input[name=made_on]").fill(date.today().isoformat())
    form.locator("button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Referral to Harbour Refuge recorded")

    letter = _book_visit_and_arabic_letter(advocate, tmp_path)
    assert "رسالة ضمانات" in letter and reference in letter and "زوجي" not in letter

    # No consent yet: no referral can be made, and the page says why instead of offering a button that fails.
    page.goto(f"/en/staff/cases/{reference}/")
    expect(page.locator("select[name=police]")).to_have_count(0)

    person.come_back(codename)
    person.page.wait_for_url("**/ar/my-report/")
    consent = person.page.locator("form[action='/ar/my-report/consent/']")
    consent.locator("input[name=police_share_narrative][value=yes]").check()
    consent.locator("button[type=submit]").click()
    person.page.wait_for_url("**/ar/my-report/")

    page.reload()
    page.select_option("select[name=police]", label=world.police.org.name)
    for choice in page.locator("input[id^='review-'][id$='-remove']").all():  # settle any mark by removing it
        choice.check()
    page.click("#refer-form button[type=submit]")
    expect(advocate.flash()).to_contain_text(f"Referral sent to {world.police.org.name}")

    police = staff(world.police.police_liaison, world.password)
    police.page.get_by_role("link", name=reference, exact=True).click()
    police.page.fill("input[name=crime_reference]", CRIME_REFERENCE)
    police.page.get_by_role("button", name="Record crime reference").click()
    expect(police.flash()).to_contain_text("Crime reference number recorded.")
    police.page.select_option("select[name=status]", "closed")
    police.page.select_option("select[name=outcome]", "charged")
    police.page.fill("input[name=outcome_on]", date.today().isoformat())
    police.page.get_by_role("button", name="Record investigation update").click()
    expect(police.flash()).to_contain_text("Investigation update recorded.")

    page.reload()
    timeline = page.locator("#timeline")
    for step in (
        "Report received",
        "Risk assessed: High",
        "Referred to Harbour Refuge",
        "Supported visit booked: Central Police Station (Shire Police)",
        "Assurance letter for the visit issued in Arabic",
        "Referred to Shire Police",
        f"Shire Police recorded crime reference {CRIME_REFERENCE}",
        "Shire Police: Closed",
    ):
        expect(timeline).to_contain_text(step)

    # North serves the same area but the case is South's: every page of it is 404 and the queue never lists it.
    other = staff(world.north.advocate, world.password)
    other.page.goto("/en/staff/")
    expect(other.page.locator("main")).not_to_contain_text(reference)
    for path in ("", "visits/", "risk/"):
        assert other.page.goto(f"/en/staff/cases/{reference}/{path}").status == 404

    # The right password without the second factor: the case is not reachable.
    stranger = browsing.page()
    stranger.goto("/en/staff/sign-in/")
    stranger.fill("input[name=email]", world.south.advocate.email)
    stranger.fill("input[name=password]", world.password)
    stranger.click("main form button[type=submit]")
    stranger.wait_for_url("**/en/staff/sign-in/code/")
    stranger.goto(f"/en/staff/cases/{reference}/")
    assert "/sign-in/" in stranger.url
    expect(stranger.locator("main")).not_to_contain_text("زوجي")
    expect(stranger.locator("main")).not_to_contain_text(reference)

    assert browsing.offsite == [] and browsing.broken == []
