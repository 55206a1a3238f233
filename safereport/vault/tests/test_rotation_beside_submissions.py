"""A key rotation running beside submissions never leaves a report sealed only to the key it destroyed."""

import threading
import time

import pytest
from django.db import connection, transaction

from safereport.vault import keyring, records
from safereport.vault.rotation import rotate_organisation_key

# Both sides commit, as they do in production: the race is between two transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: a rotation cannot run between a submission's key read and its seal")


def _waiting_for_the_seal_table() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'vault_sealeddatakey'::regclass")
        return cursor.fetchone()[0] > 0


def test_a_seal_written_after_a_rotation_to_the_key_read_before_it_opens_with_the_new_key(world):
    stale = keyring.active_key(world.north.org.pk)  # what a submission read before the rotation began
    rotate_organisation_key(keyring.unlock_organisation(world.north.supervisor, world.password), actor="test")
    with transaction.atomic():
        data_key, raw = records.create_data_key(world.north.org.pk, None, org_key=stale)
    after = keyring.unlock_organisation(world.north.advocate, world.password)
    assert list(after.keys) != [stale.fingerprint]
    assert records.open_with_organisation(data_key.pk, after) == raw


def test_a_rotation_waits_for_a_seal_still_being_written_and_reseals_it(world):
    stale = keyring.active_key(world.north.org.pk)
    written, release, made, failures = threading.Event(), threading.Event(), {}, []

    def submission():
        try:
            with transaction.atomic():
                made["key"] = records.create_data_key(world.north.org.pk, None, org_key=stale)
                written.set()
                release.wait(60)  # the submission's other rows, still to be written, and its commit
        except Exception as exc:  # noqa: BLE001 (reported to the test below)
            failures.append(exc)
        finally:
            connection.close()

    def rotation():
        try:
            rotate_organisation_key(keyring.unlock_organisation(world.north.supervisor, world.password), actor="test")
        except Exception as exc:  # noqa: BLE001
            failures.append(exc)
        finally:
            connection.close()

    submitting = threading.Thread(target=submission)
    submitting.start()
    assert written.wait(30)
    rotating = threading.Thread(target=rotation)
    rotating.start()
    deadline = time.monotonic() + 60
    while not _waiting_for_the_seal_table() and rotating.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    blocked = rotating.is_alive()  # still running: its last step waits for the open submission
    release.set()
    submitting.join(60)
    rotating.join(60)
    assert not failures and blocked
    data_key, raw = made["key"]
    after = keyring.unlock_organisation(world.north.advocate, world.password)
    assert records.open_with_organisation(data_key.pk, after) == raw
