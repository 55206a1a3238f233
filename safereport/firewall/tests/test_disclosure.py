"""The firewall's one door: what each recipient receives, what is refused, and that every decision is audited."""

import json
import string

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.audit.models import AuditEntry
from safereport.cases.actions import save_immigration_advice
from safereport.firewall.disclosure import disclose
from safereport.firewall.tests.conftest import remove_every_mark
from safereport.intake.actions import change_consent

NARRATIVE = "He hit me at the bus stop on Monday and took my phone."
CONTACT = {"name": "Ana Lopez", "phone": "+44 7700 900123", "email": "ana@example.org"}
IMMIGRATION_NOTE = "Eligible for the DDVC; spouse visa curtailed in March"


@pytest.fixture
def report_with(make_report, world):
    """A north report with the given police consent, contact, a wish for immigration advice and advice notes."""

    def make(share_contact=False, share_narrative=False, narrative=NARRATIVE, contact=CONTACT, note=IMMIGRATION_NOTE):
        report, _codename = make_report(
            narrative=narrative,
            contact=contact,
            wants={"immigration_advice", "advocate"},
            consent={"police": {"share_contact": share_contact, "share_narrative": share_narrative}},
        )
        if note:
            save_immigration_advice(report, note, world.north.unlocked, world.north.advocate)
        return report

    return make


def to_police(report, world):
    return disclose(
        report,
        "police",
        unlocked=world.north.unlocked,
        actor=f"staff:{world.north.advocate.pk}",
        recipient_name="Shire Police",
        decisions=remove_every_mark(report, world.north.unlocked),
    )


