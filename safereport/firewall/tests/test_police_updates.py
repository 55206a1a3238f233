"""What a force records on a referral, and its request for contact: sealed to both sides, from lists, never partial."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safereport.audit.models import AuditEntry
from safereport.firewall import police_updates, withdrawn_consent
from safereport.firewall.models import PoliceUpdate, Referral
from safereport.firewall.referrals import refer_to_police
from safereport.intake import actions as intake_actions
from safereport.intake.models import Message
from safereport.vault import keyring

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}
PAST = timezone.localdate() - timedelta(days=3)


@pytest.fixture
def sent(world, make_report):
    """A consented north report referred to Shire Police: (referral, codename)."""
    report, codename = make_report(consent=CONSENTED, contact={"name": "Ana", "phone": "+44 7700 900123"})
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate), codename


def _investigation(world, referral, **fields):
    return police_updates.record_investigation(referral, world.police.unlocked, world.police.police_liaison, **fields)


def test_an_outcome_is_kept_as_codes_on_the_referral_and_sealed_to_both_sides(world, sent):
    referral, _codename = sent
    _investigation(world, referral, status="no_further_action", outcome="evidence_victim_supports", outcome_on=PAST)
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.investigation_status, stored.outcome, stored.outcome_on) == (
        "no_further_action",
        "evidence_victim_supports",
        PAST,
    )
    expected = {"status": "no_further_action", "outcome": "evidence_victim_supports", "outcome_on": PAST.isoformat()}
    assert [u.details for u in police_updates.for_police(stored, world.police.unlocked)] == [expected]
    assert [u.details for u in police_updates.for_sender(stored, world.north.unlocked)] == [expected]
    update = PoliceUpdate.objects.get()
    for sealed in (update.details_for_police_sealed, update.details_for_sender_sealed):
        assert b"evidence_victim_supports" not in bytes(sealed)
    # Another organisation's key opens neither seal.
    with pytest.raises(keyring.AccessDenied):
        police_updates.for_sender(stored, world.south.unlocked)
    assert AuditEntry.objects.filter(action="referral.investigation_updated", target=referral.report.reference).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "deported"}, "status"),
        ({"status": "closed"}, "outcome"),  # an ended investigation needs its outcome
        ({"status": "under_investigation", "outcome": "charged", "outcome_on": PAST}, "outcome"),
        ({"status": "suspect_charged", "outcome": "adult_caution", "outcome_on": PAST}, "outcome"),
        ({"status": "closed", "outcome": "not_an_outcome", "outcome_on": PAST}, "outcome"),
        ({"status": "closed", "outcome": "charged"}, "outcome_on"),
        ({"status": "closed", "outcome": "charged", "outcome_on": timezone.localdate() + timedelta(days=3)}, "outcome_on"),
        ({"status": "received", "outcome_on": PAST}, "outcome_on"),
    ],
)
def test_each_bad_value_is_refused_by_name_and_nothing_is_stored(world, sent, fields, field):
    referral, _codename = sent
    with pytest.raises(police_updates.UpdateInvalid) as refused:
        _investigation(world, referral, **fields)
    assert field in refused.value.errors
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.investigation_status, stored.outcome, stored.outcome_on) == ("received", "", None)
    assert not PoliceUpdate.objects.exists()


def test_a_force_cannot_write_on_a_referral_it_did_not_receive(world, sent):
    referral, _codename = sent
    with pytest.raises(keyring.AccessDenied):
        police_updates.record_investigation(referral, world.north.unlocked, world.north.advocate, status="closed")
    assert not PoliceUpdate.objects.exists()


def test_a_withdrawn_referral_takes_no_update_and_the_refusal_is_recorded(world, sent):
    referral, _codename = sent
    withdrawn_consent.change_consent(referral.report, "police", share_contact=False, share_narrative=True, language="en")
    liaison, unlocked = world.police.police_liaison, world.police.unlocked
    attempts = [
        lambda: police_updates.record_investigation(referral, unlocked, liaison, status="crime_recorded"),
        lambda: police_updates.record_crime_reference(referral, unlocked, liaison, "CR-9/26"),
        lambda: police_updates.ask_for_contact(referral, unlocked, liaison, "Can we talk to her?"),
    ]
    for attempt in attempts:
        with pytest.raises(police_updates.UpdateRefused):
            attempt()
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.investigation_status == "received" and stored.crime_reference_for_police is None
    assert not PoliceUpdate.objects.exists()
    assert AuditEntry.objects.filter(action="referral.update_refused").count() == 3


def test_a_request_for_contact_reaches_the_advocate_and_never_the_reporter(world, sent):
    referral, codename = sent
    police_updates.ask_for_contact(referral, world.police.unlocked, world.police.police_liaison, "Could she meet us?")
    assert [u.details["message"] for u in police_updates.for_sender(referral, world.north.unlocked)] == ["Could she meet us?"]
    access = intake_actions.open_with_codename(codename)
    assert Message.objects.count() == 0 and intake_actions.message_thread(access.report, access.key) == []
    # A second support organisation holds no key to it, and cannot find it among its own reports' requests.
    assert police_updates.open_contact_request(referral.report, PoliceUpdate.objects.get().pk) is not None
    assert not PoliceUpdate.objects.filter(referral__report__organisation=world.south.org).exists()


def test_the_advocates_answer_leaves_redacted_and_only_once(world, sent):
    referral, _codename = sent
    asked = police_updates.ask_for_contact(referral, world.police.unlocked, world.police.police_liaison, "Can we meet?")
    police_updates.answer_contact_request(
        asked, world.north.unlocked, world.north.advocate, "My visa expired in March. Call 07700 900461 after six."
    )
    answer = police_updates.for_police(referral, world.police.unlocked)[-1]
    assert answer.kind == "contact_answer"
    assert "visa" not in answer.details["message"] and "07700" not in answer.details["message"]
    with pytest.raises(police_updates.UpdateRefused):
        police_updates.answer_contact_request(asked, world.north.unlocked, world.north.advocate, "Again")
    with pytest.raises(keyring.AccessDenied):
        police_updates.answer_contact_request(asked, world.south.unlocked, world.south.advocate, "Not ours")


def test_the_crime_reference_reaches_the_reporter_only_through_the_sender_and_only_if_asked_for(world, sent):
    referral, codename = sent
    police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, "CRN 88/26")
    access = intake_actions.open_with_codename(codename)
    # Before the sending organisation has seen it, the reporter's page knows only that one was given.
    (before,) = police_updates.for_reporter(access.report, access.key, show_crime_reference=True)
    assert before.crime_reference_recorded and before.crime_reference == "" and before.force == "Shire Police"
    assert police_updates.relay_to_reporter(referral.report, world.north.unlocked, world.north.advocate) == 1
    assert police_updates.relay_to_reporter(referral.report, world.north.unlocked, world.north.advocate) == 0
    stored = Referral.objects.get(pk=referral.pk)
    assert b"CRN 88/26" not in bytes(stored.crime_reference_for_reporter)
    (hidden,) = police_updates.for_reporter(access.report, access.key, show_crime_reference=False)
    (shown,) = police_updates.for_reporter(access.report, access.key, show_crime_reference=True)
    assert hidden.crime_reference == "" and shown.crime_reference == "CRN 88/26"
    # The force's key and another organisation's cannot relay it: they do not hold the report's key.
    assert police_updates.relay_to_reporter(referral.report, world.south.unlocked, world.south.advocate) == 0


def test_the_reporters_choice_to_see_it_is_sealed_and_off_until_chosen(world, sent):
    _referral, codename = sent
    access = intake_actions.open_with_codename(codename)
    assert intake_actions.crime_reference_shown(access) is False
    intake_actions.choose_crime_reference_shown(access, True)
    again = intake_actions.open_with_codename(codename)
    assert intake_actions.crime_reference_shown(again) is True
    intake_actions.choose_crime_reference_shown(again, False)
    assert intake_actions.crime_reference_shown(intake_actions.open_with_codename(codename)) is False


@pytest.mark.parametrize(
    "text",
    ["Ring PC Hale 07700900456 re visa. Ana Silva", "call me 07700900456", "your visa expired", "no papers?", "Ana Silva"],
)
def test_a_crime_reference_that_carries_words_or_a_phone_number_is_refused(world, sent, text):
    # It is relayed to the reporter's page word for word: it must not be a channel from the force to the reporter.
    referral, _codename = sent
    with pytest.raises(police_updates.UpdateInvalid) as refused:
        police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, text)
    assert "only the crime reference number" in refused.value.errors["crime_reference"]
    assert not PoliceUpdate.objects.exists() and Referral.objects.get(pk=referral.pk).crime_reference_for_sender is None


@pytest.mark.parametrize("text", ["NS/2026/88812", "CRN 4471/26", "CAD 1234", "20MP/123456A/21", "01/123456/26", "PSNI 123/26"])
def test_crime_references_in_the_forces_formats_are_taken(world, sent, text):
    referral, _codename = sent
    police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, text)
    assert PoliceUpdate.objects.filter(kind=PoliceUpdate.Kind.CRIME_REFERENCE).count() == 1
