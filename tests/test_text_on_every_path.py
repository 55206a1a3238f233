"""Control characters are refused on every web path too: the reporter's form and messages, staff replies,
notes and immigration-advice notes, the police liaison's crime reference and the disclosure register.

Each refusal answers 422, names the field, keeps what was typed, and stores nothing.
"""

from html import unescape

import pytest
from django.test import Client

from safereport.cases.models import CaseNote
from safereport.firewall.models import DisclosureRequest, Referral
from safereport.intake.models import Message, Report
from safereport.web.reporter.tests.report_form_walk import STEP_FIELDS, ReportForm

STEP_ONE = {"crime_type": "theft", "narrative": "Two men took my bag at the market.", "area": "south"}
CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}
ESCAPE = "Call after six\x1b[2J please"  # an ANSI "clear screen" sequence


def _report_step(client, step, data):
    """Walk the form as a browser does up to `step` (the report form answers every post with a redirect)."""
    walk = ReportForm(client)
    for earlier in STEP_FIELDS:
        if earlier == step:
            break
        walk.send(earlier, data)
    first = walk.send(step, data, follow=False)
    assert first.status_code == 302  # refused or not, a post ends in a redirect: Reload never re-posts
    return walk.client.get(first.url)


def _error_shown(response, field_id):
    return f'id="{field_id}_error"' in response.content.decode()


@pytest.mark.parametrize(
    "step, data, field",
    [
        ("what", {**STEP_ONE, "narrative": "He hit me\x07 twice"}, "narrative"),
        ("wants", {**STEP_ONE, "wants": ["interpreter"], "interpreter_language": "Tigrinya\x1b"}, "interpreter_language"),
        ("contact", {**STEP_ONE, "name": "Sami\x00", "police_share_contact": "no", "police_share_narrative": "no"}, "name"),
        ("contact", {**STEP_ONE, "name": "Sami\x85Ali", "police_share_contact": "no", "police_share_narrative": "no"}, "name"),
    ],
)
def test_reporter_form_refuses_control_characters_on_the_field_and_files_nothing(world, client, step, data, field):
    response = _report_step(client, step, data)
    assert response.status_code == 200
    assert _error_shown(response, f"id_{field}")
    assert Report.objects.count() == 0


def test_reporter_form_keeps_the_narrative_typed_when_it_is_refused(world, client):
    response = _report_step(client, "what", {**STEP_ONE, "narrative": "He hit me\x07 twice at the market"})
    assert "He hit me" in unescape(response.content.decode()) and "twice at the market" in response.content.decode()


@pytest.fixture
def reporter(world, client, make_report):
    """A reporter back on their report page with the codename."""
    _report, codename = make_report()
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    return client


def test_reporter_message_with_control_characters_is_refused_on_the_page(reporter):
    response = reporter.post("/en/my-report/", {"body": ESCAPE})
    assert response.status_code == 422 and _error_shown(response, "id_body")
    assert Message.objects.count() == 0


@pytest.fixture
def advocate(world, sign_in, make_report):
    report, _codename = make_report(consent=CONSENTED)
    return sign_in(world.north.advocate, test_client=Client()), report


@pytest.mark.parametrize(
    "path, textarea", [("reply", "reply-body"), ("note", "note-body"), ("immigration-advice", "immigration-body")]
)
def test_staff_text_with_control_characters_is_refused_with_the_text_kept(advocate, path, textarea):
    client, report = advocate
    response = client.post(f"/en/staff/cases/{report.reference}/{path}/", {"body": ESCAPE})
    html = response.content.decode()
    assert response.status_code == 422
    assert f'id="{textarea}-error"' in html and "control characters" in html
    assert "Call after six" in html  # what was typed is still in the box
    assert Message.objects.count() == 0 and CaseNote.objects.count() == 0
    # Nor saved as immigration-advice notes, which the case page shows in their box.
    assert "Call after six" not in client.get(f"/en/staff/cases/{report.reference}/").content.decode()


def test_staff_text_with_line_breaks_is_saved(advocate):
    client, report = advocate
    response = client.post(f"/en/staff/cases/{report.reference}/note/", {"body": "Called.\r\n\tNo answer."})
    assert response.status_code == 302 and CaseNote.objects.count() == 1


def test_police_crime_reference_with_control_characters_is_refused(world, advocate, sign_in):
    client, report = advocate
    assert client.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}).status_code == 302
    referral = Referral.objects.get(report=report)
    police = sign_in(world.police.police_liaison, test_client=Client())
    response = police.post(f"/en/staff/police/{referral.pk}/", {"crime_reference": "CR-1\x00"})
    assert response.status_code == 422 and _error_shown(response, "id_crime_reference")
    assert Referral.objects.get(pk=referral.pk).crime_reference_recorded_at is None


def test_disclosure_register_refuses_control_characters_naming_the_field(world, sign_in):
    client = sign_in(world.north.supervisor, test_client=Client())
    response = client.post(
        "/en/staff/disclosure/new/",
        {
            "agency_kind": "police",
            "agency_name": "Northshire\x1b Police",
            "asked": "Records about one person",
            "compulsion_claimed": "no",
            "legal_basis_kind": "",
            "legal_basis": "",
            "names_immigration": "no",
            "withheld_reason": "",
        },
    )
    assert _error_shown(response, "id_agency_name")
    assert not DisclosureRequest.objects.exists()
