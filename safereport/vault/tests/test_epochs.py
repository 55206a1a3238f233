"""Key epochs: an erased data key's wraps become unopenable in any copy once its day's epoch key is destroyed."""

import os
import stat
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereport.audit.models import AuditEntry
from safereport.intake import actions as intake_actions
from safereport.vault import crypto, epochs, records
from safereport.vault.models import CodenameWrap, KeyEpoch, SealedDataKey

pytestmark = pytest.mark.django_db

AFTER_THE_DAY = timedelta(days=1, hours=2)


def key_files(directory) -> list[str]:
    """The epochs whose key files are in `directory`, by id."""
    return sorted(path.stem for path in directory.glob("*.key"))


def opens_under_any_key_file(directory, blob: bytes, epoch_id, purpose, data_key_id) -> bool:
    """An attacker with a copy of the disk: every key file still there, under every epoch id, tried on a wrap."""
    candidates = {str(epoch_id), *key_files(directory)}
    for path in directory.glob("*.key"):
        for candidate in candidates:
            try:
                epochs.EpochCipher(candidate, path.read_bytes()).unwrap(blob, purpose, data_key_id)
            except crypto.DecryptionFailed:
                continue
            return True
    return False


def test_every_wrap_is_under_todays_epoch_whose_key_lives_in_a_private_file(world, make_report, epoch_key_dir):
    report, codename = make_report()
    seal = SealedDataKey.objects.get(data_key_id=report.data_key_id)
    wrap = CodenameWrap.objects.get(data_key_id=report.data_key_id)
    assert seal.epoch_id == wrap.epoch_id and seal.epoch.day == timezone.now().date()
    key_file = epoch_key_dir / f"{seal.epoch_id}.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and stat.S_IMODE(epoch_key_dir.stat().st_mode) == 0o700
    assert key_file.read_bytes() not in bytes(seal.sealed) + bytes(wrap.wrapped)
    assert intake_actions.open_with_codename(codename).report.pk == report.pk
    assert records.open_with_organisation(report.data_key_id, world.north.unlocked)
    make_report()
    assert KeyEpoch.objects.count() == 1  # one epoch a day, however many reports


def test_a_wrap_moved_to_another_data_key_does_not_open(world, make_report):
    first, _codename = make_report()
    second, _codename = make_report()
    seal = SealedDataKey.objects.get(data_key_id=first.data_key_id)
    SealedDataKey.objects.filter(data_key_id=second.data_key_id).update(sealed=bytes(seal.sealed))
    with pytest.raises(crypto.DecryptionFailed):
        records.open_with_organisation(second.data_key_id, world.north.unlocked)


def test_an_erased_keys_epoch_is_destroyed_once_its_day_has_closed_and_the_other_reports_still_open(
    world, make_report, epoch_key_dir, django_capture_on_commit_callbacks
):
    erased, erased_codename = make_report(narrative="He hit me at the bus stop.")
    kept, kept_codename = make_report(narrative="Someone took my bicycle.")
    seal = SealedDataKey.objects.get(data_key_id=erased.data_key_id)
    wrap = CodenameWrap.objects.get(data_key_id=erased.data_key_id)
    # What a copy of the database taken before the erasure (or a page left behind after it) holds.
    copied = [(bytes(seal.sealed), "organisation-seal"), (bytes(wrap.wrapped), "codename-wrap")]
    old_epoch, data_key_id = seal.epoch_id, erased.data_key_id

    intake_actions.erase_report(erased)
    assert KeyEpoch.objects.get(pk=old_epoch).rekey_needed
    assert epochs.rekey_due() == []  # the day is still open: new keys may still be going into its epoch
    assert str(old_epoch) in key_files(epoch_key_dir)

    later = timezone.now() + AFTER_THE_DAY
    with django_capture_on_commit_callbacks(execute=True):
        assert epochs.rekey_due(later) == [old_epoch]
    assert str(old_epoch) not in key_files(epoch_key_dir)
    old = KeyEpoch.objects.get(pk=old_epoch)
    assert old.retired
    successor = KeyEpoch.objects.get(day=old.day, retired=False)
    assert SealedDataKey.objects.get(data_key_id=kept.data_key_id).epoch_id == successor.pk
    for blob, purpose in copied:
        assert not opens_under_any_key_file(epoch_key_dir, blob, old_epoch, purpose, data_key_id)
    assert intake_actions.open_with_codename(erased_codename) is None
    assert intake_actions.open_with_codename(kept_codename).report.pk == kept.pk
    assert records.open_with_organisation(kept.data_key_id, world.north.unlocked)
    entry = AuditEntry.objects.get(action="key.epoch_rekeyed")
    assert entry.target == f"epoch:{old_epoch}" and entry.detail["moved"] == 2  # the kept report's seal and wrap
    assert epochs.rekey_due(later) == []  # nothing left to do: running it again changes nothing


