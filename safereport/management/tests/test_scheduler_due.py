"""When the scheduler's jobs are due: once a UTC day or hour, again after a failure (a few times), never twice."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from safereport.audit.models import AuditEntry
from safereport.intake import actions
from safereport.intake.models import Report
from safereport.management import scheduler

MORNING = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """The run records and the lock in this test's own directory, never var/'s."""
    monkeypatch.setattr(django_settings, "DATA_DIR", tmp_path)
    return tmp_path


def _done(outcomes):
    return [(o.job, o.period) for o in outcomes if o.state == "done"]


def test_each_job_runs_once_in_its_period(db):
    assert _done(scheduler.run_due(MORNING)) == [
        ("daily", "2026-06-01"),
        ("rekey_epochs", "2026-06-01T09"),
        ("audit_checkpoint", "2026-06-01T09"),
    ]
    assert scheduler.run_due(MORNING + timedelta(minutes=29)) == []
    assert _done(scheduler.run_due(MORNING + timedelta(minutes=31))) == [
        ("rekey_epochs", "2026-06-01T10"),
        ("audit_checkpoint", "2026-06-01T10"),
    ]


def test_a_daily_job_not_yet_due_does_not_run_and_runs_the_next_day(make_report):
    scheduler.run_due(MORNING)
    report, _codename = make_report()
    Report.objects.filter(pk=report.pk).update(erasure_due_on=MORNING.date())
    scheduler.run_due(MORNING + timedelta(hours=14))  # 23:30 the same day: the daily job is done for today
    assert Report.objects.filter(pk=report.pk).exists()
    outcomes = scheduler.run_due(datetime(2026, 6, 2, 0, 1, tzinfo=UTC))
    assert ("daily", "2026-06-02") in _done(outcomes)
    assert not Report.objects.filter(pk=report.pk).exists()


def test_the_daily_run_is_audited_with_its_day_and_counts_only(make_report):
    report, _codename = make_report()
    Report.objects.filter(pk=report.pk).update(erasure_due_on=MORNING.date())
    scheduler.run_due(MORNING)
    entry = AuditEntry.objects.get(action="scheduled_job.done")
    assert entry.target == "daily" and entry.actor == "scheduler"
    assert entry.detail["period"] == "2026-06-01" and entry.detail["erasures"] == 1 and entry.detail["attempt"] == 1
    assert report.reference not in str(entry.detail)
    # The hourly jobs leave no entry of their own: one each hour would date the entries around it to the hour.
    assert not AuditEntry.objects.filter(action="scheduled_job.done").exclude(target="daily").exists()


def test_a_failing_daily_job_is_recorded_audited_and_tried_again_a_few_times_only(db, monkeypatch):
    def broken(now=None):
        raise RuntimeError("the narrative of SR-SECRET would be here")

    working = actions.erase_due
    monkeypatch.setattr(actions, "erase_due", broken)
    for minute in range(scheduler.ATTEMPTS):
        outcome = scheduler.run_due(MORNING + timedelta(minutes=minute))[0]
        assert (outcome.job, outcome.state, outcome.error) == ("daily", "failed", "RuntimeError")
    assert [o.job for o in scheduler.run_due(MORNING + timedelta(minutes=10))] == []  # tried enough for today
    failed = AuditEntry.objects.filter(action="scheduled_job.failed")
    assert failed.count() == scheduler.ATTEMPTS
    assert "SR-SECRET" not in str([entry.detail for entry in failed])
    assert "SR-SECRET" not in (django_settings.DATA_DIR / "scheduler" / "daily.json").read_text()
    monkeypatch.setattr(actions, "erase_due", working)
    assert ("daily", "2026-06-02") in _done(scheduler.run_due(MORNING + timedelta(days=1)))


def test_the_daily_command_runs_nothing_while_the_scheduler_holds_the_lock(db):
    with scheduler.scheduler_lock() as held:
        assert held
        with pytest.raises(CommandError, match="holds their lock"):
            call_command("daily")
    out = io.StringIO()
    call_command("daily", stdout=out)  # the lock released: it runs
    assert "Erasures carried out: 0." in out.getvalue()
