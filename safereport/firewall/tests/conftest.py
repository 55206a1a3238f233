"""Fixtures for the disclosure-request register: a second supervisor, a seeded case, court orders."""

import io
from types import SimpleNamespace

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from safereport.accounts.actions import add_staff
from safereport.cases.actions import save_immigration_advice
from safereport.firewall.court_orders import check_copy
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.requests import NewRequest, register_request
from safereport.vault import keyring

IMMIGRATION_NOTE = "QUOKKA-7731 eligible for the destitution domestic violence concession"
STATUS_STATEMENT = "My visa expired in March"
CRIME_FACT = "He hit me with a bottle outside the launderette"
PHONE = "07700 900461"
ORDER_REFERENCE = "IA/01234/2026"
LEGAL_REVIEW = "Order of the Upper Tribunal, sealed; it binds this organisation and names only the name field."


def pdf_bytes() -> bytes:
    """A one-page PDF, as a scanned court order would arrive."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


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
        wants={"advocate", "immigration_advice"},
        contact={"name": "Ana Lopez", "phone": PHONE, "email": "ana@example.org"},
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
        return dict(
            agency_kind="police",
            agency_name="Northshire Police",
            report=report,
            compulsion_claimed=True,
            legal_basis_kind="court_order",
            legal_basis="Production order, Northshire Crown Court, 12/2026",
            names_immigration=names_immigration,
            requested_fields=tuple(fields),
            court_order_reference="NCC/2026/0412",
            court_order_copy=check_copy(pdf_bytes()),
        )

    return fields_for


@pytest.fixture
def immigration_court_order(court_order):
    """A request from immigration enforcement backed by a court order, its reference and a copy attached."""

    def fields_for(report, fields=("name",), **overrides):
        values = {
            **court_order(report, fields=fields),
            "agency_kind": "immigration_enforcement",
            "agency_name": "Immigration Enforcement",
            "legal_basis": "Order of the Upper Tribunal",
            "court_order_reference": ORDER_REFERENCE,
        }
        values.update(overrides)
        return values

    return fields_for


@pytest.fixture
def back_to_english():
    """A request in another language leaves it active in this thread; later tests expect English."""
    yield
    translation.activate("en")


def remove_every_mark(report, unlocked, decision="remove"):
    """The decisions of a careful advocate: every passage marked for review is removed (firewall.review).
    `decision="keep"` settles them all the other way, for tests about what else shapes the text."""
    from safereport.firewall.disclosure import outbound_for_police
    from safereport.firewall.review import Decisions

    shown = outbound_for_police(report, unlocked)
    return Decisions(shown.fingerprint, dict.fromkeys(range(len(shown.marks)), decision)) if shown else None
