"""Run the scheduled jobs beside the server: the daily job once a UTC day, epoch rekey and audit checkpoint hourly."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from safereport.management import scheduler
from safereport.management.restoring import journal_left


def _stop(signum: int, _frame: object) -> None:
    # A job killed here is finished by the next start (its run record says it started); exit at once.
    raise SystemExit(0)


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs for as long as it runs: `daily` (due erasures, retention, epoch rekey, expired "
        "sessions) once each UTC day, `rekey_epochs` and `audit_checkpoint` once each UTC hour, each as soon as it is "
        "due (so at start, for what has not run yet). One scheduler at a time per data directory holds its lock; "
        "another one started beside it runs nothing while the first runs jobs. A run killed half-way is finished at the next start. Prints counts only. "
        "`make run` starts it beside gunicorn; production may use it or the systemd timers (docs/operations.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then stop")
        parser.add_argument("--interval", type=float, default=60.0, help="seconds between looks for due jobs (default 60)")

    def handle(self, *args: Any, **options: Any) -> None:
        if (journal := journal_left()) is not None:
            raise CommandError(f"{journal} says a restore was cut short: run `safereport restore` again first.")
        signal.signal(signal.SIGTERM, _stop)
        parent = os.getppid()
        while True:
            for outcome in scheduler.run_due():
                self._report(outcome)
            # Between ticks no connection stays open: SQLite holds no lock, and a restarted server is no matter.
            connections.close_all()
            if options["once"]:
                return
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline:
                # Started by `make run`'s shell: when that goes, so does this, never left behind as an orphan.
                if os.getppid() != parent:
                    return
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))

    def _report(self, outcome: scheduler.Outcome) -> None:
        if outcome.state == "busy":
            self.stdout.write("Another scheduler holds the lock: nothing run.")
            return
        counts = ", ".join(f"{name} {value}" for name, value in outcome.counts.items()) or "nothing to do"
        if outcome.state == "done":
            self.stdout.write(f"{outcome.job} {outcome.period}: done ({counts}).")
        else:
            self.stderr.write(f"{outcome.job} {outcome.period}: failed ({outcome.error}); tried again at the next tick.")
