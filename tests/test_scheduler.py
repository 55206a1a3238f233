"""The embedded scheduler (`safereport scheduler`, started by `make run`): real processes on a temporary data directory.

A due daily job runs once however many schedulers start; a scheduler killed with SIGKILL in the middle of the daily
job leaves a run record that the next start sees, and that start erases what the killed one did not; `make run`
starts the scheduler beside gunicorn, it erases a report whose erasure fell due, and Ctrl-C leaves no process behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# An organisation and three reports whose erasure (cooling-off period over) is due today.
SETUP = r"""
import json
import django
django.setup()
from django.core.management import call_command
from safereport import coarse_time
from safereport.accounts.actions import create_organisation
from safereport.intake.actions import submit_report
from safereport.intake.models import Report
from safereport.intake.submission import Submission

call_command("migrate", verbosity=0)
create_organisation("North Support", "support", supervisor_email="s@north.test",
                    supervisor_password="correct-horse-battery-staple", areas=["north"], slug="north", receives_unrouted=True)
references = []
for narrative in ("A man hit me outside the shop.", "My bicycle was taken.", "Someone followed me home."):
    report, _codename = submit_report(Submission(crime_type="assault", narrative=narrative, language="en", area="north"))
    references.append(report.reference)
Report.objects.update(erasure_requested_on=coarse_time.today().date(), erasure_due_on=coarse_time.today().date())
print(json.dumps(references))
"""

# What is left: the references still held, and the audit entries of erasures and of the daily job's runs.
STATE = r"""
import json
import django
django.setup()
from safereport.audit.models import AuditEntry
from safereport.intake.models import Report
print(json.dumps({
    "reports": sorted(Report.objects.values_list("reference", flat=True)),
    "erased_entries": AuditEntry.objects.filter(action="report.erased").count(),
    "daily_runs": [entry.detail for entry in AuditEntry.objects.filter(action="scheduled_job.done", target="daily")],
}))
"""

# The scheduler's own code, in-process, with erase_report made to SIGKILL the process as the second erasure starts.
KILLED_MID_WAY = r"""
import os, signal
import django
django.setup()
from safereport.intake import actions
from safereport.management import scheduler
real, calls = actions.erase_report, []
def erase_or_die(report, **kwargs):
    calls.append(report.reference)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    real(report, **kwargs)
actions.erase_report = erase_or_die
scheduler.run_due()
"""


class Instance:
    """One instance on SQLite: its own data directory; every command in a process of its own."""

    def __init__(self, data: Path):
        self.data = data
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_VERSION")}
        self.env.update(
            SAFEREPORT_DATA_DIR=str(data),
            SAFEREPORT_TESTING="1",
            DJANGO_SETTINGS_MODULE="safereport.settings",
            PYTHONPATH=str(ROOT),
        )

    def python(self, script: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300)

    def json(self, script: str):
        done = self.python(script)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def scheduler(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "safereport.cli", "scheduler", *args],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run_record(self, job: str) -> dict:
        return json.loads((self.data / "scheduler" / f"{job}.json").read_text())


@pytest.fixture
def instance(tmp_path):
    made = Instance(tmp_path / "data")
    made.references = made.json(SETUP)
    return made


def _finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_a_due_daily_job_runs_once_even_when_two_schedulers_start_together(instance):
    first, second = instance.scheduler("--once"), instance.scheduler("--once")
    results = [_finished(first), _finished(second)]
    assert [code for code, _out, _err in results] == [0, 0], [err for _code, _out, err in results]
    said = "".join(out for _code, out, _err in results)
    assert said.count("daily ") == 1, said  # the other found the lock held, or the day's run done
    state = instance.json(STATE)
    assert state["reports"] == []
    assert state["erased_entries"] == 3
    assert len(state["daily_runs"]) == 1 and state["daily_runs"][0]["erasures"] == 3
    assert not any(reference in said for reference in instance.references)  # counts only, never a reference


def test_a_scheduler_runs_nothing_while_another_holds_the_lock(instance):
    (instance.data / "scheduler").mkdir(mode=0o700, exist_ok=True)
    with (instance.data / "scheduler" / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, out, err = _finished(instance.scheduler("--once"))
        assert code == 0, err
        assert "Another scheduler holds the lock" in out
        assert instance.json(STATE)["reports"] == sorted(instance.references)
    code, out, _err = _finished(instance.scheduler("--once"))
    assert "daily " in out and instance.json(STATE)["reports"] == []


def test_a_daily_run_killed_mid_way_is_finished_by_the_next_start(instance):
    killed = instance.python(KILLED_MID_WAY)
    assert killed.returncode == -signal.SIGKILL
    left = instance.json(STATE)
    assert len(left["reports"]) == 2  # the first erasure committed; the second was under way
    assert left["daily_runs"] == []
    assert instance.run_record("daily")["state"] == "started"

    code, out, err = _finished(instance.scheduler("--once"))
    assert code == 0, err
    assert "daily " in out and "erasures 2" in out
    state = instance.json(STATE)
    assert state["reports"] == []
    assert state["erased_entries"] == 3
    assert [run["attempt"] for run in state["daily_runs"]] == [2]
    record = instance.run_record("daily")
    assert record["state"] == "done" and record["attempts"] == 2 and record["counts"]["erasures"] == 2
    assert not any(reference in json.dumps(record) for reference in instance.references)


def test_a_scheduler_started_again_the_same_day_does_not_run_the_daily_job_again(instance):
    code, out, _err = _finished(instance.scheduler("--once"))
    assert "daily " in out
    code, out, err = _finished(instance.scheduler("--once"))
    assert code == 0, err
    assert "daily " not in out and "rekey_epochs" not in out  # this hour's runs are done too
    assert len(instance.json(STATE)["daily_runs"]) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _processes_of(data: Path) -> list[int]:
    """Every live process whose environment names this instance's data directory."""
    found = []
    needle = f"SAFEREPORT_DATA_DIR={data}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue  # gone, or not ours to read
    return found


def test_make_run_starts_the_scheduler_beside_gunicorn_and_ctrl_c_stops_both(instance):
    venv = Path(sys.executable).parent.parent
    if not (venv / "bin" / "gunicorn").exists():
        pytest.skip("make run needs the project's virtual environment")
    port = _free_port()
    env = dict(instance.env)
    env.pop("DJANGO_SETTINGS_MODULE")
    make = subprocess.Popen(
        ["make", "-o", f"{venv}/.installed", "run", f"VENV={venv}", f"PORT={port}", f"SAFEREPORT_DATA_DIR={instance.data}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job is: Ctrl-C goes to all of it
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and instance.json(STATE)["reports"]:
            assert make.poll() is None, make.stdout.read() if make.stdout else ""
            time.sleep(1)
        assert instance.json(STATE)["reports"] == []  # erased by the scheduler: make run no longer runs `daily` itself
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        assert len(_processes_of(instance.data)) >= 4  # make, its shell, the scheduler, gunicorn and its workers
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C
        out, _ = make.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while _processes_of(instance.data) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(instance.data) == [], out
    assert "daily " in out and "done (erasures 3" in out
