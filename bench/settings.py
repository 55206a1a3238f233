"""Bench-only settings: production settings plus the plain baseline endpoint, for gunicorn runs of the benchmark."""

import os

from safereport.settings import *  # noqa: F401,F403 -- same middleware, database and cost settings as production
from safereport.settings import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
ROOT_URLCONF = "bench.urls"

# An experiment, off unless asked for (intake_throughput.py --sqlite-wal): production keeps SQLite's default
# rollback journal, whose several fsyncs per COMMIT are what every write waits for.
if os.environ.get("SAFEREPORT_BENCH_SQLITE_WAL") == "1" and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "init_command": "PRAGMA journal_mode=WAL;"}
