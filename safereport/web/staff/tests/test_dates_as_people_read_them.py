"""Staff pages show dates as people read them in the page's language, inside <time datetime="ISO 8601">."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from safereport.web.staff.service_forms import OutcomeForm

OCCURRED = date(2025, 12, 5)
LONG_FORMS = {
    "en": "5 December 2025",
    "es": "5 de diciembre de 2025",
    "ar": "5 ديسمبر 2025",
}


@pytest.fixture
def advocate(world, sign_in):
    return sign_in(world.north.advocate, test_client=Client())


@pytest.mark.parametrize("language", list(LONG_FORMS))
def test_a_case_page_shows_the_day_of_the_crime_in_the_long_form_of_its_language(advocate, make_report, language):
    report, _codename = make_report(occurred_on=OCCURRED)
    with translation.override(language):  # the page switches this thread's language; put it back after
        page = advocate.get(f"/{language}/staff/cases/{report.reference}/").content.decode()
    assert f'<time datetime="2025-12-05">{LONG_FORMS[language]}</time>' in page
    assert "Dec. 5, 2025" not in page and "5 Dec 2025" not in page


def test_a_case_page_shows_times_on_a_24_hour_clock_with_the_long_date(advocate, make_report, world):
    report, _codename = make_report()
    advocate.post(f"/en/staff/cases/{report.reference}/note/", {"body": "Called back."})
    page = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "a.m." not in page and "p.m." not in page
    shown = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert any("T" in iso and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}", text) for iso, text in shown), shown


@pytest.mark.parametrize("language", list(LONG_FORMS))
def test_a_date_field_holds_iso_8601_in_every_language_so_the_browsers_date_picker_reads_it(language):
    with translation.override(language):
        field = str(OutcomeForm(initial={"outcome": "accepted", "outcome_on": OCCURRED})["outcome_on"])
    assert 'type="date"' in field and 'value="2025-12-05"' in field
