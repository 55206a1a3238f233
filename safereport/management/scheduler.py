"""The embedded scheduler: the daily job once a UTC day, the epoch rekey and the audit checkpoint once an hour.

No broker and no worker pool: one loop (`safereport scheduler`) beside gunicorn. Two things make it safe to start
twice and to kill at any moment:

- a lock (an advisory `flock` on `DATA_DIR/scheduler/lock`): only the process holding it runs jobs, and the kernel
  releases it when that process dies, however it dies, so a SIGKILL never leaves a stale lock;
- a run record per job (`DATA_DIR/scheduler/<job>.json`, written whole or not at all): the period it last ran for,
  whether that run finished, the attempts, and the counts of what it did. Never a reference or any content. A run
  recorded as started but not done (the process was killed half-way) is due again, and every job is idempotent
  record by record, so the next run finishes what the killed one left.

The daily job's run is audited (`scheduled_job.done` / `scheduled_job.failed`, with the day and the counts), as each
of its actions already is. The hourly jobs are not: an entry each hour would put a clock into the chain that dates
the entries around it to the hour, where every entry's own time is kept to the day.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.durable_files import replaced_atomically
from safereport.evidence import actions as evidence_actions
from safereport.firewall import transparency
from safereport.intake import actions, retention
from safereport.vault import audit_checkpoints, epochs
from safereport.vault.audit_verification import verify_log

# A job that fails (not one that is killed) is tried again at the next ticks of the same period, this many times in
# all; then it waits for the next period, so a lasting fault costs a few audit entries a day, not one a minute.
ATTEMPTS = 3


class JobFailed(Exception):
    """A job could not do its work; the message says why in words that carry no content."""


def daily_job(now: datetime | None = None) -> dict[str, int]:
    """Due erasures, the retention sweep, the epoch rekey and its sweep, expired sessions, evidence files whose removal
    fell due, the transparency report's quarters that ended: the counts of each."""
    erased = actions.erase_due(now)
    swept = retention.sweep(now)
    rekeyed, destroyed = epochs.rekey_due(now), epochs.sweep(now)
    call_command("clearsessions")
    counts = {"erasures": len(erased)}
    counts.update({f"expired_{kind}": len(refs) for kind, refs in sorted(swept.erased.items())})
    counts.update(messages_deleted=swept.messages_deleted, epochs_rekeyed=len(rekeyed), key_files_destroyed=destroyed)
    counts["evidence_removed"] = evidence_actions.remove_due(now)
    counts["quarters_published"] = len(transparency.publish_completed_quarters(now))
    return counts


def rekey_job(now: datetime | None = None) -> dict[str, int]:
    return {"epochs_rekeyed": len(epochs.rekey_due(now)), "key_files_destroyed": epochs.sweep(now)}


def checkpoint_job(now: datetime | None = None) -> dict[str, int]:
    verdict = verify_log()
    if not verdict.ok:
        # The problems name entry numbers only, but a checkpoint must never sign a broken log: stop here.
        raise JobFailed(f"the audit log does not verify ({len(verdict.problems)} problems): run verify_audit")
    return {"tree_size": audit_checkpoints.make_checkpoint().tree_size}


@dataclass(frozen=True)
class Job:
    name: str
    period: str  # "day" or "hour", in UTC
    run: Callable[[datetime | None], dict[str, int]]
    audited: bool


JOBS = (
    Job("daily", "day", daily_job, audited=True),
    Job("rekey_epochs", "hour", rekey_job, audited=False),
    Job("audit_checkpoint", "hour", checkpoint_job, audited=False),
)


def period_of(job: Job, now: datetime) -> str:
    """The UTC day (2026-06-01) or hour (2026-06-01T13) that `now` falls in: a job runs once in each."""
    moment = now.astimezone(UTC)
    return moment.date().isoformat() if job.period == "day" else moment.strftime("%Y-%m-%dT%H")


@dataclass
class RunRecord:
    job: str
    period: str
    state: str  # "started", "done" or "failed"
    attempts: int
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


def directory() -> Path:
    path = Path(settings.DATA_DIR) / "scheduler"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def read_record(job: Job) -> RunRecord | None:
    try:
        return RunRecord(**json.loads((directory() / f"{job.name}.json").read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        return None  # a record from another version: the job is due, and running it again is harmless


def _write_record(run: RunRecord) -> None:
    with replaced_atomically(directory() / f"{run.job}.json") as out:
        out.write(json.dumps(asdict(run), sort_keys=True).encode())


def is_due(job: Job, now: datetime) -> bool:
    """Not yet run this period, or started and never finished (killed), or failed fewer than ATTEMPTS times."""
    last = read_record(job)
    if last is None or last.period != period_of(job, now):
        return True
    return last.state == "started" or (last.state == "failed" and last.attempts < ATTEMPTS)


@contextlib.contextmanager
def scheduler_lock() -> Iterator[bool]:
    """Whether this process holds the scheduler's lock for the block: never waits, never outlives the process."""
    handle = os.open(directory() / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@dataclass
class Outcome:
    job: str
    period: str
    state: str  # "done", "failed", or "busy" (another scheduler holds the lock)
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


def run_job(job: Job, now: datetime) -> Outcome:
    """Run one job for `now`'s period, recording it as started first so that a kill is seen and made good."""
    period = period_of(job, now)
    last = read_record(job)
    attempts = last.attempts + 1 if last is not None and last.period == period else 1
    _write_record(RunRecord(job.name, period, "started", attempts))
    try:
        counts = job.run(now)
    except Exception as exc:  # noqa: BLE001 (any failure is recorded, and the other jobs still run)
        # The exception's kind, and its words only when they are ours: a database error may quote a row.
        error = str(exc) if isinstance(exc, JobFailed) else type(exc).__name__
        _write_record(RunRecord(job.name, period, "failed", attempts, error=error))
        if job.audited:
            with transaction.atomic():
                record(AuditAction.SCHEDULED_JOB_FAILED, actor="scheduler", target=job.name, period=period, attempt=attempts)
        return Outcome(job.name, period, "failed", error=error)
    if job.audited:
        with transaction.atomic():
            record(AuditAction.SCHEDULED_JOB_DONE, actor="scheduler", target=job.name, period=period, attempt=attempts, **counts)
    _write_record(RunRecord(job.name, period, "done", attempts, counts))
    return Outcome(job.name, period, "done", counts)


def run_due(now: datetime | None = None) -> list[Outcome]:
    """Run every job that is due, one after another, if no other scheduler is running; what each did."""
    now = now or timezone.now()
    with scheduler_lock() as held:
        if not held:
            return [Outcome("*", "", "busy")]
        return [run_job(job, now) for job in JOBS if is_due(job, now)]
