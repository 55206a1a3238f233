"""The reporter's phone in an abuser's hands, in a real Chromium: quick exit ends the visit and leaves nothing to go
Back to, Escape must be pressed twice, a report is sent once, no page or cookie keeps what was typed, and the pages
around a report say what to do in danger now, in the reporter's language."""

import re

import pytest
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from playwright.sync_api import expect

from safereport.intake.models import Report

pytestmark = pytest.mark.browser

NARRATIVE = "He took my passport and locks me in the flat at night."
NAME, PHONE = "Amina Haddad", "07700 900123"
FIELDS_TYPED = ("textarea[name=narrative]", "input[name=name]", "input[name=phone]", "input[name=email]")


def left_for_the_exit_site(page):
    page.wait_for_url(settings.QUICK_EXIT_URL)  # the browsing fixture keeps it on this machine


def start_report(person):
    """From the start page to step two, with the narrative sent: it now lives only in the server's sealed draft."""
    person.choose_language()
    page = person.page
    page.click(f"a.button[href='/{person.language}/report/']")
    page.check("input[name=crime_type][value=domestic_abuse]")
    page.fill("textarea[name=narrative]", NARRATIVE)
    page.click("button[name=next]")
    expect(page.locator("input[name=step]")).to_have_value("wants")
    return page


def shows_nothing_typed(page):
    expect(page.locator("main")).to_be_visible()
    html = page.content()
    assert NARRATIVE not in html and NAME not in html and PHONE not in html
    narrative = page.locator("textarea[name=narrative]")
    if narrative.count():
        expect(narrative).to_have_value("")


# 9. Quick exit


def test_quick_exit_ends_the_visit_on_the_server_and_back_shows_nothing_typed(browsing, live_world, reporter):
    person = reporter("en")
    page = start_report(person)
    page.fill("input[name=interpreter_language]", "Tigrinya")
    page.click("#quick-exit")
    left_for_the_exit_site(page)
    assert {c["name"] for c in page.context.cookies()} & {"sessionid", "sr_visit"} == set()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/en/report/"))
    shows_nothing_typed(page)
    page.goto("/en/report/?step=wants")  # the step the reporter was on: the draft is gone, so step one, empty
    expect(page.locator("input[name=step]")).to_have_value("what")
    shows_nothing_typed(page)


def test_quick_exit_without_javascript_also_ends_the_visit(browsing, live_world, reporter, make_report):
    _report, codename = make_report()
    person = reporter("en", java_script_enabled=False)
    person.choose_language()
    expect(person.page.locator("#quick-exit-hint")).to_be_hidden()  # no script, so no shortcut to announce
    person.come_back(codename)
    person.page.wait_for_url("**/en/my-report/")
    person.page.click("#quick-exit")
    left_for_the_exit_site(person.page)
    person.page.go_back()
    expect(person.page).to_have_url(re.compile(r"/en/return/$"))  # my-report, asked again, sends to the codename form
    expect(person.page.locator("#thread")).to_have_count(0)