def test_before_the_rekey_a_copied_wrap_still_opens_so_the_rekey_is_what_makes_it_final(world, make_report, epoch_key_dir):
    report, _codename = make_report()
    seal = SealedDataKey.objects.get(data_key_id=report.data_key_id)
    blob, epoch_id, data_key_id = bytes(seal.sealed), seal.epoch_id, report.data_key_id
    intake_actions.erase_report(report)
    assert opens_under_any_key_file(epoch_key_dir, blob, epoch_id, "organisation-seal", data_key_id)


def test_the_sweep_destroys_a_retired_epochs_file_left_by_a_crash_and_old_orphans_only(world, make_report, epoch_key_dir):
    report, _codename = make_report()
    make_report()
    epoch_id = SealedDataKey.objects.get(data_key_id=report.data_key_id).epoch_id
    intake_actions.erase_report(report)
    epochs.rekey_due(timezone.now() + AFTER_THE_DAY)  # in a test transaction: on_commit never runs, as after a crash
    assert str(epoch_id) in key_files(epoch_key_dir)
    orphan, fresh = (
        epoch_key_dir / "0b2c9b0e-2b1f-4a55-9a43-6c1c1c7e1a01.key",
        epoch_key_dir / "5d1e3f0e-0000-4000-8000-000000000000.key",
    )
    orphan.write_bytes(os.urandom(32))
    fresh.write_bytes(os.urandom(32))
    old = (timezone.now() - timedelta(days=3)).timestamp()
    os.utime(orphan, (old, old))
    out = StringIO()
    call_command("rekey_epochs", stdout=out)
    assert "Key files destroyed by the sweep: 2" in out.getvalue()
    remaining = key_files(epoch_key_dir)
    assert str(epoch_id) not in remaining and orphan.stem not in remaining and fresh.stem in remaining
    assert records.open_with_organisation(
        SealedDataKey.objects.exclude(data_key_id=report.data_key_id).get().data_key_id, world.north.unlocked
    )


def test_a_missing_epoch_key_file_is_a_loud_error_naming_the_directory(world, make_report, epoch_key_dir):
    report, _codename = make_report()
    for path in epoch_key_dir.glob("*.key"):
        path.unlink()
    with pytest.raises(epochs.EpochKeyMissing, match=str(epoch_key_dir)):
        records.open_with_organisation(report.data_key_id, world.north.unlocked)


def test_rotation_reseals_into_todays_epoch_and_every_report_still_opens(world, make_report):
    from safereport.vault import keyring, rotation

    report, codename = make_report()
    rotation.rotate_organisation_key(world.north.unlocked, actor="test")
    unlocked = keyring.unlock_organisation(world.north.supervisor, world.password)
    assert records.open_with_organisation(report.data_key_id, unlocked)
    seal = SealedDataKey.objects.get(data_key_id=report.data_key_id)
    assert seal.epoch.day == timezone.now().date() and not seal.epoch.retired
