"""Third-party reporting: staff file a report on a victim's behalf and hand them a codename slip."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.test import Client

from safereport.audit.models import AuditEntry
from safereport.intake import actions as intake_actions
from safereport.intake import safe_contact
from safereport.intake.consent import WORDING_VERSION
from safereport.intake.models import Consent, Report
from safereport.vault import records
from safereport.vault.records import RecordCipher

URL = "/en/staff/report-on-behalf/"
NARRATIVE = "Two men shouted slurs at her at the Quillmarsh bus stop and pushed her to the ground."
SAFE_TIMES = "Only Tuesday mornings at the Velmoor library"


def _token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def answers(**overrides):
    data = {
        "reported_by": "victim",
        "language": "ar",
        "narrative_language": "en",
        "crime_type": "hate_crime",
        "narrative": NARRATIVE,
        "occurred_on": (date.today() - timedelta(days=5)).isoformat(),
        "area": "south",
        "wants": ["advocate", "interpreter", "police_visit"],
        "interpreter_language": "Arabic",
        "name": "",
        "phone": "",
        "email": "",
        "safe_to_call": "no",
        "safe_to_text": "yes",
        "safe_to_leave_message": "",
        "safe_times": SAFE_TIMES,
        "police_share_contact": "no",
        "police_share_narrative": "yes",
        "consent_relayed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def file(client, **overrides):
    page = client.get(URL)
    assert page.status_code == 200
    return client.post(URL, {**answers(**overrides), "form_token": _token(page)})


def codename_on(response) -> str:
    return unescape(re.search(r'id="codename"[^>]*>([^<]+)<', response.content.decode()).group(1)).strip()


def slip_of(response) -> str:
    return re.search(r'<section class="slip".*?</section>', response.content.decode(), re.S).group(0)


def test_staff_file_on_behalf_and_the_victim_follows_it_with_the_codename_slip(world, as_user):
    advocate = as_user(world.north.advocate)
    response = file(advocate)
    assert response.status_code == 200
    report = Report.objects.get()
    # The filing organisation's queue, whatever the area the crime happened in ("south" is another's area).
    assert report.organisation == world.north.org
    assert report.filed_on_behalf and report.filed_by == world.north.advocate and report.reported_by == "victim"
    codename = codename_on(response)
    assert len(codename.split("-")) == 7
    slip = slip_of(response)
    # The slip speaks the victim's language, says where to go, and names nothing an abuser could follow up.
    assert 'lang="ar"' in slip and 'dir="rtl"' in slip and "/ar/return/" in slip
    for revealing in (world.north.org.name, report.reference, "SafeReport", "Hate", "police", "staff"):
        assert revealing not in slip, revealing
    queue = advocate.get("/en/staff/").content.decode()
    assert f'id="third-party-{report.reference}"' in queue
    case = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert 'id="filed-on-behalf"' in case and world.north.advocate.email in case
    # The victim comes back alone, in their language, with the words on the slip.
    victim = Client()
    back = victim.post("/ar/return/", {"codename": codename})
    assert back.status_code == 302 and back.url.endswith("/my-report/")
    assert report.reference in victim.get(back.url).content.decode()


def test_filing_is_audited_as_the_member_of_staff_and_consent_as_the_victims_relayed_answers(world, as_user):
    file(as_user(world.north.advocate), police_share_contact="yes", phone="+44 7700 900456")
    report = Report.objects.get()
    consent = Consent.objects.get(report=report)
    assert consent.relayed_by_staff and consent.relayed_by == world.north.advocate
    assert (consent.share_contact, consent.share_narrative) == (True, True)
    assert consent.wording_version == WORDING_VERSION and consent.wording_language == "ar"
    actor = f"staff:{world.north.advocate.pk}"
    filed = AuditEntry.objects.get(action="report.filed_on_behalf", target=report.reference)
    relayed = AuditEntry.objects.get(action="consent.relayed", target=report.reference)
    assert filed.actor == actor and relayed.actor == actor
    assert relayed.detail["wording_version"] == WORDING_VERSION and relayed.detail["share_contact"] is True
    for entry in (filed, relayed):
        assert "Quillmarsh" not in str(entry.detail) and "7700" not in str(entry.detail)


def test_filed_without_identity_stores_no_contact_and_seals_the_safe_contact_answers(world, as_user):
    file(as_user(world.north.advocate))
    report = Report.objects.get()
    assert report.contact_sealed is None
    key = records.open_with_organisation(report.data_key_id, world.north.unlocked)
    opened = safe_contact.opened(RecordCipher(key, report.record_id), report.safe_contact_sealed)
    assert opened == {"call": False, "text": True, "leave_message": None, "times": SAFE_TIMES}
    assert SAFE_TIMES.encode() not in bytes(report.safe_contact_sealed)


def test_a_yes_not_confirmed_as_the_victims_own_answer_is_refused_and_nothing_is_filed(world, as_user):
    response = file(as_user(world.north.advocate), consent_relayed=None)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#id_consent_relayed"' in page and NARRATIVE in page and SAFE_TIMES in page
    assert not Report.objects.exists() and not Consent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "call me maybe"),
        ("email", "not-an-email"),
        ("occurred_on", (date.today() + timedelta(days=3)).isoformat()),
        ("reported_by", "the neighbour"),
        ("safe_times", "x" * 201),
        ("safe_to_call", "perhaps"),
        ("narrative", "   "),
        ("crime_type", "jaywalking"),
    ],
)
def test_each_bad_value_is_refused_with_its_field_named_everything_kept_and_nothing_filed(world, as_user, field, value):
    response = file(as_user(world.north.advocate), **{field: value})
    assert response.status_code == 422
    page = response.content.decode()
    assert f'href="#id_{field}"' in page
    # What was typed is still in the form.
    assert (SAFE_TIMES if field == "narrative" else NARRATIVE) in page
    if field != "narrative":
        assert value in unescape(page)
    assert not Report.objects.exists() and not AuditEntry.objects.filter(action="report.filed_on_behalf").exists()


def test_the_same_form_sent_twice_files_one_report(world, as_user):
    advocate = as_user(world.north.advocate)
    page = advocate.get(URL)
    data = {**answers(), "form_token": _token(page)}
    assert advocate.post(URL, data).status_code == 200
    again = advocate.post(URL, data)
    assert again.status_code == 409 and 'id="resent"' in again.content.decode()
    assert Report.objects.count() == 1


def test_police_liaisons_cannot_file_and_signed_out_visitors_are_sent_to_sign_in(world, as_user, client):
    liaison = as_user(world.police.police_liaison)
    assert liaison.get(URL).status_code == 404
    assert liaison.post(URL, answers()).status_code == 404
    assert client.get(URL).status_code == 302
    assert not Report.objects.exists()


def test_another_organisation_cannot_reach_a_report_filed_on_behalf(world, as_user):
    file(as_user(world.north.advocate))
    report = Report.objects.get()
    south = as_user(world.south.advocate)
    assert south.get(f"/en/staff/cases/{report.reference}/").status_code == 404
    assert report.reference not in south.get("/en/staff/").content.decode()


def test_reporters_own_reports_are_not_marked_as_filed_on_behalf(world, make_report):
    report, _codename = make_report(reported_by="witness")
    consent = Consent.objects.get(report=report)
    assert not report.filed_on_behalf and report.filed_by is None and report.reported_by == "witness"
    assert not consent.relayed_by_staff and consent.relayed_by is None
    assert AuditEntry.objects.filter(action="report.submitted", target=report.reference, actor="reporter").exists()
    assert intake_actions.open_with_codename(_codename).report == report
