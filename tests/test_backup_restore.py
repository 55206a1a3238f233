"""Backups: `safereport backup` and `safereport restore` between real instances, each in its own process and data directory.

A restore brings back every report that was not erased (it opens with a supervisor's password and with its
codename) and an audit log that verifies; an erasure made after the backup was taken is replayed from the
erasure ledger, so the restored backup does not open the erased report; a damaged, cut-off or wrong-key backup
and a restore into an instance that is not empty are refused before anything is written.
The PostgreSQL variant runs when DATABASE_URL is set, on throwaway databases of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery-staple"

# In the source instance: an organisation, four reports (one erased before the backup), a signed checkpoint.
SETUP = r"""
import json
import django
django.setup()
from django.core.management import call_command
from safereport.accounts.actions import create_organisation
from safereport.intake.actions import erase_report, submit_report
from safereport.intake.submission import Submission
from safereport.vault.audit_checkpoints import make_checkpoint

call_command("migrate", verbosity=0)
create_organisation("North Support", "support", supervisor_email="s@north.test",
                    supervisor_password="correct-horse-battery-staple", areas=["north"], slug="north", receives_unrouted=True)
reports = {}
for name, narrative in [("kept", "My bicycle went from the Harrowgate rack."),
                        ("erased_after", "Ulfric hit me behind the Quillhaven laundrette."),
                        ("erased_before", "Someone shouted at me on Wexcombe Road."),
                        ("also_kept", "A van followed me home from Kettleborough station.")]:
    report, codename = submit_report(Submission(crime_type="assault", narrative=narrative, language="en", area="north"))
    reports[name] = {"reference": report.reference, "codename": codename, "narrative": narrative,
                     "data_key": str(report.data_key_id)}
from safereport.intake.models import Report
import io
from PIL import Image
from safereport.evidence.actions import add_evidence
from safereport.intake.actions import open_with_codename
photo = io.BytesIO()
Image.new("RGB", (40, 30), (200, 30, 90)).save(photo, "PNG")
kept = open_with_codename(reports["kept"]["codename"])
add_evidence(kept.report, kept.key, photo.getvalue())
erase_report(Report.objects.get(reference=reports["erased_before"]["reference"]))
make_checkpoint()
print(json.dumps(reports))
"""

ERASE = r"""
import sys
import django
django.setup()
from safereport.intake.actions import erase_report
from safereport.intake.models import Report
erase_report(Report.objects.get(reference=sys.argv[1]))
"""

# In any instance: what each report opens to, by supervisor's password and by codename, and the audit verdict.
INSPECT = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from safereport.accounts.models import Organisation, User
from safereport.intake.actions import open_with_codename
from safereport.intake.models import Report
from safereport.vault import keyring, records
from safereport.vault.audit_verification import verify_log
from safereport.vault.models import DataKey

reports = json.loads(sys.argv[1])
supervisor = User.objects.get(email="s@north.test")
unlocked = keyring.unlock_organisation(supervisor, "correct-horse-battery-staple")
seen = {}
for name, item in reports.items():
    report = Report.objects.filter(reference=item["reference"]).first()
    by_codename = open_with_codename(item["codename"])  # as the reporter's page opens it
    entry = {"exists": report is not None, "codename_opens": by_codename is not None,
             "data_key_exists": DataKey.objects.filter(pk=item["data_key"]).exists()}
    if report is not None:
        key = records.open_with_organisation(report.data_key_id, unlocked)
        entry["narrative"] = records.RecordCipher(key, report.record_id).open("narrative", report.narrative_sealed)
        from safereport.evidence.actions import files_of, open_for_review
        entry["evidence"] = [open_for_review(item, unlocked, supervisor).content[:8].hex() for item in files_of(report)]
        if by_codename is not None:
            entry["codename_narrative"] = by_codename.cipher.open("narrative", by_codename.report.narrative_sealed)
    seen[name] = entry
verdict = verify_log()
print(json.dumps({"reports": seen, "audit_ok": verdict.ok, "problems": verdict.problems, "entries": verdict.entries,
                  "checkpoints": verdict.checkpoints}))
"""

