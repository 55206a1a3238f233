"""The data directory, the SQLite database and its journals are owner-only, whatever the umask."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from safereport import data_dir

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh process, as `safereport` would: settings create the data directory, then a
# write in WAL mode makes SQLite create its -wal and -shm files while the connection is open.
_WRITE_AND_REPORT_MODES = """
import json, os, stat, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (x integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
    root = settings.DATA_DIR
    modes = {name: stat.S_IMODE(os.stat(root / name).st_mode) for name in os.listdir(root)}
    modes["."] = stat.S_IMODE(os.stat(root).st_mode)
print(json.dumps(modes))
"""


def _modes_after_a_write(data: Path) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SAFEREPORT_SECRET_KEY"}}
    env.update(SAFEREPORT_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="safereport.settings")
    done = subprocess.run(
        [sys.executable, "-c", _WRITE_AND_REPORT_MODES],
        cwd=ROOT,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_new_data_directory_database_wal_and_shm_are_owner_only_under_a_permissive_umask(tmp_path):
    modes = _modes_after_a_write(tmp_path / "var")
    assert modes["."] == 0o700
    for name in ("safereport.sqlite3", "safereport.sqlite3-wal", "safereport.sqlite3-shm", "secret_key"):
        assert modes[name] == 0o600, name


def test_data_left_world_readable_by_an_older_version_is_tightened_at_start(tmp_path):
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    for name in ("safereport.sqlite3", "safereport.sqlite3-wal", "secret_key"):
        (data / name).write_bytes(b"" if name != "secret_key" else b"k" * 60)
        os.chmod(data / name, 0o644)
    modes = _modes_after_a_write(data)
    assert modes["."] == 0o700
    for name in ("safereport.sqlite3", "safereport.sqlite3-wal", "safereport.sqlite3-shm", "secret_key"):
        assert modes[name] == 0o600, name
    assert (data / "secret_key").read_bytes() == b"k" * 60  # an existing key is kept


def test_a_data_directory_that_cannot_be_made_owner_only_is_refused_with_its_mode(tmp_path, monkeypatch):
    loose = tmp_path / "shared"
    loose.mkdir()
    os.chmod(loose, 0o755)

    def refuse(self, mode):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "chmod", refuse)
    with pytest.raises(data_dir.UnsafeDataDirectory, match=r"shared has mode 0755 and could not be made 0700"):
        data_dir.prepare(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o755
