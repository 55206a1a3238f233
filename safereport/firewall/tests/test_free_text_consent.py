"""Free text the reporter typed follows the narrative's consent, wherever it sits in the package."""

import json

import pytest

from safereport.firewall.disclosure import disclose, disclose_compelled
from safereport.firewall.policy import Compulsion
from safereport.firewall.tests.conftest import remove_every_mark

OWN_WORDS = "behind the Quillhaven laundrette, flat above the bookmaker"


def _police_package(report, world):
    decision = disclose(
        report,
        "police",
        unlocked=world.north.unlocked,
        actor=f"staff:{world.north.advocate.pk}",
        recipient_name="Shire Police",
        decisions=remove_every_mark(report, world.north.unlocked),
    )
    assert decision.allowed
    return decision.package


def _consent(share_contact, share_narrative):
    return {"police": {"share_contact": share_contact, "share_narrative": share_narrative}}


def test_area_in_the_reporters_own_words_never_reaches_the_police_without_narrative_consent(world, make_report):
    report, _codename = make_report(area=OWN_WORDS, contact={"name": "Ana"}, consent=_consent(True, False))
    package = _police_package(report, world)
    assert package["crime"]["area"] is None
    assert "Quillhaven" not in json.dumps(package, ensure_ascii=False)


def test_area_in_the_reporters_own_words_goes_with_narrative_consent(world, make_report):
    report, _codename = make_report(area=OWN_WORDS, consent=_consent(False, True))
    assert "Quillhaven laundrette" in _police_package(report, world)["crime"]["area"]


def test_a_listed_area_is_a_crime_fact_and_goes_without_narrative_consent(world, make_report):
    report, _codename = make_report(area="north", contact={"name": "Ana"}, consent=_consent(True, False))
    assert _police_package(report, world)["crime"]["area"] == "North"


@pytest.mark.parametrize(("fields", "area_goes"), [(frozenset({"name"}), False), (frozenset({"narrative"}), True)])
def test_a_compelled_package_carries_the_typed_area_only_when_the_narrative_is_named(world, make_report, fields, area_goes):
    report, _codename = make_report(area=OWN_WORDS, contact={"name": "Ana"})
    compulsion = Compulsion(claimed=True, basis_kind="court_order", names_immigration=False, fields=fields)
    decision = disclose_compelled(
        report,
        compulsion,
        recipient_kind="police",
        recipient_name="Shire Police",
        request_reference="DR-TEST-0001",
        unlocked=world.north.unlocked,
        actor=f"staff:{world.north.supervisor.pk}",
    )
    assert decision.allowed
    assert ("Quillhaven" in json.dumps(decision.package, ensure_ascii=False)) is area_goes
