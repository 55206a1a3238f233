"""Staff pages of the disclosure-request register, and what reporters and advocates see of a disclosure."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from safereport.firewall.models import DisclosureRequest
from safereport.firewall.requests import approve_compelled_disclosure

from .conftest import CRIME_FACT, IMMIGRATION_NOTE

Decision = DisclosureRequest.Decision
BASE = "/en/staff/disclosure/"


@pytest.fixture
def staff(world, sign_in, second_supervisor):
    """Signed-in clients, one per person."""
    return lambda user: sign_in(user, test_client=Client())


def _valid_form(**overrides):
    data = {
        "agency_kind": "police",
        "agency_name": "Northshire Police",
        "asked": "Records about Maria Oliveira",
        "compulsion_claimed": "no",
        "legal_basis_kind": "",
        "legal_basis": "",
        "names_immigration": "no",
        "withheld_reason": "",
    }
    data.update(overrides)
    return data


def test_register_lists_the_organisations_requests_for_advocates(world, staff, register):
    north, south = register(), register(world.south.supervisor)
    html = staff(world.north.advocate).get(BASE).content.decode()
    assert north.reference in html and south.reference not in html


def test_register_is_not_for_police_or_anonymous_visitors(world, staff, client):
    assert staff(world.police.police_liaison).get(BASE).status_code == 404
    response = client.get(BASE)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_another_organisations_entry_is_404(world, staff, register):
    south = register(world.south.supervisor)
    client = staff(world.north.supervisor)
    for suffix in ("", "package.json"):
        assert client.get(f"{BASE}{south.reference}/{suffix}").status_code == 404
    assert client.post(f"{BASE}{south.reference}/refuse/", {"reason": "x"}).status_code == 404
    assert client.post(f"{BASE}{south.reference}/approve/", {"confirm": "on"}).status_code == 404
    south.refresh_from_db()
    assert south.decision == Decision.PENDING


def test_staff_nav_links_to_the_register(world, staff):
    assert f'href="{BASE}"' in staff(world.north.advocate).get("/en/staff/").content.decode()


def test_an_advocate_registers_a_request_through_the_form(world, staff, seeded_case):
    client = staff(world.north.advocate)
    assert 'name="agency_kind"' in client.get(f"{BASE}new/").content.decode()
    response = client.post(
        f"{BASE}new/", _valid_form(report_reference=seeded_case.report.reference, requested_fields=["narrative"])
    )
    entry = DisclosureRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{entry.reference}/"
    assert entry.report == seeded_case.report and entry.recorded_by == world.north.advocate
    assert entry.requested_fields == ["narrative"] and entry.decision == Decision.PENDING
    assert "Records about Maria Oliveira" in client.get(response["Location"]).content.decode()


def test_immigration_enforcement_through_the_form_is_refused_by_default(world, staff):
    client = staff(world.north.advocate)
    response = client.post(f"{BASE}new/", _valid_form(agency_kind="immigration_enforcement"), follow=True)
    entry = DisclosureRequest.objects.get()
    assert entry.decision == Decision.REFUSED and entry.refused_by_default
    assert "refused by default" in response.content.decode()


def test_an_incomplete_form_shows_an_error_summary_and_registers_nothing(world, staff):
    client = staff(world.north.supervisor)
    response = client.post(f"{BASE}new/", _valid_form(compulsion_claimed="yes", report_reference="SR-NONE-0000"))
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in html
    assert 'href="#id_legal_basis"' in html and 'href="#id_report_reference"' in html
    assert not DisclosureRequest.objects.exists()


def test_a_case_of_another_organisation_cannot_be_named_in_the_form(world, staff, make_report):
    south_report, _codename = make_report(area="south")
    response = staff(world.north.supervisor).post(f"{BASE}new/", _valid_form(report_reference=south_report.reference))
    assert response.status_code == 200 and not DisclosureRequest.objects.exists()


def test_the_recorder_is_told_plainly_they_cannot_approve(world, staff, register, seeded_case, court_order):
    entry = register(**court_order(seeded_case.report))
    html = staff(world.north.supervisor).get(f"{BASE}{entry.reference}/").content.decode()
    assert 'id="cannot-approve"' in html and "You recorded this request, so you cannot approve it" in html
    assert f'action="{BASE}{entry.reference}/approve/"' not in html


def test_the_second_supervisor_is_offered_approval(world, staff, register, seeded_case, court_order, second_supervisor):
    entry = register(**court_order(seeded_case.report))
    html = staff(second_supervisor).get(f"{BASE}{entry.reference}/").content.decode()
    assert f'action="{BASE}{entry.reference}/approve/"' in html and 'id="cannot-approve"' not in html


def test_an_advocate_sees_no_decision_buttons(world, staff, register, seeded_case, court_order):
    entry = register(**court_order(seeded_case.report))
    html = staff(world.north.advocate).get(f"{BASE}{entry.reference}/").content.decode()
    assert 'id="cannot-decide"' in html and "/approve/" not in html and "/refuse/" not in html


def test_the_same_supervisor_posting_approval_is_refused(world, staff, register, seeded_case, court_order):
    entry = register(**court_order(seeded_case.report))
    response = staff(world.north.supervisor).post(f"{BASE}{entry.reference}/approve/", {"confirm": "on"}, follow=True)
    assert "Not approved" in response.content.decode()
    entry.refresh_from_db()
    assert entry.decision == Decision.PENDING and entry.package_sealed is None


def test_an_advocate_posting_approval_or_refusal_is_404(world, staff, register, seeded_case, court_order):
    entry = register(**court_order(seeded_case.report))
    client = staff(world.north.advocate)
    assert client.post(f"{BASE}{entry.reference}/approve/", {"confirm": "on"}).status_code == 404
    assert client.post(f"{BASE}{entry.reference}/refuse/", {"reason": "No."}).status_code == 404
    entry.refresh_from_db()
    assert entry.decision == Decision.PENDING


def test_approval_needs_the_confirmation_box(world, staff, register, seeded_case, court_order, second_supervisor):
    entry = register(**court_order(seeded_case.report))
    staff(second_supervisor).post(f"{BASE}{entry.reference}/approve/", {})
    entry.refresh_from_db()
    assert entry.decision == Decision.PENDING


def test_second_supervisor_approves_and_downloads_the_package(
    world, staff, register, seeded_case, court_order, second_supervisor
):
    entry = register(**court_order(seeded_case.report))
    client = staff(second_supervisor)
    client.post(f"{BASE}{entry.reference}/approve/", {"confirm": "on"})
    entry.refresh_from_db()
    assert entry.decision == Decision.DISCLOSED
    response = client.get(f"{BASE}{entry.reference}/package.json")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    package = json.loads(response.content)["payload"]["package"]
    assert CRIME_FACT in package["narrative"] and IMMIGRATION_NOTE not in response.content.decode()


def test_advocates_cannot_download_a_package(world, staff, register, seeded_case, court_order, second_supervisor):
    entry = register(**court_order(seeded_case.report))
    approve_compelled_disclosure(entry, second_supervisor, world.north.unlocked)
    assert staff(world.north.advocate).get(f"{BASE}{entry.reference}/package.json").status_code == 404


def test_no_package_before_approval(world, staff, register, seeded_case, court_order):
    entry = register(**court_order(seeded_case.report))
    response = staff(world.north.supervisor).get(f"{BASE}{entry.reference}/package.json")
    assert response.status_code == 302 and response["Location"] == f"{BASE}{entry.reference}/"


def test_a_supervisor_refuses_through_the_page(world, staff, register):
    entry = register(world.north.advocate)
    client = staff(world.north.supervisor)
    assert client.post(f"{BASE}{entry.reference}/refuse/", {"reason": ""}).status_code == 302
    entry.refresh_from_db()
    assert entry.decision == Decision.PENDING
    client.post(f"{BASE}{entry.reference}/refuse/", {"reason": "No legal basis was given."})
    entry.refresh_from_db()
    assert entry.decision == Decision.REFUSED and entry.decision_reason == "No legal basis was given."


def test_decision_pages_accept_only_post(world, staff, register):
    entry = register()
    client = staff(world.north.supervisor)
    assert client.get(f"{BASE}{entry.reference}/refuse/").status_code == 405
    assert client.get(f"{BASE}{entry.reference}/approve/").status_code == 405


def _reporter(codename) -> Client:
    client = Client()
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    return client


def test_reporter_page_shows_a_compelled_disclosure(world, register, seeded_case, court_order, second_supervisor):
    reporter = _reporter(seeded_case.codename)
    assert 'id="compelled-disclosures"' not in reporter.get("/en/my-report/").content.decode()
    approve_compelled_disclosure(register(**court_order(seeded_case.report)), second_supervisor, world.north.unlocked)
    html = reporter.get("/en/my-report/").content.decode()
    assert 'id="compelled-disclosures"' in html and "Court order" in html and "Name" in html


def test_reporter_page_hides_a_lawfully_withheld_disclosure_but_the_case_page_shows_it(
    world, staff, register, seeded_case, court_order, second_supervisor
):
    entry = register(**court_order(seeded_case.report), withheld_reason="The order forbids telling the subject.")
    approve_compelled_disclosure(entry, second_supervisor, world.north.unlocked)
    assert 'id="compelled-disclosures"' not in _reporter(seeded_case.codename).get("/en/my-report/").content.decode()
    html = staff(world.north.advocate).get(f"/en/staff/cases/{seeded_case.report.reference}/").content.decode()
    assert 'id="compelled-disclosures"' in html and entry.reference in html and "withheld from the reporter" in html


def test_every_aria_describedby_points_at_an_element_on_the_page(world, staff):
    html = staff(world.north.supervisor).post(f"{BASE}new/", _valid_form(agency_name="")).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()}
    assert described and described <= ids, sorted(described - ids)


def test_downloaded_compelled_package_is_signed_and_verifies(
    world, staff, register, seeded_case, court_order, second_supervisor, tmp_path
):
    entry = register(**court_order(seeded_case.report))
    staff(second_supervisor).post(f"{BASE}{entry.reference}/approve/", {"confirm": "on"})
    response = staff(second_supervisor).get(f"{BASE}{entry.reference}/package.json")
    document = json.loads(response.content)
    assert document["format"] == "safereport.signed/1" and document["payload"]["kind"] == "compelled_disclosure"
    assert document["payload"]["package"]["reference"] == seeded_case.report.reference
    path = tmp_path / "compelled.json"
    path.write_bytes(response.content)
    call_command("verify_package", str(path))
    document["payload"]["package"]["disclosed_fields"].append("email")
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError):
        call_command("verify_package", str(path))
