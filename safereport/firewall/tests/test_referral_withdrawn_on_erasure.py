"""Erasing a report withdraws its police referrals: a stub stays so the force is told, nothing of the content does."""

import pytest
from django.utils import timezone

from safereport import coarse_time
from safereport.audit.models import AuditEntry
from safereport.firewall import police_updates
from safereport.firewall.models import PoliceUpdate, Referral
from safereport.firewall.referrals import refer_to_police, withdrawal_notices
from safereport.firewall.rotation import reseal_referrals
from safereport.intake import actions as intake_actions
from safereport.vault import keyring

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}


@pytest.fixture
def sent(world, make_report):
    """A consented North report referred to Shire Police, with a crime reference, an outcome and a contact request."""
    report, codename = make_report(consent=CONSENTED, contact={"name": "Ana", "phone": "+44 7700 900123"})
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    liaison = world.police.police_liaison
    police_updates.record_crime_reference(referral, world.police.unlocked, liaison, "CRN 99/26")
    police_updates.record_investigation(
        referral, world.police.unlocked, liaison, status="closed", outcome="charged", outcome_on=timezone.localdate()
    )
    police_updates.ask_for_contact(referral, world.police.unlocked, liaison, "Could Ana call us about the bottle?")
    referral.refresh_from_db()
    return referral, codename


def test_the_force_sees_a_withdrawn_referral_without_content(world, sent):
    referral, _codename = sent
    reference = referral.report.reference
    assert referral.report_reference == reference and PoliceUpdate.objects.filter(referral=referral).count() == 3

    intake_actions.erase_report(referral.report)

    stub = Referral.objects.get(pk=referral.pk)
    assert stub.withdrawn and stub.withdrawn_on == coarse_time.today().date()
    assert (stub.report_id, stub.report_reference, stub.reference, stub.police_id) == (
        None,
        reference,
        reference,
        world.police.org.pk,
    )
    assert stub.made_at == referral.made_at
    for sealed in ("package_sealed", "crime_reference_for_police", "crime_reference_for_sender", "crime_reference_for_reporter"):
        assert getattr(stub, sealed) is None, sealed
    assert (stub.investigation_status, stub.outcome, stub.outcome_on, stub.crime_reference_recorded_at) == (
        "received",
        "",
        None,
        None,
    )
    # What the force and the advocate exchanged about the person goes with the report.
    assert not PoliceUpdate.objects.filter(referral_id=referral.pk).exists()
    assert withdrawal_notices([stub], world.police.unlocked) == {}


def test_a_withdrawn_referral_takes_no_update(world, sent):
    referral, _codename = sent
    intake_actions.erase_report(referral.report)
    stub = Referral.objects.get(pk=referral.pk)
    with pytest.raises(police_updates.UpdateRefused, match="erased"):
        police_updates.record_crime_reference(stub, world.police.unlocked, world.police.police_liaison, "CRN 1/26")
    with pytest.raises(police_updates.UpdateRefused, match="erased"):
        police_updates.ask_for_contact(stub, world.police.unlocked, world.police.police_liaison, "Hello")
    assert not PoliceUpdate.objects.filter(referral_id=referral.pk).exists()


def test_rotating_the_forces_key_skips_withdrawn_referrals(world, sent):
    referral, _codename = sent
    intake_actions.erase_report(referral.report)
    new_key = keyring.current_key(world.police.org.pk)
    assert list(reseal_referrals(world.police.unlocked, new_key, 10)) == []


def test_erasing_one_report_leaves_other_referrals_whole(world, make_report, sent):
    referral, _codename = sent
    other, _ = make_report(consent=CONSENTED)
    kept = refer_to_police(other, world.police.org, world.north.unlocked, world.north.advocate)
    intake_actions.erase_report(referral.report)
    kept.refresh_from_db()
    assert kept.report_id == other.pk and kept.package_sealed and not kept.withdrawn
    assert AuditEntry.objects.filter(action="report.erased", target=referral.report_reference).exists()


def test_copies_of_a_withdrawn_referral_left_in_the_database_files_never_open_again(
    world, sent, erasure_ledger_file, django_capture_on_commit_callbacks
):
    """What an emptied row leaves in the database's pages (or a backup), with the force's and the sender's keys."""
    from datetime import timedelta

    from safereport.firewall import referral_keys
    from safereport.vault import epochs, erasure_ledger, records
    from safereport.vault.crypto import DecryptionFailed
    from safereport.vault.models import DataKey, SealedDataKey

    referral, _codename = sent
    key_id = referral.sealing_key_id
    assert key_id is not None
    # Everything a copied disk would keep: the referral's sealed fields, its updates, and its key's sealed rows.
    left = {
        "package": (world.police.unlocked, bytes(referral.package_sealed)),
        "crime_reference_for_police": (world.police.unlocked, bytes(referral.crime_reference_for_police)),
        "crime_reference_for_sender": (world.north.unlocked, bytes(referral.crime_reference_for_sender)),
    }
    for update in PoliceUpdate.objects.filter(referral=referral):
        left[f"update:{update.pk}:police"] = (world.police.unlocked, bytes(update.details_for_police_sealed))
        left[f"update:{update.pk}:sender"] = (world.north.unlocked, bytes(update.details_for_sender_sealed))
    seals = [(s.epoch_id, bytes(s.sealed)) for s in SealedDataKey.objects.filter(data_key_id=key_id)]
    assert len(seals) == 2  # the force's and the sender's
    assert b"Ana" in referral_keys.opened(referral, world.police.unlocked, "package", left["package"][1])

    with django_capture_on_commit_callbacks(execute=True):
        intake_actions.erase_report(referral.report)
    epochs.rekey_due(timezone.now() + timedelta(days=2))
    epochs.sweep()

    assert not DataKey.objects.filter(pk=key_id).exists() and not SealedDataKey.objects.filter(data_key_id=key_id).exists()
    for epoch_id, sealed in seals:
        with pytest.raises(epochs.EpochKeyMissing):
            epochs.unwrap(epoch_id, sealed, "organisation-seal", key_id)
    for field, (unlocked, blob) in left.items():
        inside = keyring.open_for_organisation(unlocked, blob)  # the organisation's own key opens the outside only
        assert b"Ana" not in inside and b"CRN 99/26" not in inside and b"bottle" not in inside, field
        for guess in (b"\0" * 32, bytes(range(32))):
            with pytest.raises(DecryptionFailed):
                records.open_layer(guess, referral.record_id, field, inside)
    assert key_id in erasure_ledger.parse(erasure_ledger.path().read_bytes()).entries  # a restore destroys it again
