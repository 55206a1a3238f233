"""The supported visit's assurance letter: in the reporter's language, signed, verifiable, offline, and about no one's story."""

import json
import socket
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from pypdf import PdfReader

from safereport.audit.models import AuditEntry
from safereport.cases.actions import save_immigration_advice
from safereport.firewall import package_pdf, visit_letter
from safereport.vault import records, signing
from safereport.visits import actions
from safereport.visits.models import Commitment
from safereport.visits.tests.factories import agreement_and_station, book

pytestmark = pytest.mark.django_db

NARRATIVE = "Quillbrook locked me in the storeroom and kept my passport."
IMMIGRATION_NOTE = "Zarnowit visa expired, eligible for the concession"
PAYLOAD_KEYS = {
    "kind",
    "reference",
    "language",
    "organisation",
    "force",
    "station",
    "visit",
    "agreement",
    "advocate",
    "issued_on",
}


@pytest.fixture
def booked(world, make_report):
    report, codename = make_report(language="ar", narrative=NARRATIVE, wants={"immigration_advice", "police_visit"})
    save_immigration_advice(report, IMMIGRATION_NOTE, world.north.unlocked, world.north.advocate)
    _agreement, station = agreement_and_station(world.north, world.police.org)
    return book(report, world.north, station), codename


def _key(visit, world):
    return records.open_with_organisation(visit.report.data_key_id, world.north.unlocked)


def _pdf(visit, world):
    pdf, _name = visit_letter.letter_pdf(visit, _key(visit, world), actor="test")
    return pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_letter_in_arabic_reads_right_to_left_with_an_english_copy_for_the_officers(world, booked):
    visit, _codename = booked
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    html = package_pdf.render_html(document, language="ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert 'id="english-copy" lang="en" dir="ltr"' in html
    text = _text(_pdf(visit, world))
    assert "رسالة ضمانات" in text  # the title, in Arabic
    assert "لن تُنقل أي معلومات عنك إلى سلطات إنفاذ قوانين الهجرة" in text.replace("\n", " ")
    assert "No information about you will be passed to immigration enforcement." in text.replace("\n", " ")
    assert visit.report.reference in text and "Central Police Station" in text
    assert "+44 20 7946 0000" in text and world.north.advocate.email in text


def test_the_letter_states_only_what_the_force_agreed(world, make_report):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org, commitments=[Commitment.FREE_TO_LEAVE])
    visit = book(report, world.north, station)
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "en")
    assert document["payload"]["agreement"]["commitments"] == ["free_to_leave"]
    text = _text(_pdf(visit, world)).replace("\n", " ")
    assert "You are free to leave at any time." in text
    assert "immigration status will be made" not in text


def test_the_letter_carries_no_narrative_no_immigration_data_and_no_reporter_contact(world, make_report):
    report, _codename = make_report(
        narrative=NARRATIVE, wants={"immigration_advice"}, contact={"name": "Ana Velkova", "phone": "+44 7700 900123"}
    )
    save_immigration_advice(report, IMMIGRATION_NOTE, world.north.unlocked, world.north.advocate)
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "en")
    assert set(document["payload"]) == PAYLOAD_KEYS
    everything = json.dumps(document, ensure_ascii=False) + _text(_pdf(visit, world))
    for secret in ("Quillbrook", "storeroom", "Zarnowit", "visa", "Ana Velkova", "7700 900123", "immigration_advice"):
        assert secret not in everything


def test_the_signed_letter_verifies_and_a_tampered_one_fails(world, booked, tmp_path, capsys):
    visit, _codename = booked
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    pdf_path = tmp_path / "letter.pdf"
    pdf_path.write_bytes(_pdf(visit, world))
    call_command("verify_package", str(pdf_path), "--require-known-key")
    out = capsys.readouterr().out
    assert "VERIFIED" in out and "assurance letter for a supported police visit" in out
    assert "no_immigration_checks" in out and visit.report.reference in out

    document = visit_letter.open_letter(visit, _key(visit, world))
    assert signing.verify_document(document).ok
    document["payload"]["agreement"]["commitments"].append("free_to_leave_with_a_cake")
    tampered = tmp_path / "tampered.json"
    tampered.write_bytes(signing.document_bytes(document))
    with pytest.raises(CommandError, match="NOT VERIFIED"):
        call_command("verify_package", str(tampered))