# In an instance that should still be empty: what a refused restore must not have touched.
EMPTY = r"""
import json, os
import django
django.setup()
from django.conf import settings
from django.db import DatabaseError
from safereport.accounts.models import Organisation
from safereport.intake.models import Report
try:
    counts = [Organisation.objects.count(), Report.objects.count()]
except DatabaseError:
    counts = [0, 0]
key_dir = settings.VAULT_EPOCH_KEY_DIR
print(json.dumps({"counts": counts, "epoch_files": sorted(os.listdir(key_dir)) if key_dir.exists() else [],
                  "checkpoint_key": settings.AUDIT_CHECKPOINT_KEY_FILE.exists(),
                  "checkpoint_log": settings.AUDIT_CHECKPOINT_LOG.exists(),
                  "ledger": settings.ERASURE_LEDGER.exists()}))
"""


class Instance:
    """One SafeReport instance: its own data directory, and its own database when on PostgreSQL."""

    def __init__(self, data: Path, database_url: str | None = None):
        self.data = data
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_VERSION")}
        self.env.update(
            SAFEREPORT_DATA_DIR=str(data),
            SAFEREPORT_TESTING="1",
            DJANGO_SETTINGS_MODULE="safereport.settings",
            PYTHONPATH=str(ROOT),
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def python(self, script: str, *args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", script, *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        lines = done.stdout.strip().splitlines()
        return json.loads(lines[-1]) if lines else {}

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "safereport.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )

    def empty(self) -> dict:
        return self.python(EMPTY)


def _postgres_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _psql(sql: str) -> None:
    subprocess.run(["psql", _postgres_url("postgres"), "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def instances(request, tmp_path):
    """(source, target): a fresh source instance and an empty target instance on the same engine."""
    if request.param == "sqlite":
        yield Instance(tmp_path / "source"), Instance(tmp_path / "target")
        return
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL backups: run with DATABASE_URL")
    # Named after the run's own database, so two runs against one server (each with its own
    # DATABASE_URL, as CI and a developer's run do) never drop each other's instances.
    base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    names = (f"{base}_backup_src", f"{base}_backup_dst")
    for name in names:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _psql(f"CREATE DATABASE {name}")
    try:
        yield Instance(tmp_path / "source", _postgres_url(names[0])), Instance(tmp_path / "target", _postgres_url(names[1]))
    finally:
        for name in names:
            _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def backed_up(instances, tmp_path):
    """A source instance with reports, its backup file, and an empty target holding the source's backup key."""
    source, target = instances
    reports = source.python(SETUP)
    backup = tmp_path / "instance.backup"
    done = source.command("backup", str(backup))
    assert done.returncode == 0, done.stderr
    # The operator keeps the key off the server and brings it to the machine that restores.
    (target.data / "keys").mkdir(parents=True)
    shutil.copy(source.data / "keys" / "backup.key", target.data / "keys" / "backup.key")
    return source, target, reports, backup


def test_a_restored_backup_opens_every_report_not_erased_and_its_audit_log_verifies(backed_up):
    source, target, reports, backup = backed_up
    done = target.command("restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Audit log intact" in done.stdout
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["audit_ok"], seen["problems"]
    assert seen["checkpoints"] >= 1
    for name in ("kept", "also_kept", "erased_after"):  # erased_after was erased only after the backup: not here
        assert seen["reports"][name]["narrative"] == reports[name]["narrative"]
        assert seen["reports"][name]["codename_narrative"] == reports[name]["narrative"]
    assert seen["reports"]["kept"]["evidence"] == ["89504e470d0a1a0a"]  # the photo, a PNG again, from the backup
    assert seen["reports"]["also_kept"]["evidence"] == []
    assert seen["reports"]["erased_before"] == {"exists": False, "codename_opens": False, "data_key_exists": False}


def test_a_report_erased_after_the_backup_stays_erased_when_that_backup_is_restored_with_the_ledger(backed_up):
    source, target, reports, backup = backed_up
    source.python(ERASE, reports["erased_after"]["reference"])
    ledger = [json.loads(line) for line in (source.data / "erasure-ledger.jsonl").read_text().splitlines()]
    assert [entry["data_key"] for entry in ledger] == [reports["erased_before"]["data_key"], reports["erased_after"]["data_key"]]
    assert set(ledger[0]) == {"data_key", "on"}  # no reference, no content
    # The restore runs on a new machine: the operator brings the copy of the live ledger, kept off the server.
    shutil.copy(source.data / "erasure-ledger.jsonl", target.data / "erasure-ledger.jsonl")
    done = target.command("restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "2 data keys listed; 1 reports erased again" in done.stdout
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["reports"]["erased_after"] == {"exists": False, "codename_opens": False, "data_key_exists": False}
    assert seen["reports"]["kept"]["narrative"] == reports["kept"]["narrative"]
    assert seen["audit_ok"], seen["problems"]


def test_without_the_later_ledger_the_same_restore_brings_the_report_back(backed_up):
    """The counterpart of the test above: it is the ledger, not the restore itself, that keeps the erasure."""
    source, target, reports, backup = backed_up
    source.python(ERASE, reports["erased_after"]["reference"])
    done = target.command("restore", str(backup))
    assert done.returncode == 0, done.stderr
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["reports"]["erased_after"]["narrative"] == reports["erased_after"]["narrative"]


def _refused(target: Instance, backup: Path, expected: str, *extra: str) -> None:
    before = target.empty()
    done = target.command("restore", str(backup), *extra)
    assert done.returncode != 0
    assert expected in done.stderr, done.stderr
    assert target.empty() == before
    assert before["counts"] == [0, 0] and before["epoch_files"] == []


@pytest.mark.parametrize(
    "damage, expected",
    [
        ("flip-a-byte-in-the-middle", "is damaged at part"),
        ("flip-a-byte-in-the-header", "has an altered header"),
        ("flip-the-last-byte", "is damaged at part"),
        ("cut-off-the-end", "is truncated"),
        ("keep-only-the-header", "is truncated"),
        ("add-a-byte", "bytes more than its header says"),
        ("not-a-backup", "is not a SafeReport backup"),
    ],
)
def test_a_damaged_or_cut_off_backup_is_refused_before_anything_is_written(backed_up, damage, expected):
    _source, target, _reports, backup = backed_up
    data = bytearray(backup.read_bytes())
    header_end = 12 + int.from_bytes(data[8:12], "big")
    if damage == "flip-a-byte-in-the-middle":
        data[header_end + 16 + (len(data) - header_end) // 2] ^= 0x01
    elif damage == "flip-a-byte-in-the-header":
        data[data.index(b'"created":"') + 14] ^= 0x01  # the year's last digit: still a date, another one
    elif damage == "flip-the-last-byte":
        data[-1] ^= 0x80
    elif damage == "cut-off-the-end":
        del data[-100:]
    elif damage == "keep-only-the-header":
        del data[header_end + 16 :]
    elif damage == "add-a-byte":
        data += b"\x00"
    elif damage == "not-a-backup":
        data[:8] = b"PK\x03\x04\x00\x00\x00\x00"
    backup.write_bytes(bytes(data))
    _refused(target, backup, expected)


def test_a_backup_restored_with_another_key_is_refused_naming_the_key(backed_up, tmp_path):
    _source, target, _reports, backup = backed_up
    other = tmp_path / "other.key"
    other.write_text(os.urandom(32).hex() + "\n")
    other.chmod(0o600)
    _refused(target, backup, "was made with another backup key", "--key-file", str(other))


def test_a_restore_without_the_backup_key_is_refused_saying_where_to_put_it(backed_up):
    _source, target, _reports, backup = backed_up
    (target.data / "keys" / "backup.key").unlink()
    _refused(target, backup, "There is no backup key at")


def test_a_restore_into_an_instance_that_is_not_empty_is_refused_and_changes_nothing(backed_up):
    source, _target, reports, backup = backed_up
    source.python(ERASE, reports["erased_after"]["reference"])  # the live source differs from the backup now
    done = source.command("restore", str(backup))
    assert done.returncode != 0
    assert "Refusing to restore into an instance that is not empty" in done.stderr
    assert "the database has organisations" in done.stderr and "epoch key directory" in done.stderr
    seen = source.python(INSPECT, json.dumps(reports))
    assert not seen["reports"]["erased_after"]["exists"] and seen["reports"]["kept"]["exists"]
    assert seen["audit_ok"], seen["problems"]


def test_a_restore_into_an_instance_whose_key_directory_has_a_file_is_refused(backed_up):
    _source, target, _reports, backup = backed_up
    (target.data / "epoch-keys").mkdir(mode=0o700)
    (target.data / "epoch-keys" / "left-over.key").write_bytes(b"x" * 32)
    done = target.command("restore", str(backup))
    assert done.returncode != 0
    assert "epoch key directory" in done.stderr and "has files" in done.stderr
    assert target.empty()["counts"] == [0, 0]


def test_a_backup_holds_no_plaintext_and_leaves_none_in_the_data_directory(backed_up):
    source, _target, reports, backup = backed_up
    sealed = backup.read_bytes()
    for item in reports.values():
        assert item["narrative"].encode() not in sealed
        assert item["data_key"].encode() not in sealed  # not even the ledger's ids
    assert sealed[:8] == b"SRBACKUP"
    header = json.loads(sealed[12 : 12 + int.from_bytes(sealed[8:12], "big")])
    assert set(header) == {"format", "created", "engine", "key_id", "salt", "chunk_bytes", "archive_bytes", "archive_sha256"}
    assert not [p.name for p in source.data.iterdir() if p.name.startswith(".backup-work-")]
    assert oct((source.data / "keys" / "backup.key").stat().st_mode & 0o777) == "0o600"


# In the target: the restore, with one of its steps made to fail (a full disk) or to kill the process (SIGKILL).
FAILING_RESTORE = r"""
import errno, json, os, signal, sys
from pathlib import Path
import django
django.setup()
from safereport.management import restoring
from safereport.management.backups import BackupFailed

step, how = sys.argv[2], sys.argv[3]
def fail(*args, **kwargs):
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise OSError(errno.ENOSPC, "No space left on device")
if step == "write_key_file":  # the first epoch key file written fails, whatever was written before it
    real_write = restoring.write_private
    restoring.write_private = lambda path, *a, **k: fail() if path.suffix == ".key" else real_write(path, *a, **k)
elif step == "migrate":
    restoring.call_command = fail
else:
    setattr(restoring, step, fail)
try:
    restoring.restore_backup(Path(sys.argv[1]), None)
except BackupFailed as exc:
    print(json.dumps({"failed": str(exc)}))
else:
    print(json.dumps({"failed": None}))
"""

STEPS = ["load_database", "write_key_file", "stage_files", "migrate", "replay", "swap_files", "swap_database"]


def _left_over(data: Path) -> list[str]:
    return sorted(
        str(p.relative_to(data)) for p in data.rglob("*") if p.name.endswith(".restoring") or "restore-in-progress" in p.name
    )


@pytest.mark.parametrize("step", STEPS)
def test_a_restore_that_fails_at_any_step_leaves_the_instance_empty_and_a_second_restore_succeeds(backed_up, step):
    _source, target, reports, backup = backed_up
    before = target.empty()
    failed = target.python(FAILING_RESTORE, str(backup), step, "fail")
    assert failed["failed"] and "No space left on device" in failed["failed"] and "empty again" in failed["failed"]
    assert (
        target.empty()
        == before
        == {
            "counts": [0, 0],
            "epoch_files": [],
            "checkpoint_key": False,
            "checkpoint_log": False,
            "ledger": False,
        }
    )
    assert _left_over(target.data) == []
    assert not list((target.data / "evidence").glob("*.sealed")) if (target.data / "evidence").exists() else True
    done = target.command("restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "cut short" not in done.stderr
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["reports"]["kept"]["narrative"] == reports["kept"]["narrative"]
    assert seen["reports"]["kept"]["evidence"] == ["89504e470d0a1a0a"]
    assert seen["audit_ok"], seen["problems"]


@pytest.mark.parametrize("step", ["stage_files", "replay", "swap_database"])
def test_a_restore_killed_part_way_is_undone_by_the_next_restore_which_succeeds(backed_up, step):
    _source, target, reports, backup = backed_up
    killed = subprocess.run(
        [sys.executable, "-c", FAILING_RESTORE, str(backup), step, "kill"],
        env=target.env,
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert killed.returncode == -9
    assert (target.data / "restore-in-progress.json").exists()  # what the next restore finds and undoes
    done = target.command("restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "An earlier restore here was cut short" in done.stderr
    assert _left_over(target.data) == []
    seen = target.python(INSPECT, json.dumps(reports))
    for name in ("kept", "also_kept", "erased_after"):
        assert seen["reports"][name]["narrative"] == reports[name]["narrative"]
    assert seen["reports"]["kept"]["evidence"] == ["89504e470d0a1a0a"]
    assert seen["audit_ok"], seen["problems"]


def _plant_journal(target, **changes):
    """The journal a restore into `target` writes, as the restore itself would have named its paths."""
    state = target.python(
        r"""
import json, django
django.setup()
from safereport.management import restoring
kind = restoring.engine()
targets = restoring.Targets.of_settings(kind)
print(json.dumps({"targets": {n: str(v) if v else None for n, v in vars(targets).items()}}))
"""
    )
    state.update({"created": [], "database_loaded": True, "swapping": True, "swapped": False, **changes})
    (target.data / "restore-in-progress.json").write_text(json.dumps(state))


def test_a_journal_left_by_a_restore_that_finished_is_removed_and_nothing_restored_is_deleted(backed_up):
    _source, target, reports, backup = backed_up
    assert target.command("restore", str(backup)).returncode == 0
    _plant_journal(target, swapped=True)  # killed after its last step, before the journal went
    again = target.command("restore", str(target.data / "no-such.backup"))
    assert again.returncode != 0 and "not empty" in again.stderr
    assert not (target.data / "restore-in-progress.json").exists()
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["reports"]["kept"]["narrative"] == reports["kept"]["narrative"] and seen["audit_ok"]


def test_a_journal_naming_other_paths_is_refused_and_nothing_is_deleted(backed_up, tmp_path):
    _source, target, reports, backup = backed_up
    assert target.command("restore", str(backup)).returncode == 0
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (elsewhere / "keep.key").write_text("mine")
    _plant_journal(target)
    state = json.loads((target.data / "restore-in-progress.json").read_text())
    state["targets"]["key_directory"] = str(elsewhere)
    (target.data / "restore-in-progress.json").write_text(json.dumps(state))
    refused = target.command("restore", str(backup))
    assert refused.returncode != 0 and "names other paths" in refused.stderr
    assert (elsewhere / "keep.key").read_text() == "mine"
    seen = target.python(INSPECT, json.dumps(reports))
    assert seen["reports"]["kept"]["narrative"] == reports["kept"]["narrative"]


def test_the_server_and_the_scheduler_refuse_to_start_while_a_restore_journal_is_left(backed_up):
    _source, target, _reports, backup = backed_up
    assert target.command("restore", str(backup)).returncode == 0
    _plant_journal(target)
    served = subprocess.run(
        [sys.executable, "-c", "import safereport.wsgi"], env=target.env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert served.returncode != 0 and "restore was cut short" in served.stderr
    scheduled = target.command("scheduler", "--once")
    assert scheduled.returncode != 0 and "restore was cut short" in scheduled.stderr
