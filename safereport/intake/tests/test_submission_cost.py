"""What one submission costs the database: a pinned number of statements, and what it reads afresh each time."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereport.accounts.actions import create_organisation
from safereport.audit.log import verify
from safereport.intake.actions import submit_report
from safereport.intake.models import Report
from safereport.intake.submission import Submission
from safereport.vault import epochs
from safereport.vault.models import KeyEpoch, OrganisationKey, SealedDataKey

# Each submission commits, as in production, so what is remembered after a commit is what a request would find.
pytestmark = pytest.mark.django_db(transaction=True)

# Every statement of one sealed submission, warm (today's epoch remembered), BEGIN and COMMIT included, and on
# PostgreSQL the sequencer's transaction that chains its audit entry after the commit. Was 20 and 27 (issue 16).
STATEMENTS = {
    "sqlite": 13,
    "postgresql": 20,
}  # PostgreSQL: + the check that no rotation retired the key meanwhile (vault.records)


def epoch_reads(queries) -> int:
    return sum('"vault_keyepoch"' in query["sql"] for query in queries.captured_queries)


def test_one_submission_runs_no_more_statements_than_pinned(make_report, django_assert_max_num_queries):
    make_report()  # the process learns today's epoch here, as a server does with its first report of the day
    with django_assert_max_num_queries(STATEMENTS[connection.vendor]):
        make_report()
    assert verify().ok


def test_todays_epoch_is_read_from_the_database_once_a_day(make_report):
    with CaptureQueriesContext(connection) as first:
        make_report()
    with CaptureQueriesContext(connection) as second:
        report, _codename = make_report()
    assert epoch_reads(first) >= 1 and epoch_reads(second) == 0
    assert SealedDataKey.objects.get(data_key_id=report.data_key_id).epoch.day == timezone.now().date()


def test_the_next_day_seals_into_the_next_days_epoch(make_report, monkeypatch):
    first, _codename = make_report()
    today = timezone.now()
    tomorrow = today + timezone.timedelta(days=1)
    monkeypatch.setattr(epochs.timezone, "now", lambda: tomorrow)
    second, _codename = make_report()
    days = [SealedDataKey.objects.get(data_key_id=r.data_key_id).epoch.day for r in (first, second)]
    assert days == [today.date(), tomorrow.date()]


def test_an_epoch_whose_submission_rolled_back_is_not_remembered(world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the report insert failed")

    monkeypatch.setattr(Report, "save", fail)
    with pytest.raises(RuntimeError):
        submit_report(Submission(crime_type="assault", narrative="Someone hit me at the bus stop.", language="en"))
    assert not KeyEpoch.objects.exists()
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as queries:
        report, _codename = submit_report(Submission(crime_type="assault", narrative="Someone hit me again.", language="en"))
    # Stored at the first attempt: no write named the rolled-back epoch and failed.
    assert sum(q["sql"].startswith('INSERT INTO "intake_report"') for q in queries.captured_queries) == 1
    assert SealedDataKey.objects.get(data_key_id=report.data_key_id).epoch_id == KeyEpoch.objects.get().pk


def test_a_remembered_epoch_without_its_key_file_is_read_again(make_report, epoch_key_dir):
    make_report()
    remembered = KeyEpoch.objects.get()
    # The key directory restored from elsewhere: the remembered epoch's file is gone, the database names another.
    (epoch_key_dir / f"{remembered.pk}.key").unlink()
    KeyEpoch.objects.filter(pk=remembered.pk).update(retired=True)
    report, _codename = make_report()
    seal = SealedDataKey.objects.get(data_key_id=report.data_key_id)
    assert seal.epoch_id != remembered.pk and not seal.epoch.retired


def test_a_remembered_epoch_whose_row_is_gone_is_read_again_and_the_report_stored(make_report, epoch_key_dir):
    make_report()
    # A database restored under the running process: the epoch it remembers, and its key file, name no row.
    ghost = uuid.uuid4()
    (epoch_key_dir / f"{ghost}.key").write_bytes(b"k" * 32)
    slot = epochs._cache_slot()
    epochs._today[slot] = (timezone.now().date(), ghost)
    with CaptureQueriesContext(connection) as queries:
        report, _codename = make_report()
    # The first attempt named the ghost and failed at its commit; the second read the epoch again.
    assert sum(q["sql"].startswith('INSERT INTO "intake_report"') for q in queries.captured_queries) == 2
    assert SealedDataKey.objects.get(data_key_id=report.data_key_id).epoch_id != ghost
    assert verify().ok


def test_a_report_is_sealed_to_the_key_active_when_it_is_routed(world, make_report):
    make_report()
    # Another process rotates the key between two submissions: nothing this one remembers may outlive that.
    old = OrganisationKey.objects.get(organisation=world.north.org)
    new = OrganisationKey.objects.create(
        organisation=world.north.org,
        public_key=bytes(old.public_key),
        verify_key=bytes(old.verify_key),
        fingerprint="rotated-" + old.fingerprint[:20],
        recovery_public_key=bytes(old.recovery_public_key),
        sealed_for_recovery=bytes(old.sealed_for_recovery),
    )
    OrganisationKey.objects.filter(pk=old.pk).update(retired_at=timezone.now())
    report, _codename = make_report()
    assert SealedDataKey.objects.get(data_key_id=report.data_key_id).org_key_id == new.pk


def test_a_report_follows_routing_changed_since_the_last_one(world, make_report):
    make_report(area="east")  # no one serves east: the organisation that receives unrouted reports (north)
    east, _supervisor, _words = create_organisation(
        "East Support", "support", supervisor_email="supervisor@east.test", supervisor_password=world.password, areas=["east"]
    )
    report, _codename = make_report(area="east")
    assert report.organisation_id == east.pk