def test_the_letter_is_sealed_with_the_reports_key(world, booked):
    visit, _codename = booked
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    visit.refresh_from_db()
    assert b"Central Police Station" not in bytes(visit.letter_sealed)
    assert b"visit_assurance" not in bytes(visit.letter_sealed)


def test_making_the_letter_never_reaches_the_network(world, booked, monkeypatch):
    visit, _codename = booked
    visit.station.name = '<img src="http://198.51.100.7/track.png"> Central'
    visit.station.save()

    def refuse(*args, **kwargs):
        raise AssertionError("the letter tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    assert _pdf(visit, world).startswith(b"%PDF-")
    with pytest.raises(Exception, match="(?i)protocol|not allowed|http"):
        package_pdf.url_fetcher()("http://198.51.100.7/track.png")


def test_a_newer_agreement_replaces_the_one_booked_under_and_a_withdrawn_one_stops_the_letter(world, booked):
    visit, _codename = booked
    actions.record_agreement(
        world.north.org,
        world.police.org,
        [Commitment.NO_IMMIGRATION_CHECKS],
        timezone.localdate() - timedelta(days=2),
        world.north.supervisor,
    )
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "en")
    assert document["payload"]["agreement"]["version"] == 2
    actions.withdraw_agreement(world.north.org, world.police.org, world.north.supervisor)
    with pytest.raises(actions.Refused, match="withdrawn"):
        visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "en")


def test_a_letter_in_an_unlisted_language_or_with_another_organisations_keys_is_refused(world, booked):
    visit, _codename = booked
    with pytest.raises(actions.Refused) as refused:
        visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "fr")
    assert refused.value.field == "language"
    with pytest.raises(actions.Refused):
        visit_letter.issue_letter(visit, world.south.unlocked, world.south.advocate, "en")
    visit.refresh_from_db()
    assert visit.letter_sealed is None


def test_producing_and_downloading_the_letter_are_audited_without_content(world, booked):
    visit, _codename = booked
    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    _pdf(visit, world)
    issued = AuditEntry.objects.get(action="visit.letter_issued")
    downloaded = AuditEntry.objects.get(action="visit.letter_downloaded")
    assert issued.target == downloaded.target == visit.report.reference
    assert issued.detail["language"] == "ar"
    assert "Central" not in json.dumps(issued.detail) + json.dumps(downloaded.detail)


LETTER_DATES = {
    # The visit's day and the day the force agreed, as each language writes them out.
    "en": ("5 December 2026", "20 November 2026"),
    "es": ("5 de diciembre de 2026", "20 de noviembre de 2026"),
    "ar": ("5 ديسمبر 2026", "20 نوفمبر 2026"),
}


def _letter_on_fixed_days(world, booked, language):
    """An issued letter whose visit and agreement fall on fixed days (a booking is always days from now)."""
    visit, _codename = booked
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, language)
    document["payload"]["visit"]["date"] = "2026-12-05"
    document["payload"]["agreement"]["agreed_on"] = "2026-11-20"
    return document


@pytest.mark.parametrize("language", list(LETTER_DATES))
def test_the_letter_writes_its_dates_out_in_its_own_language_with_the_english_copy_in_english(world, booked, language):
    document = _letter_on_fixed_days(world, booked, language)
    html = package_pdf.render_html(document, language=language)
    letter, _, english_copy = html.partition('id="english-copy"')
    visit_day, agreed_day = LETTER_DATES[language]
    assert visit_day in letter and agreed_day in letter
    assert "2026-12-05" not in html and "Dec. 5" not in html
    if language != "en":
        assert "5 December 2026" in english_copy and "20 November 2026" in english_copy
        assert "5 December 2026" not in letter


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_letter_pdf_pages_carry_the_long_dates(world, booked, language):
    document = _letter_on_fixed_days(world, booked, language)
    text = " ".join(_text(package_pdf.render_pdf(document, language=language)).split())
    assert LETTER_DATES[language][0] in text and "5 December 2026" in text


def test_the_letter_is_rendered_in_its_own_language_not_the_staff_members(world, booked):
    visit, _codename = booked
    document = visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    day = date.fromisoformat(document["payload"]["visit"]["date"])
    with translation.override("ar"):
        arabic_month = str(MONTHS[day.month])
    with translation.override("es"):
        spanish_month = str(MONTHS[day.month])
        text = _text(_pdf(visit, world))  # a Spanish-speaking advocate downloads the Arabic letter
    assert arabic_month in text and spanish_month not in text