def test_one_escape_keeps_the_text_and_escape_pressed_twice_quickly_leaves(browsing, live_world, reporter):
    person = reporter("en")
    person.choose_language()
    page = person.page
    expect(page.locator("#quick-exit-hint")).to_be_visible()
    expect(page.locator("#quick-exit-hint")).to_have_text("or press Esc twice")
    page.click("a.button[href='/en/report/']")
    page.fill("textarea[name=narrative]", NARRATIVE)
    page.focus("textarea[name=narrative]")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")  # two presses, but not quickly: an accident, twice
    page.keyboard.press("a")
    page.keyboard.press("Escape")  # Escape, a letter, Escape: not a double press either
    page.wait_for_timeout(300)
    expect(page.locator("textarea[name=narrative]")).to_have_value(NARRATIVE + "a")
    assert page.url.endswith("/en/report/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    left_for_the_exit_site(page)
    page.go_back()  # the form page was replaced in the history, so Back goes to the page before it
    expect(page).to_have_url(re.compile(r"/en/$"))


# 10, 11, 12. One report, nothing in history, nothing left in the browser


def test_a_report_is_sent_once_and_back_reload_and_resend_show_nothing_sensitive(browsing, live_world, reporter):
    person = reporter("en")
    person.choose_language()
    page = person.page
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" and r.url.endswith("/en/report/") else None)
    codename = person.report(narrative=NARRATIVE, name=NAME, phone=PHONE, police_share_contact="yes")
    assert codename
    expect(page).to_have_url(re.compile(r"/en/report/sent/$"))  # reached by redirect: no POST in the history

    # Every step was sent as its own answers; nothing typed earlier travelled in a later page.
    bodies = [post.post_data for post in posts]
    assert [re.search(r"step=(\w+)", body).group(1) for body in bodies] == ["what", "wants", "contact"]
    assert not re.search(r"(^|&)narrative=", bodies[1]) and not re.search(r"(^|&)narrative=", bodies[2])

    page.reload()
    expect(page.locator("h1")).to_have_text("Your codename is shown only once")
    expect(page.locator("#codename")).to_have_count(0)
    assert codename not in page.content()
    page.go_back()  # to the last step of the form
    expect(page).to_have_url(re.compile(r"/en/report/\?step=contact$"))
    shows_nothing_typed(page)
    expect(page.locator("input[name=step]")).to_have_value("what")

    # The last step sent again exactly as before, as "confirm form resubmission" would: nothing is filed again.
    again = page.context.request.post(
        posts[-1].url, data=posts[-1].post_data, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert again.status == 409
    assert "Your report was already sent" in again.text() and codename not in again.text()
    assert Report.objects.count() == 1

    # Only cookies that end with the browser session were ever set, and nothing typed can be offered back.
    assert [c for c in page.context.cookies() if c["expires"] != -1] == []
    assert browsing.offsite == []


def test_the_form_keeps_no_typing_for_the_browser_to_offer_again(browsing, live_world, reporter):
    person = reporter("en")
    page = start_report(person)
    assert page.get_attribute("main form", "autocomplete") == "off"
    expect(page.locator("input[name=interpreter_language]")).to_have_attribute("autocomplete", "off")
    hidden = page.eval_on_selector_all("input[type=hidden]", "els => els.map(e => e.name).sort()")
    assert hidden == ["csrfmiddlewaretoken", "form_token", "step"]
    assert NARRATIVE not in page.content()
    page.click("button[name=back]")
    expect(page.locator("textarea[name=narrative]")).to_have_value(NARRATIVE)  # from the server's sealed draft
    expect(page.locator("textarea[name=narrative]")).to_have_attribute("autocomplete", "off")
    page.click("button[name=next]")
    page.click("button[name=next]")
    for field in FIELDS_TYPED[1:]:
        expect(page.locator(field)).to_have_attribute("autocomplete", "off")
    assert [c for c in page.context.cookies() if c["expires"] != -1] == []


# 14. Emergency first, in the reporter's language


@pytest.mark.parametrize("language", ["es", "ar"])
def test_start_confirmation_return_and_my_report_say_what_to_do_in_danger_now(
    browsing, live_world, reporter, screenshot, language
):
    with override(language):
        heading = _("In danger now?")
    person = reporter(language)
    person.choose_language()
    page = person.page

    def emergency_shown(where):
        box = page.locator("#emergency")
        expect(box, where).to_be_visible()
        expect(box.locator("h2"), where).to_have_text(heading)
        for number in ("999", "55", "0808 2000 247", "08000 121 700", "101"):
            expect(box, where).to_contain_text(number)
        # Phone numbers read left to right even in Arabic, or "0808 2000 247" would show as "247 2000 0808".
        expect(box.locator(".number").first, where).to_have_css("direction", "ltr")
        screenshot(page, f"emergency-{language}-{where.replace(' ', '-')}")

    emergency_shown("start")
    codename = person.report()
    emergency_shown("confirmation")
    person.come_back(codename)
    page.wait_for_url(f"**/{language}/my-report/")
    emergency_shown("my report")
    page.goto(f"/{language}/return/")
    emergency_shown("return")
    assert browsing.offsite == []
