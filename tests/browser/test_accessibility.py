"""WCAG 2.2 AA checks with axe-core on every reporter page and on the staff case page, in English and in Arabic."""

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import Staff, carry_out_erasures

pytestmark = pytest.mark.browser

# CI starts from a fresh clone, so axe-core is fetched into the repository's own ignored var/ folder.
AXE_DIR = Path(__file__).resolve().parents[2] / "var" / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MESSAGE = "Can someone call me on Thursday?"


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so axe-core cannot be fetched; install Node.js and npm to run these checks")
        subprocess.run(
            [npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--no-save", "--silent", "axe-core@4"],
            check=True,
            timeout=300,
        )
    return str(AXE_SCRIPT)


def _describe(found: dict) -> str:
    lines = []
    for page, violations in found.items():
        for violation in violations:
            lines.append(f"{page}: {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:5]:
                summary = " ".join((node.get("failureSummary") or "").split())
                lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_reporter_page_meets_wcag_22_aa(browsing, live_world, reporter, axe_script, language):
    found, scanned = {}, []

    def scan(page, name):
        page.add_script_tag(path=axe_script)
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
        assert result["passes"], f"axe checked nothing on {name}"
        scanned.append(name)
        if result["violations"]:
            found[name] = result["violations"]

    # axe is injected as an inline script, which the site's Content-Security-Policy rightly forbids.
    person = reporter(language, on_page=scan, bypass_csp=True)
    person.choose_language()
    codename = person.report_checking_errors_and_back()
    person.come_back(codename)
    person.landed("my-report")
    person.send_message(MESSAGE)
    person.landed("my-report-with-message")
    person.erase()
    person.come_back(codename)
    person.page.wait_for_url(f"**/{language}/my-report/")
    person.landed("my-report-erasure-pending")
    carry_out_erasures()
    person.come_back(codename)
    person.landed("return-with-error")

    assert set(person.pages_checked) >= {
        "start",
        "report-what",
        "report-what-with-errors",
        "report-wants",
        "report-contact",
        "confirmation",
        "return",
        "my-report",
        "erased",
    }
    assert len(scanned) == len(person.pages_checked)
    assert not found, "axe found WCAG 2.2 AA violations:\n" + _describe(found)
    assert browsing.offsite == []


DANGLING_ARIA_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(element =>
    ['aria-describedby', 'aria-labelledby'].flatMap(attribute =>
        (element.getAttribute(attribute) || '').split(/\\s+/)
            .filter(id => id && !document.getElementById(id))
            .map(id => `${element.id || element.tagName.toLowerCase()} ${attribute}="${id}"`)))"""


def test_report_form_help_and_error_texts_are_announced_with_their_fields(browsing, reporter):
    page = reporter("en").page
    page.goto("/en/report/")
    assert page.evaluate(DANGLING_ARIA_REFERENCES) == []
    page.click("button[name=next]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.evaluate(DANGLING_ARIA_REFERENCES) == []


def test_codename_on_the_confirmation_page_uses_only_permitted_aria(browsing, live_world, reporter, axe_script):
    person = reporter("en", bypass_csp=True)
    person.page.goto("/en/")
    codename = person.report()
    assert codename
    person.page.add_script_tag(path=axe_script)
    result = person.page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-prohibited-attr']}})")
    flagged = [
        " ".join(map(str, node["target"])) for item in result["violations"] + result["incomplete"] for node in item["nodes"]
    ]
    assert flagged == []


@pytest.mark.parametrize("language, width", [("en", 1280), ("en", 360), ("ar", 1280), ("ar", 360)])
def test_the_case_page_meets_wcag_22_aa_on_a_desktop_and_a_phone(browsing, live_world, make_report, axe_script, language, width):
    report, _codename = make_report(
        narrative="دفعني صاحب العمل وأخذ أجري. He kept my passport.",
        language="ar",
        contact={"name": "Ana", "phone": "+44 7700 900123"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    )
    advocate = Staff(browsing.page(bypass_csp=True, viewport={"width": width, "height": 800}))
    advocate.sign_in(live_world.north.advocate, live_world.password)
    page = advocate.page
    page.goto(f"/{language}/staff/cases/{report.reference}/")
    expect(page.locator("#refer-form")).to_be_visible()
    page.add_script_tag(path=axe_script)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    assert result["passes"]
    assert not result["violations"], "axe found WCAG 2.2 AA violations:\n" + _describe({"case": result["violations"]})
