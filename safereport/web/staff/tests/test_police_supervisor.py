"""A police force's supervisor manages the force's staff and access, and does no casework: a force never files,
reads or holds a report, nor names an immigration adviser."""

import pytest

from safereport.accounts.actions import NotAllowed, add_staff, set_immigration_adviser
from safereport.accounts.models import User
from safereport.intake.models import Report

CASEWORK_PAGES = [
    "/en/staff/",
    "/en/staff/report-on-behalf/",
    "/en/staff/routing/",
    "/en/staff/hand-over/",
    "/en/staff/languages/",
    "/en/staff/disclosure/",
    "/en/staff/disclosure/new/",
    "/en/staff/services/",
    "/en/staff/services/new/",
    "/en/staff/visits/forces/",
]


@pytest.fixture
def police_supervisor(world, as_user):
    return as_user(world.police.supervisor)


def test_a_police_supervisor_lands_on_the_staff_and_access_page(world, police_supervisor):
    assert police_supervisor.get("/en/staff/access/").status_code == 200
    assert not world.police.supervisor.works_cases and world.north.supervisor.works_cases


@pytest.mark.parametrize("path", CASEWORK_PAGES)
def test_casework_pages_do_not_exist_for_a_police_supervisor(police_supervisor, path):
    assert police_supervisor.get(path).status_code == 404


def test_a_police_supervisor_cannot_file_a_report_on_behalf_of_someone(world, police_supervisor):
    before = Report.objects.count()
    response = police_supervisor.post(
        "/en/staff/report-on-behalf/",
        {"narrative": "He hit me in the kitchen.", "crime_type": "domestic_abuse", "area": "north"},
    )
    assert response.status_code == 404 and Report.objects.count() == before


def test_a_police_supervisor_cannot_make_anyone_an_immigration_adviser(world, police_supervisor):
    supervisor = world.police.supervisor
    response = police_supervisor.post(f"/en/staff/access/{supervisor.pk}/immigration-adviser/", {"allowed": "yes"})
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        set_immigration_adviser(supervisor, True, by=supervisor)
    supervisor.refresh_from_db()
    assert not supervisor.gives_immigration_advice and not supervisor.is_immigration_adviser


def test_a_police_case_of_a_report_in_another_organisation_is_not_found(world, make_report, police_supervisor):
    report, _codename = make_report()
    assert police_supervisor.get(f"/en/staff/cases/{report.reference}/").status_code == 404


def test_a_force_has_no_advocates_and_a_support_organisation_no_police_liaisons(world):
    with pytest.raises(ValueError, match="no advocates"):
        add_staff(world.police.org, "advocate@shire-police.test", "a long enough password 1", User.Role.ADVOCATE, actor="t")
    with pytest.raises(ValueError, match="belong to a police force"):
        add_staff(world.north.org, "liaison@north.test", "a long enough password 1", User.Role.POLICE_LIAISON, actor="t")
    assert not User.objects.filter(email__in=["advocate@shire-police.test", "liaison@north.test"]).exists()
