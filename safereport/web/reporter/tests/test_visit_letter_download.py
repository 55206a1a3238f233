"""The reporter sees their supported visit on the codename page and downloads its letter only by pressing a button."""

from io import BytesIO

import pytest
from django.test import Client
from pypdf import PdfReader

from safereport.audit.models import AuditEntry
from safereport.firewall import visit_letter
from safereport.visits.actions import cancel_visit
from safereport.visits.tests.factories import agreement_and_station, book, visit_time

pytestmark = pytest.mark.django_db


def open_my_report(client, codename, lang="en"):
    response = client.post(f"/{lang}/return/", {"codename": codename})
    assert response.status_code == 302
    return client


@pytest.fixture
def arabic_visit(world, make_report):
    report, codename = make_report(language="ar")
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station, at=visit_time(days=4, hour=10, minute=15))
    return visit, codename


def test_the_codename_page_shows_the_visit_and_says_the_letter_is_coming(world, arabic_visit, client):
    _visit, codename = arabic_visit
    page = open_my_report(client, codename, "ar").get("/ar/my-report/").content.decode()
    assert "زيارتك للشرطة برفقة مستشار الدعم" in page
    assert "Central Police Station" in page and "10:15" in page
    assert "يمكنك المغادرة في أي وقت." in page  # what the force agreed, in the reporter's language
    assert "يُعدّ مستشار الدعم رسالة للشرطة" in page
    assert "letter.pdf" not in page


def test_the_letter_is_downloaded_only_by_a_post_and_in_its_language(world, arabic_visit, client):
    visit, codename = arabic_visit
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    reporter = open_my_report(client, codename, "ar")
    page = reporter.get("/ar/my-report/").content.decode()
    url = f"/ar/my-report/visit/{visit.pk}/letter.pdf"
    assert f'<form method="post" action="{url}">' in page
    assert f'href="{url}"' not in page  # no link a browser could prefetch or reopen from history
    assert "يبقى الملف الذي تنزّله على هذا الهاتف" in page
    assert reporter.get(url).status_code == 405
    response = reporter.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "no-store" in response["Cache-Control"]
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "رسالة ضمانات" in text and visit.report.reference in text
    entry = AuditEntry.objects.get(action="visit.letter_downloaded")
    assert entry.actor == "reporter" and entry.target == visit.report.reference


def test_another_reports_visit_letter_is_404_and_without_a_codename_nothing(world, arabic_visit, make_report, client):
    visit, _codename = arabic_visit
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    _other, other_codename = make_report()
    url = f"/en/my-report/visit/{visit.pk}/letter.pdf"
    assert open_my_report(client, other_codename).post(url).status_code == 404
    stranger = Client()
    response = stranger.post(url)
    assert response.status_code in (302, 403) and not response.content.startswith(b"%PDF")
    assert not AuditEntry.objects.filter(action="visit.letter_downloaded").exists()


def test_a_cancelled_visit_shows_as_cancelled_in_arabic_and_its_letter_is_withdrawn(world, arabic_visit, client):
    visit, codename = arabic_visit
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    cancel_visit(visit, world.north.advocate)
    reporter = open_my_report(client, codename, "ar")
    page = reporter.get("/ar/my-report/").content.decode()
    assert "أُلغيت هذه الزيارة." in page
    url = f"/ar/my-report/visit/{visit.pk}/letter.pdf"
    assert url not in page
    assert reporter.post(url).status_code == 404
    assert not AuditEntry.objects.filter(action="visit.letter_downloaded").exists()
