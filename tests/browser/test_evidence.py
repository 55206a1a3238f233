"""A photo taken with its location travels from the reporter's codename page (JavaScript off) to the advocate's
browser in a real Chromium, and what the advocate opens carries no GPS tags and no EXIF at all; a voice note
does the same and plays on the case page."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from safereport.evidence.models import EvidenceFile
from safereport.evidence.tests import recordings, samples

pytestmark = pytest.mark.browser


def test_a_photo_added_on_the_codename_page_reaches_the_advocate_without_its_gps_tags(
    browsing, live_world, make_report, reporter, staff
):
    report, codename = make_report()
    person = reporter("en", java_script_enabled=False)
    page = person.page
    page.goto("/en/return/")
    page.fill("input[name=codename]", codename)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/my-report/")
    page.set_input_files(
        "#evidence-form input[name=file]", {"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg_with_gps()}
    )
    page.click("#evidence-form button[type=submit]")
    expect(page.locator("#evidence-saved")).to_contain_text("Your file was added")
    expect(page.locator("#evidence-count")).to_have_text("Your report has 1 file.")
    assert page.locator("#evidence img").count() == 0
    item = EvidenceFile.objects.get(report=report)

    advocate = staff(live_world.north.advocate, live_world.password)
    advocate.page.goto(f"/en/staff/cases/{report.reference}/")
    link = advocate.page.locator("#evidence-list a", has_text="File 1")
    expect(link).to_be_visible()
    expect(advocate.page.locator("#evidence-list")).to_contain_text("not yet reviewed")
    shown = advocate.page.goto(link.get_attribute("href"))
    assert shown.status == 200 and shown.headers["content-type"] == "image/jpeg"
    assert shown.headers["content-disposition"].startswith("inline") and "no-store" in shown.headers["cache-control"]
    image = Image.open(io.BytesIO(shown.body()))
    assert len(image.getexif()) == 0 and image.getexif().get_ifd(0x8825) == {} and image.size == (20, 40)
    item.refresh_from_db()
    assert item.reviewed_by == live_world.north.advocate
    assert browsing.offsite == [] and browsing.broken == []


def test_a_voice_note_sent_by_the_reporter_plays_on_the_advocates_case_page_without_its_tags(
    browsing, live_world, make_report, reporter, staff
):
    report, codename = make_report()
    page = reporter("en", java_script_enabled=False).page
    page.goto("/en/return/")
    page.fill("input[name=codename]", codename)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/my-report/")
    voice_note = recordings.tagged("opus")  # as WhatsApp exports one: Ogg Opus, here with a name and a place in it
    page.set_input_files(
        "#evidence-form input[name=file]", {"name": "PTT-20260301-WA0003.opus", "mimeType": "audio/ogg", "buffer": voice_note}
    )
    page.click("#evidence-form button[type=submit]")
    expect(page.locator("#evidence-saved")).to_contain_text("Your file was added")
    expect(page.locator("#evidence-list")).to_contain_text("Audio recording")
    assert page.locator("#evidence audio").count() == 0  # a shared phone: nothing plays on the reporter's page

    advocate = staff(live_world.north.advocate, live_world.password).page
    advocate.goto(f"/en/staff/cases/{report.reference}/")
    player = advocate.locator("#evidence-list audio.evidence-audio")
    expect(player).to_be_visible()
    heard = []
    advocate.on("response", lambda response: heard.append(response) if "/evidence/" in response.url else None)
    # What pressing play does first: load it, and the browser decodes its header and length.
    player.evaluate("audio => audio.load()")
    for _wait in range(150):  # wait_for_function would need eval, which the page's policy forbids
        if player.evaluate("audio => audio.readyState >= 1 || audio.error !== null"):
            break
        advocate.wait_for_timeout(100)
    duration = player.evaluate("audio => audio.duration")
    assert duration == pytest.approx(recordings.SECONDS, abs=0.2)
    assert player.evaluate("audio => audio.error") is None
    assert heard and heard[0].headers["content-type"] == "audio/ogg"
    assert recordings.NAME.encode() not in heard[0].body() and b"51.5074" not in heard[0].body()
    item = EvidenceFile.objects.get(report=report)
    assert item.kind == "audio" and item.reviewed_by == live_world.north.advocate
    assert browsing.offsite == [] and browsing.broken == []
