"""Browser fixtures: one Debian Chromium per session, contexts confined to the live server, journey steps."""

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import get_resolver

# Sync Playwright runs an event loop on the test thread, and Django's ORM refuses to run beside one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

# Playwright's own browser download cannot reach its CDN here; Debian's package can be installed.
CHROMIUM = os.environ.get("SAFEREPORT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--headless",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Screenshots are for a person to look at, so they are taken only when asked for.
SCREENSHOT_DIR = os.environ.get("SAFEREPORT_SCREENSHOT_DIR", "")
REFERENCE = re.compile(r"SR-[A-Z0-9]{4}-[A-Z0-9]{4}")
# Stands in for the innocuous site the quick exit leads to: any page of the live server that is not a reporter page.
EXIT_LANDING = "/static/safereport/site.css"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: `make browser-deps` installs Debian's chromium package.")
    # Import the URLconf and everything behind it now, so no page load in a test pays for those seconds.
    get_resolver().url_patterns
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


class Browsing:
    """Browser contexts for one test, each allowed to reach only this machine; remembers what it refused."""

    def __init__(self, browser, base_url):
        self._browser, self.base_url = browser, base_url
        self._contexts = []
        self.offsite = []  # every URL a page tried to load from anywhere but the live server's host
        self.broken = []  # stylesheets, scripts and images the live server failed to serve

    def context(self, **options):
        context = self._browser.new_context(base_url=self.base_url, **options)
        # Generous, because other suites may share the machine's two cores; a passing run never waits this long.
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        context.route("**/*", self._only_this_machine)
        context.on("response", self._note_broken)
        self._contexts.append(context)
        return context

    def page(self, **options):
        return self.context(**options).new_page()

    def _only_this_machine(self, route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort("blockedbyclient")

    def _note_broken(self, response):
        # A page answering 404 can be the point of a test; a missing stylesheet or script never is.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status} {response.url}")

    def close(self):
        for context in self._contexts:
            context.close()


@pytest.fixture
def browsing(chromium, live_server, transactional_db, settings):
    # Failed codename guesses are counted in the database (safereport.ratelimit), keyed by client address, and
    # every request here comes from 127.0.0.1: transactional_db empties that table after each journey.
    # /exit/ redirects there, and Playwright's routes never see a redirect's target: keep it on this machine.
    settings.QUICK_EXIT_URL = f"{live_server.url}{EXIT_LANDING}"
    session = Browsing(chromium, live_server.url)
    yield session
    session.close()


@pytest.fixture
def live_world(transactional_db, live_server, world):
    """The root `world`, committed where the live server thread can read it.

    pytest-django makes `db` (which `world` uses) transactional whenever `live_server` or
    `transactional_db` is requested too, so the same organisations and staff serve here.
    """
    return world


@pytest.fixture
def reporter(browsing):
    """`reporter(language, on_page=None, **context_options)`: a reporter in a browser context of their own."""

    def open_as(language="en", on_page=None, **context_options):
        return Reporter(browsing.page(**context_options), language, on_page)

    return open_as


@pytest.fixture
def staff(browsing):
    """`staff(user, password)`: a member of staff signed in through the sign-in page, in their own context."""

    def signed_in(user, password):
        member = Staff(browsing.page())
        member.sign_in(user, password)
        return member

    return signed_in


@pytest.fixture
def screenshot():
    """Save a full-page picture for a person to look at, when SAFEREPORT_SCREENSHOT_DIR names a folder."""

    def take(page, name):
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return take


@dataclass
class Answers:
    """What a reporter types into the three steps; field names are the form's own."""

    crime_type: str = "domestic_abuse"
    narrative: str = "My landlord pushed me down the stairs and took my wages. It happened twice."
    occurred_on: date | None = None
    area: str = "north"
    wants: tuple = ("advocate", "interpreter")
    interpreter_language: str = "Tigrinya"
    name: str = ""
    phone: str = ""
    email: str = ""
    police_share_contact: str = "no"
    police_share_narrative: str = "no"

    def __post_init__(self):
        if self.occurred_on is None:
            self.occurred_on = date.today() - timedelta(days=10)


class Reporter:
    """A reporter in one browser page and language; checks every page it lands on the same way."""

    def __init__(self, page, language, on_page=None):
        self.page, self.language = page, language
        self.on_page = on_page  # extra check per page, e.g. an accessibility scan
        self.pages_checked = []

    def landed(self, name, language=None):
        """The checks every reporter page must pass: language, direction, and the quick exit first."""
        page, language = self.page, language or self.language
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl" if language in settings.LANGUAGES_BIDI else "ltr")
        # Nothing may hang off the side: on a phone that is blank space to swipe into, away from the exit.
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
            f"{name} ({language}) scrolls sideways"
        )
        exit_link = page.locator("#quick-exit")
        expect(exit_link).to_have_count(1)
        assert exit_link.get_attribute("href") == "/exit/"  # the server ends the visit, then sends the browser away
        # A person tabbing from the top meets the skip link, then the way out, before anything else.
        page.keyboard.press("Tab")
        expect(page.locator("a.skip")).to_be_focused()
        page.keyboard.press("Tab")
        expect(exit_link).to_be_focused()
        self.pages_checked.append(name)
        if self.on_page:
            self.on_page(page, f"{self.language}:{name}")

    def choose_language(self):
        self.page.goto("/")
        # The chooser comes before any choice, so it speaks the browser's language (English here).
        self.landed("choose-language", language="en")
        self.page.click(f"ul.languages a[lang='{self.language}']")
        self.page.wait_for_url(f"**/{self.language}/")
        self.landed("start")

    def report(self, **overrides) -> str:
        """From the start page through the three steps; returns the codename shown at the end."""
        return self.report_checking_errors_and_back(check=False, **overrides)

    def report_checking_errors_and_back(self, check=True, **overrides) -> str:
        """As `report`, but first send step one empty, and step back from step two, as a hurried person might."""
        page, answers = self.page, Answers(**overrides)
        page.click(f"a.button[href='/{self.language}/report/']")
        self._on_step("what")
        if check:
            page.click("button[name=next]")
            expect(page.locator(".error-summary")).to_be_visible()
            expect(page.locator(".error-summary a[href='#id_narrative']")).to_have_count(1)
            self.landed("report-what-with-errors")
        page.check(f"input[name=crime_type][value={answers.crime_type}]")
        page.fill("textarea[name=narrative]", answers.narrative)
        page.fill("input[name=occurred_on]", answers.occurred_on.isoformat())
        page.select_option("select[name=area]", answers.area)
        page.click("button[name=next]")
        self._on_step("wants")
        if check:
            page.click("button[name=back]")
            self._on_step("what")
            expect(page.locator("textarea[name=narrative]")).to_have_value(answers.narrative)
            expect(page.locator(f"input[name=crime_type][value={answers.crime_type}]")).to_be_checked()
            page.click("button[name=next]")
            self._on_step("wants")
        for want in answers.wants:
            page.check(f"input[name=wants][value={want}]")
        page.fill("input[name=interpreter_language]", answers.interpreter_language)
        page.click("button[name=next]")
        self._on_step("contact")
        for field in ("name", "phone", "email"):
            page.fill(f"input[name={field}]", getattr(answers, field))
        page.check(f"input[name=police_share_contact][value={answers.police_share_contact}]")
        page.check(f"input[name=police_share_narrative][value={answers.police_share_narrative}]")
        page.click("button[name=next]")
        expect(page.locator("#codename")).to_be_visible()
        self.landed("confirmation")
        codename = page.locator("#codename").inner_text().strip()
        assert len(codename.split("-")) == 7, codename
        return codename

    def reference(self) -> str:
        """The case reference printed on the confirmation or my-report page."""
        found = REFERENCE.search(self.page.locator("main").inner_text())
        assert found, "no case reference on the page"
        return found.group(0)

    def _on_step(self, step):
        expect(self.page.locator("input[name=step]")).to_have_value(step)
        expect(self.page.locator(".error-summary")).to_have_count(0)
        self.landed(f"report-{step}")

    def come_back(self, codename):
        """Open the return page and type the codename; lands on my-report or stays with an error."""
        self.page.goto(f"/{self.language}/return/")
        self.landed("return")
        self.page.fill("input[name=codename]", codename)
        self.page.click("main form button[type=submit]")

    def send_message(self, body):
        self.page.fill("textarea[name=body]", body)
        self.page.click(f"form[action='/{self.language}/my-report/'] button[type=submit]")
        self.page.wait_for_url(f"**/{self.language}/my-report/")
        expect(self.page.locator("#thread")).to_contain_text(body)

    def erase(self):
        """Ask for erasure: the page says the due day, and the report is closed on this device."""
        self.page.check("input[name=confirm]")
        self.page.click("button.danger")
        expect(self.page.locator("#erasure-due")).to_be_visible()
        self.landed("erased")

    def cancel_erasure(self):
        self.page.click(f"form[action='/{self.language}/my-report/erase/cancel/'] button[type=submit]")
        self.page.wait_for_url(f"**/{self.language}/my-report/")
        expect(self.page.locator("#erasure-cancelled")).to_be_visible()


def carry_out_erasures() -> list[str]:
    """The cooling-off period over: every pending erasure falls due today, and the daily job runs."""
    from safereport import coarse_time
    from safereport.intake.actions import erase_due
    from safereport.intake.models import Report

    Report.objects.filter(erasure_due_on__isnull=False).update(erasure_due_on=coarse_time.today().date())
    return erase_due()


class Staff:
    """A member of staff in their own browser context, signing in through the real page."""

    def __init__(self, page):
        self.page = page

    def sign_in(self, user, password):
        """Password, then the code the person's authenticator app shows now (see `current_code` in conftest.py)."""
        from conftest import current_code

        page = self.page
        current_code(user)  # an account a test has just added gets its device before the password step
        page.goto("/en/staff/sign-in/")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/en/staff/sign-in/code/")
        page.fill("input[name=code]", current_code(user))
        page.click("main form button[type=submit]")
        expect(page.locator("nav.staff-nav")).to_contain_text(user.email)

    def open_case_from_queue(self, reference):
        self.page.goto("/en/staff/")
        self.page.get_by_role("link", name=reference, exact=True).click()
        self.page.wait_for_url(f"**/en/staff/cases/{reference}/")

    def flash(self):
        return self.page.locator("ul.messages")
