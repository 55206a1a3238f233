"""Staff visit pages: agreements and stations by supervisors, booking and the letter by caseworkers; refusals named, other organisations 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.audit.models import AuditEntry
from safereport.visits import actions
from safereport.visits.models import ForceAgreement, PoliceStation, Visit
from safereport.visits.tests.factories import ALL_COMMITMENTS, agreement_and_station, book

FORCES = "/en/staff/visits/forces/"


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _booking(at_station, advocate, **overrides):
    fields = {
        "station": at_station.pk,
        "date": _day(5),
        "time": "14:30",
        "advocate": advocate.pk,
        "advocate_phone": "020 7946 0000",
    }
    fields.update(overrides)
    return fields


def test_a_supervisor_records_a_forces_agreement_and_a_station(world, as_user):
    supervisor = as_user(world.north.supervisor)
    response = supervisor.post(
        f"{FORCES}agreement/", {"force": world.police.org.pk, "commitments": ALL_COMMITMENTS[:2], "agreed_on": _day(-10)}
    )
    assert response.status_code == 302
    response = supervisor.post(f"{FORCES}station/", {"force": world.police.org.pk, "name": "Central", "address": "1 High St"})
    assert response.status_code == 302
    page = supervisor.get(FORCES).content.decode()
    assert "Agreement in force: version 1" in page and "Central, 1 High St" in page
    agreement = ForceAgreement.objects.get()
    assert agreement.commitments == ALL_COMMITMENTS[:2] and agreement.recorded_by == world.north.supervisor


def test_an_agreement_with_bad_values_is_refused_by_field_with_the_typed_values_kept(world, as_user):
    supervisor = as_user(world.north.supervisor)
    response = supervisor.post(f"{FORCES}agreement/", {"force": world.police.org.pk, "agreed_on": _day(-4)})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_commitments_error"' in page and f'value="{_day(-4)}"' in page
    response = supervisor.post(
        f"{FORCES}agreement/", {"force": world.police.org.pk, "commitments": ALL_COMMITMENTS[:1], "agreed_on": _day(3)}
    )
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    assert not ForceAgreement.objects.exists()


def test_a_station_without_a_name_is_refused_with_the_address_kept(world, as_user):
    supervisor = as_user(world.north.supervisor)
    response = supervisor.post(f"{FORCES}station/", {"force": world.police.org.pk, "name": "  ", "address": "7 Mill Lane"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="station_name_error"' in page and 'value="7 Mill Lane"' in page
    assert not PoliceStation.objects.exists()


def test_an_advocate_sees_the_forces_but_cannot_record_an_agreement(world, as_user):
    advocate = as_user(world.north.advocate)
    assert advocate.get(FORCES).status_code == 200
    response = advocate.post(
        f"{FORCES}agreement/", {"force": world.police.org.pk, "commitments": ALL_COMMITMENTS, "agreed_on": _day(-3)}
    )
    assert response.status_code == 404
    assert not ForceAgreement.objects.exists()


def test_without_an_agreement_no_booking_is_offered_and_a_forced_post_is_refused_with_the_reason(world, make_report, as_user):
    report, _codename = make_report()
    station = actions.add_station(world.north.org, world.police.org, "Central", "1 High St", world.north.supervisor)
    advocate = as_user(world.north.advocate)
    page = advocate.get(f"/en/staff/cases/{report.reference}/visits/").content.decode()
    assert 'id="booking-form"' not in page and "Book the visit" not in page
    assert 'id="not-bookable"' in page and "Shire Police" in page
    response = advocate.post(f"/en/staff/cases/{report.reference}/visits/", _booking(station, world.north.advocate))
    assert response.status_code == 422
    assert "Shire Police has no recorded agreement" in response.content.decode()
    assert not Visit.objects.exists()


def test_an_advocate_books_a_visit_and_produces_and_downloads_the_letter(world, make_report, as_user):
    report, _codename = make_report(language="es")
    _agreement, station = agreement_and_station(world.north, world.police.org)
    advocate = as_user(world.north.advocate)
    base = f"/en/staff/cases/{report.reference}/visits/"
    assert advocate.post(base, _booking(station, world.north.advocate)).status_code == 302
    visit = Visit.objects.get()
    assert visit.advocate == world.north.advocate and visit.agreement.version == 1
    page = advocate.get(base).content.decode()
    assert "Produce the assurance letter" in page and "14:30" in page
    read = AuditEntry.objects.filter(action="case.read", target=report.reference).last()
    assert read is not None and read.detail == {"part": "visits"}
    assert advocate.post(f"{base}{visit.pk}/letter/", {"language": "es"}).status_code == 302
    response = advocate.get(f"{base}{visit.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and response.content.startswith(b"%PDF-")
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="visit.")] == [
        "visit.booked",
        "visit.letter_issued",
        "visit.letter_downloaded",
    ]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date": _day(-3)}, "date"),
        ({"date": "31/31/2026"}, "date"),
        ({"time": "25:61"}, "time"),
        ({"advocate_phone": "call me maybe"}, "advocate_phone"),
        ({"station": "999999"}, "station"),
    ],
)
def test_a_booking_with_a_bad_value_names_the_field_keeps_the_rest_and_saves_nothing(
    world, make_report, as_user, overrides, field
):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    advocate = as_user(world.north.advocate)
    fields = _booking(station, world.north.advocate, **overrides)
    response = advocate.post(f"/en/staff/cases/{report.reference}/visits/", fields)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    for name in ("time", "advocate_phone"):
        if name != field:
            assert f'value="{fields[name]}"' in page
    assert not Visit.objects.exists()
    assert not AuditEntry.objects.filter(action="visit.booked").exists()


def test_an_advocate_of_another_organisation_is_refused_as_not_of_this_organisation(world, make_report, as_user):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    advocate = as_user(world.north.advocate)
    response = advocate.post(f"/en/staff/cases/{report.reference}/visits/", _booking(station, world.south.advocate))
    assert response.status_code == 422 and 'id="id_advocate_error"' in response.content.decode()
    assert not Visit.objects.exists()


def test_another_organisations_case_visit_and_letter_are_404(world, make_report, as_user):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    base = f"/en/staff/cases/{report.reference}/visits/"
    for user in (world.south.advocate, world.south.supervisor):
        other = as_user(user)
        assert other.get(base).status_code == 404
        assert other.post(base, _booking(station, user)).status_code == 404
        assert other.post(f"{base}{visit.pk}/letter/", {"language": "en"}).status_code == 404
        assert other.get(f"{base}{visit.pk}/letter.pdf").status_code == 404
    liaison = as_user(world.police.police_liaison)
    assert liaison.get(base).status_code == 404
    assert liaison.get(FORCES).status_code == 404
    visit.refresh_from_db()
    assert visit.letter_sealed is None


def test_a_withdrawn_agreement_is_shown_and_the_letter_refused_with_the_reason(world, make_report, as_user):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    supervisor = as_user(world.north.supervisor)
    assert supervisor.post(f"{FORCES}{world.police.org.pk}/withdraw/").status_code == 302
    assert "No agreement in force" in supervisor.get(FORCES).content.decode()
    response = supervisor.post(f"/en/staff/cases/{report.reference}/visits/{visit.pk}/letter/", {"language": "en"}, follow=True)
    assert "has withdrawn its agreement" in response.content.decode()
    visit.refresh_from_db()
    assert visit.letter_sealed is None


def test_an_advocate_cancels_a_visit_only_when_confirmed_and_its_letter_is_withdrawn(world, make_report, as_user):
    report, _codename = make_report()
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    advocate = as_user(world.north.advocate)
    base = f"/en/staff/cases/{report.reference}/visits/"
    assert advocate.post(f"{base}{visit.pk}/letter/", {"language": "en"}).status_code == 302
    page = advocate.get(base).content.decode()
    assert "Cancel this visit" in page and "cancel this visit and book a new one" in page
    response = advocate.post(f"{base}{visit.pk}/cancel/", {}, follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    assert not Visit.objects.get().cancelled
    response = advocate.post(f"{base}{visit.pk}/cancel/", {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "Visit cancelled" in page and "Cancelled on" in page and "Cancel this visit" not in page
    assert "letter.pdf" not in page and "Produce the" not in page
    response = advocate.get(f"{base}{visit.pk}/letter.pdf", follow=True)
    assert "This visit was cancelled: its letter is no longer handed out." in response.content.decode()
    assert not response.content.startswith(b"%PDF")
    response = advocate.post(f"{base}{visit.pk}/letter/", {"language": "en"}, follow=True)
    assert "This visit was cancelled: no letter can be issued" in response.content.decode()
    case_page = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "Supported visit cancelled" in case_page.split('id="timeline"', 1)[1]
    assert as_user(world.south.advocate).post(f"{base}{visit.pk}/cancel/", {"confirm": "yes"}).status_code == 404
    assert AuditEntry.objects.filter(action="visit.cancelled").count() == 1
