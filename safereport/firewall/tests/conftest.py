"""Fixtures for the disclosure-request register: a second supervisor and a seeded case."""
from types import SimpleNamespace

import pytest

from safereport.accounts.actions import add_staff
from safereport.cases.actions import save_immigration_advice
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.requests import NewRequest, register_request
from safereport.vault import keyring

IMMIGRATION_NOTE = "QUOKKA-7731 eligible for the destitution domestic violence concession"
STATUS_STATEMENT = "My visa expired in March"
CRIME_FACT = "He hit me with a bottle outside the launderette"
PHONE = "07700 900461"


@pytest.fixture
def second_supervisor(world):
    """Another supervisor of North Support, holding the organisation key: the second pair of hands."""
    user = add_staff(world.north.org, "second-supervisor@north.test", world.password, "supervisor", actor="test")
    keyring.grant_access(world.north.unlocked, user, actor="test")
    return user


@pytest.fixture
def seeded_case(world, make_report):
    """A North case holding every kind of value: crime facts, a status statement, contact, immigration data."""
    report, codename = make_report(
        narrative=f"{CRIME_FACT}. {STATUS_STATEMENT}. Call me on {PHONE}.",
        wants={"advocate", "immigration_advice"}, contact={"name": "Ana Lopez", "phone": PHONE, "email": "ana@example.org"},
    )
    save_immigration_advice(report, IMMIGRATION_NOTE, world.north.unlocked, world.north.supervisor)
    return SimpleNamespace(report=report, codename=codename)


@pytest.fixture
def register(world):
    """Register a request as North's first supervisor unless another member of staff is given."""

    def do(user=None, **fields) -> DisclosureRequest:
        values = dict(agency_kind="court", agency_name="Northshire Crown Court", asked="All records about the case.")
        values.update(fields)
        return register_request(NewRequest(**values), user=user or world.north.supervisor)

    return do


@pytest.fixture
def court_order():
    """The fields of a request backed by a court order, for `register(**court_order(report))`."""

    def fields_for(report, fields=("narrative", "name"), names_immigration=False):
        return dict(agency_kind="police", agency_name="Northshire Police", report=report, compulsion_claimed=True,
                    legal_basis_kind="court_order", legal_basis="Production order, Northshire Crown Court, 12/2026",
                    names_immigration=names_immigration, requested_fields=tuple(fields))

    return fields_for
