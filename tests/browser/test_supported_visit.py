"""Journey 4, the supported police visit, in a real Chromium: a supervisor records the force's agreement and a
station, an advocate books the visit and produces the letter in Arabic, the reporter downloads it on purpose."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from safereport.intake.actions import submit_report
from safereport.intake.submission import Submission
from safereport.visits.models import Visit

pytestmark = pytest.mark.browser

NARRATIVE = "صاحب العمل أخذ جواز سفري ولا يدفع لي أجري منذ ثلاثة أشهر."


def test_a_visit_is_booked_and_the_reporter_downloads_the_arabic_letter(browsing, live_world, staff, reporter, tmp_path):
    report, codename = submit_report(
        Submission(crime_type="trafficking", language="ar", area="north", narrative=NARRATIVE, wants={"police_visit"})
    )
    world = live_world

    supervisor = staff(world.north.supervisor, world.password).page
    supervisor.goto("/en/staff/visits/forces/")
    expect(supervisor.locator("#force-shire-police")).to_contain_text("No agreement in force")
    form = supervisor.locator("#agreement-form")
    form.locator("select[name=force]").select_option(label="Shire Police")
    for code in ("no_immigration_checks", "nothing_to_immigration_enforcement", "free_to_leave"):
        form.locator(f"input[name=commitments][value={code}]").check()
    form.locator("input[name=agreed_on]").fill((date.today() - timedelta(days=20)).isoformat())
    form.locator("button[type=submit]").click()
    expect(supervisor.locator("#force-shire-police")).to_contain_text("Agreement in force: version 1")
    form = supervisor.locator("#station-form")
    form.locator("select[name=force]").select_option(label="Shire Police")
    form.locator("input[name=name]").fill("Castle Street Police Station")
    form.locator("input[name=address]").fill("1 Castle Street, Northtown")
    form.locator("button[type=submit]").click()
    expect(supervisor.locator("#force-shire-police")).to_contain_text("Castle Street Police Station")

    advocate = staff(world.north.advocate, world.password)
    advocate.open_case_from_queue(report.reference)
    page = advocate.page
    page.locator("#visit-link a").click()
    booking = page.locator("#booking-form")
    booking.locator("select[name=station]").select_option(
        label="Shire Police · Castle Street Police Station, 1 Castle Street, Northtown"
    )
    booking.locator("input[name=date]").fill((date.today() - timedelta(days=2)).isoformat())
    booking.locator("input[name=time]").fill("10:30")
    booking.locator("input[name=advocate_phone]").fill("01632 960 000")
    booking.locator("button[type=submit]").click()
    expect(page.locator("#id_date_error")).to_contain_text("future")  # refused by name, the rest kept
    expect(page.locator("input[name=advocate_phone]")).to_have_value("01632 960 000")
    page.locator("input[name=date]").fill((date.today() + timedelta(days=4)).isoformat())
    page.locator("#booking-form button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Visit booked")
    visit_item = page.locator("#visits li.visit")
    expect(visit_item).to_contain_text("Castle Street Police Station")
    expect(visit_item.locator("select[name=language]")).to_have_value("ar")  # the reporter's language, chosen for them
    visit_item.locator("form.letter-form button[type=submit]").click()
    expect(advocate.flash()).to_contain_text("Letter produced and signed")

    person = reporter("ar")
    person.come_back(codename)
    person.page.wait_for_url("**/ar/my-report/")
    person.landed("my-report-with-visit")
    visits = person.page.locator("#visits")
    expect(visits).to_contain_text("Castle Street Police Station")
    expect(visits).to_contain_text("10:30")
    expect(visits).to_contain_text("يمكنك المغادرة في أي وقت.")
    with person.page.expect_download() as downloading:
        visits.locator("form button[type=submit]").click()
    download = downloading.value
    assert download.suggested_filename == f"safereport-{report.reference}-visit-letter.pdf"
    saved = tmp_path / "letter.pdf"
    download.save_as(saved)
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(saved.read_bytes())).pages)
    assert "رسالة ضمانات" in text and report.reference in text and "Castle Street Police Station" in text
    assert "جواز" not in text  # nothing of what the reporter wrote
    assert Visit.objects.get().letter_sealed is not None
    assert browsing.offsite == [] and browsing.broken == []
