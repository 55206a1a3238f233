"""Routing: area first, then specialism, then language; each step narrows only on a match, so nothing is refused."""

import io

import pytest

from safereport.accounts.actions import create_organisation
from safereport.accounts.models import Organisation, Specialism
from safereport.intake.actions import submit_report
from safereport.intake.models import CrimeType
from safereport.intake.routing import SPECIALISM_OF, receiving_organisation
from safereport.intake.submission import Submission

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def south_specialists(world):
    """A second South organisation specialising in domestic abuse whose staff work in Arabic and Polish."""
    org, _supervisor, _words = create_organisation(
        "South Refuge", "support", supervisor_email="supervisor@south-refuge.test", supervisor_password=PASSWORD,
        areas=["south"], slug="south-refuge",
    )  # fmt: skip
    Organisation.objects.filter(pk=org.pk).update(specialisms=[Specialism.DOMESTIC_ABUSE], languages=["ar", "pl"])
    Organisation.objects.filter(pk=world.south.org.pk).update(specialisms=[Specialism.HATE_CRIME], languages=["en", "ro"])
    return Organisation.objects.get(pk=org.pk)


def test_every_specialist_crime_type_maps_to_a_specialism():
    assert set(SPECIALISM_OF) == {
        CrimeType.DOMESTIC_ABUSE, CrimeType.SEXUAL_VIOLENCE, CrimeType.TRAFFICKING, CrimeType.HATE_CRIME,
    }  # fmt: skip
    assert SPECIALISM_OF[CrimeType.TRAFFICKING] == Specialism.MODERN_SLAVERY


def test_area_comes_before_specialism(world, south_specialists):
    # North serves north; a domestic-abuse specialist elsewhere does not take a north report.
    assert receiving_organisation("north", CrimeType.DOMESTIC_ABUSE, "ar") == world.north.org


def test_within_the_area_the_specialist_is_chosen(world, south_specialists):
    assert receiving_organisation("south", CrimeType.DOMESTIC_ABUSE, "en") == south_specialists
    assert receiving_organisation("south", CrimeType.HATE_CRIME, "ar") == world.south.org


def test_without_a_specialist_the_language_decides(world, south_specialists):
    assert receiving_organisation("south", CrimeType.THEFT, "pl") == south_specialists
    assert receiving_organisation("south", CrimeType.THEFT, "ro") == world.south.org


def test_without_any_match_the_report_still_goes_to_the_area_in_a_fixed_order(world, south_specialists):
    # Sexual violence: no specialist in the south; Tigrinya: nobody speaks it. Never refused.
    assert receiving_organisation("south", CrimeType.SEXUAL_VIOLENCE, "ti") == world.south.org


def test_specialism_narrows_the_unrouted_receivers_too(world, south_specialists):
    Organisation.objects.filter(pk=south_specialists.pk).update(receives_unrouted=True)
    assert receiving_organisation("west", CrimeType.DOMESTIC_ABUSE, "en") == south_specialists
    assert receiving_organisation("west", CrimeType.FRAUD, "en") == world.north.org


def test_submission_is_routed_by_the_detected_language(world, south_specialists):
    # Typed on the English pages, written in Polish: the organisation whose staff read Polish gets it.
    report, _codename = submit_report(
        Submission(
            crime_type="theft", language="en", area="south",
            narrative="Ktoś ukradł mi torebkę na przystanku autobusowym w poniedziałek wieczorem.",
        )
    )  # fmt: skip
    assert report.language == "pl" and report.organisation == south_specialists


def test_demo_data_has_specialisms_staff_languages_and_a_detected_language(db):
    from django.core.management import call_command

    from safereport.accounts.models import User
    from safereport.intake.models import Report

    call_command("seed_demo", stdout=io.StringIO())
    northside = Organisation.objects.get(slug="northside-support")
    assert Specialism.DOMESTIC_ABUSE in northside.specialisms and "ti" in northside.languages
    assert User.objects.get(email="advocate@northside.example").languages == ["en", "ar", "ti"]
    polish = Report.objects.get(crime_type=CrimeType.SEXUAL_VIOLENCE)
    assert polish.language == "pl" and polish.organisation == northside