def keys_of(value, prefix=""):
    """Every key path in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{prefix}{key}"
            yield from keys_of(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            yield from keys_of(item, prefix)


def assert_no_immigration_data(decision):
    text = decision.package_json()
    assert IMMIGRATION_NOTE not in text and "DDVC" not in text and "curtailed" not in text
    assert not [k for k in keys_of(decision.package) if "immigration" in k.lower()]
    # Only the list of withheld classes may name the class, and it does so for every package alike.
    values = json.dumps({k: v for k, v in decision.package.items() if k != "withheld_classes"}, ensure_ascii=False)
    assert "immigration_advice" not in values


def test_immigration_enforcement_is_refused_and_audited_as_refused(world, report_with):
    report = report_with(share_contact=True, share_narrative=True)
    decision = disclose(report, "immigration_enforcement", unlocked=world.north.unlocked, actor="staff:1")
    assert not decision.allowed and decision.package == {} and "immigration enforcement" in decision.reason
    refused = AuditEntry.objects.get(action="disclosure.refused", target=report.reference)
    assert refused.detail["recipient_kind"] == "immigration_enforcement"
    assert not AuditEntry.objects.filter(action="disclosure.made").exists()


@pytest.mark.parametrize("kind", ["local_authority", "support_service"])
def test_recipients_without_consent_are_refused_and_audited(world, report_with, kind):
    report = report_with(share_contact=True, share_narrative=True)  # consent was given to the police only
    decision = disclose(report, kind, unlocked=world.north.unlocked, actor="staff:1")
    assert not decision.allowed and decision.package == {}
    assert AuditEntry.objects.get(action="disclosure.refused", target=report.reference).detail["recipient_kind"] == kind


def test_police_without_consent_are_refused(world, report_with):
    decision = to_police(report_with(), world)
    assert not decision.allowed and decision.package == {}
    assert AuditEntry.objects.filter(action="disclosure.refused").count() == 1


def test_police_with_narrative_consent_get_crime_facts_and_narrative_but_no_contact(world, report_with):
    decision = to_police(report_with(share_narrative=True), world)
    package = decision.package
    assert decision.allowed
    assert package["crime"]["type"] == "assault" and package["reference"]
    assert "He hit me at the bus stop" in package["narrative"]
    assert "contact" not in package
    text = decision.package_json()
    for value in CONTACT.values():
        assert value not in text
    assert {"identity", "contact", "immigration"} <= set(package["withheld_classes"])
    assert_no_immigration_data(decision)


def test_police_with_contact_consent_get_contact_but_no_narrative(world, report_with):
    decision = to_police(report_with(share_contact=True), world)
    assert decision.allowed
    assert decision.package["contact"] == CONTACT
    assert "narrative" not in decision.package and "bus stop" not in decision.package_json()
    assert_no_immigration_data(decision)


def test_police_with_full_consent_never_get_immigration_data(world, report_with):
    decision = to_police(report_with(share_contact=True, share_narrative=True), world)
    assert decision.allowed and "narrative" in decision.package and "contact" in decision.package
    assert_no_immigration_data(decision)


def test_narrative_is_redacted_of_immigration_status_and_identifiers(world, report_with):
    narrative = "My passport number is 123456789. I overstayed my visa. He hit me at the bus stop."
    decision = to_police(report_with(share_narrative=True, narrative=narrative), world)
    sent = decision.package["narrative"]
    assert "He hit me at the bus stop" in sent
    assert "123456789" not in sent and "overstayed" not in sent


def test_contact_details_in_the_narrative_go_only_with_contact_consent(world, report_with):
    narrative = "Call me on 07700 900123 or ana@example.org. He hit me at the bus stop."
    without = to_police(report_with(share_narrative=True, narrative=narrative), world).package["narrative"]
    with_contact = to_police(report_with(share_narrative=True, share_contact=True, narrative=narrative), world).package[
        "narrative"
    ]
    assert "07700 900123" not in without and "ana@example.org" not in without
    assert "07700 900123" in with_contact and "ana@example.org" in with_contact


def test_revoking_consent_takes_effect_for_the_next_disclosure(world, report_with):
    report = report_with(share_contact=True, share_narrative=True)
    assert to_police(report, world).allowed
    change_consent(report, "police", share_contact=False, share_narrative=True, language="en")
    narrowed = to_police(report, world)
    assert narrowed.allowed and "contact" not in narrowed.package and CONTACT["phone"] not in narrowed.package_json()
    change_consent(report, "police", share_contact=False, share_narrative=False, language="en")
    assert not to_police(report, world).allowed


def test_each_decision_is_audited_with_classes_and_without_content(world, report_with):
    report = report_with(share_contact=True, share_narrative=True)
    to_police(report, world)
    made = AuditEntry.objects.get(action="disclosure.made", target=report.reference)
    assert made.detail["recipient_kind"] == "police"
    assert set(made.detail["classes"]) == {"crime_facts", "narrative", "identity", "contact"}
    logged = json.dumps([made.actor, made.target, made.detail], ensure_ascii=False)
    for secret in ("bus stop", *CONTACT.values(), IMMIGRATION_NOTE):
        assert secret not in logged


def test_another_organisations_keys_cannot_disclose(world, report_with):
    from safereport.vault.keyring import AccessDenied

    report = report_with(share_contact=True, share_narrative=True)
    with pytest.raises(AccessDenied):
        disclose(report, "police", unlocked=world.south.unlocked, actor="staff:1")


token = st.text(alphabet=string.ascii_letters, min_size=10, max_size=16)
free_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=120)


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    share_contact=st.booleans(),
    share_narrative=st.booleans(),
    narrative_token=token,
    name_token=token,
    note_token=token,
    narrative_text=free_text,
    name_text=free_text,
    note_text=free_text,
)
def test_unconsented_text_and_immigration_notes_never_reach_the_police(
    world,
    report_with,
    share_contact,
    share_narrative,
    narrative_token,
    name_token,
    note_token,
    narrative_text,
    name_text,
    note_text,
):
    narrative_token, name_token, note_token = "N" + narrative_token, "P" + name_token, "I" + note_token
    name = f"{name_token} {name_text}"[:200].strip()
    report = report_with(
        share_contact=share_contact,
        share_narrative=share_narrative,
        narrative=f"{narrative_token} {narrative_text}",
        contact={"name": name},
        note=f"{note_token} {note_text}",
    )
    decision = to_police(report, world)
    if not (share_contact or share_narrative):
        assert not decision.allowed and decision.package == {}
        return
    text = decision.package_json()
    assert note_token not in text
    assert not [k for k in keys_of(decision.package) if "immigration" in k.lower()]
    if not share_narrative:
        assert narrative_token not in text and "narrative" not in decision.package
    if not share_contact:
        assert name_token not in text and "contact" not in decision.package
    else:
        assert decision.package["contact"]["name"] == name
