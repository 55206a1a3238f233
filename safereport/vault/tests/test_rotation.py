"""Rotation of an organisation key: every record re-sealed, old secret destroyed, resumable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport.audit.models import AuditEntry
from safereport.cases.actions import open_case
from safereport.firewall import police_updates
from safereport.firewall.referrals import crime_reference_for_sender, open_referral, refer_to_police
from safereport.vault import keyring, records
from safereport.vault.models import OrganisationKey, OrganisationKeyGrant, SealedDataKey
from safereport.vault.rotation import rotate_organisation_key


def _unlock(user, password):
    return keyring.unlock_organisation(user, password)


def test_rotation_reseals_every_report_and_destroys_old_secret(world, make_report):
    reports = [make_report(narrative=f"narrative number {i}")[0] for i in range(5)]
    old = keyring.active_key(world.north.org.pk)
    result = rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test", batch_size=2)
    assert result.resealed == 5 and result.old_fingerprints == [old.fingerprint]
    assert not SealedDataKey.objects.filter(org_key=old).exists()
    assert not OrganisationKeyGrant.objects.filter(org_key=old).exists()
    assert bytes(OrganisationKey.objects.get(pk=old.pk).sealed_for_recovery) == b""
    fresh = _unlock(world.north.advocate, world.password)
    assert list(fresh.keys) == [result.new_fingerprint]
    for i, report in enumerate(reports):
        assert open_case(report, fresh, world.north.advocate).narrative == f"narrative number {i}"
    with pytest.raises(keyring.AccessDenied):
        records.open_with_organisation(reports[0].data_key_id, world.north.unlocked)  # the pre-rotation keys


def test_new_reports_during_and_after_rotation_go_to_the_new_key(world, make_report):
    rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test")
    report, codename = make_report()
    fresh = _unlock(world.north.advocate, world.password)
    assert records.open_with_organisation(report.data_key_id, fresh)


def test_recovery_words_still_work_after_rotation(world, make_report):
    report, _ = make_report()
    rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test")
    keyring.reset_forgotten_password(world.north.supervisor, "a-brand-new-password", actor="test")
    unlocked = keyring.recover_with_words(world.north.supervisor, world.north.words, actor="test")
    assert open_case(report, unlocked, world.north.supervisor).narrative


def test_interrupted_rotation_resumes(world, make_report, monkeypatch):
    for _ in range(4):
        make_report()
    from safereport.vault import rotation

    real = rotation._reseal_data_keys

    def crash_after_first_batch(unlocked, new, batch_size):
        generator = real(unlocked, new, batch_size)
        yield next(generator)
        raise RuntimeError("power cut")

    monkeypatch.setattr(rotation, "_reseal_data_keys", crash_after_first_batch)
    with pytest.raises(RuntimeError):
        rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test", batch_size=2)
    monkeypatch.setattr(rotation, "_reseal_data_keys", real)
    result = rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test", batch_size=2)
    assert result.resumed and result.resealed == 2
    assert OrganisationKey.objects.filter(organisation=world.north.org).count() == 2


def test_police_rotation_keeps_referrals_readable_and_signatures_valid(world, make_report):
    report, _ = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, "CR-123/26")
    police_updates.ask_for_contact(referral, world.police.unlocked, world.police.police_liaison, "Can we meet her?")
    rotate_organisation_key(_unlock(world.police.supervisor, world.password), actor="test")
    rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test")
    referral.refresh_from_db()
    opened = open_referral(referral, _unlock(world.police.police_liaison, world.password), world.police.police_liaison)
    assert opened.signature_valid and opened.crime_reference == "CR-123/26"
    assert crime_reference_for_sender(referral, _unlock(world.north.advocate, world.password)) == "CR-123/26"
    # The updates each side holds are re-sealed too: the old private keys are gone, the updates still open.
    police_side = police_updates.for_police(referral, _unlock(world.police.police_liaison, world.password))
    sender_side = police_updates.for_sender(referral, _unlock(world.north.advocate, world.password))
    assert [u.details for u in police_side] == [u.details for u in sender_side]
    assert [u.details for u in sender_side] == [{"crime_reference": "CR-123/26"}, {"message": "Can we meet her?"}]


def test_rotation_is_audited_by_fingerprint(world):
    result = rotate_organisation_key(_unlock(world.north.supervisor, world.password), actor="test")
    entries = AuditEntry.objects.filter(action__startswith="key.rotation")
    assert [e.action for e in entries] == ["key.rotation_started", "key.rotation_completed"]
    assert entries.last().detail["new_fingerprint"] == result.new_fingerprint


def test_rotate_command_needs_a_supervisor_of_that_organisation(world, monkeypatch):
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    with pytest.raises(CommandError, match="supervisor"):
        call_command("rotate_org_key", "north", "--as", world.north.advocate.email)
    with pytest.raises(CommandError, match="not a supervisor of"):
        call_command("rotate_org_key", "north", "--as", world.south.supervisor.email)
    call_command("rotate_org_key", "north", "--as", world.north.supervisor.email)
    assert OrganisationKey.objects.filter(organisation=world.north.org, retired_at__isnull=True).count() == 1
