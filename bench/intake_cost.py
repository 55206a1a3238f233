"""CPU time and SQL statements per sealed submission, in one process: submit_report and the API view."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import machine  # noqa: E402
from bench.figures import percentile  # noqa: E402

COUNTED = 20  # submissions whose statements are counted, after the timed ones


def configure(data_dir: Path, database_url: str | None) -> None:
    """Production settings on a throwaway database; never test-mode costs."""
    for name in ("DATABASE_URL", "PYTEST_VERSION", "SAFEREPORT_TESTING", "SAFEREPORT_DEBUG"):
        os.environ.pop(name, None)
    os.environ["SAFEREPORT_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safereport.settings"
    # As bench/intake_throughput.py serves it: plain HTTP on loopback, no TLS proxy in front.
    os.environ.update(SAFEREPORT_HTTPS="0", SAFEREPORT_SECURE_COOKIES="0")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="submissions measured per path (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed submissions first (default 30)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="run on PostgreSQL: a throwaway database is created on this server and dropped afterwards "
        "(default: a fresh SQLite file; $DATABASE_URL is ignored)",
    )
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also print cProfile's top N functions")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key for --profile (default tottime)")
    parser.add_argument("--skip-api", action="store_true", help="time submit_report only, not POST /api/v1/reports")
    return parser.parse_args()


class Runner:
    """One organisation receiving every report; each path timed submission by submission."""

    def __init__(self):
        import secrets

        from django.conf import settings

        from safereport.accounts.actions import create_organisation

        create_organisation(
            "Bench Support",
            "support",
            supervisor_email="bench-supervisor@bench.invalid",
            supervisor_password=secrets.token_urlsafe(24),
            areas=[code for code, _label in settings.AREAS],
            receives_unrouted=True,
        )

    @staticmethod
    def action():
        from bench.vault_figures import submission
        from safereport.intake.actions import submit_report

        return lambda: submit_report(submission())

    @staticmethod
    def api():
        from django.test import Client

        from bench.intake_throughput import BODY, SEALED_PATH

        client = Client(HTTP_HOST="127.0.0.1")  # in-process: no socket is opened

        def post():
            response = client.post(SEALED_PATH, data=BODY, content_type="application/json")
            if response.status_code != 201:
                raise RuntimeError(f"POST {SEALED_PATH} answered {response.status_code}: {response.content[:300]!r}")

        return post

    def measure(self, function, runs: int, warmup: int, profiler: cProfile.Profile | None) -> dict:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(warmup):
            function()
        cpu, wall, statements = [], [], []
        # Timed without capturing: Django's debug cursor (formatting each statement) would add its own cost.
        for _ in range(runs):
            with profiler or nullcontext():
                cpu_start, wall_start = time.process_time(), time.perf_counter()
                function()
                cpu.append(time.process_time() - cpu_start)
                wall.append(time.perf_counter() - wall_start)
        for _ in range(COUNTED):
            with CaptureQueriesContext(connection) as queries:
                function()
            statements.append(len(queries.captured_queries))
        return {"cpu": cpu, "wall": wall, "statements": statements, "last_queries": queries.captured_queries}


def row(label: str, result: dict) -> list[str]:
    cpu, wall, statements = result["cpu"], result["wall"], result["statements"]
    mean = sum(cpu) / len(cpu)
    return [
        label,
        str(len(cpu)),
        f"{mean * 1000:.2f}",
        f"{percentile(cpu, 50) * 1000:.2f}",
        f"{percentile(wall, 50) * 1000:.2f}",
        f"{percentile(wall, 99) * 1000:.2f}",
        f"{min(statements)}–{max(statements)}" if min(statements) != max(statements) else str(statements[0]),
    ]


def run(args, database_url: str | None, engine: str) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="safereport-intake-cost-", dir="/tmp"))
    try:
        configure(data_dir, database_url)
        runner = Runner()
        paths = [("`intake.actions.submit_report`", runner.action())]
        if not args.skip_api:
            paths.append(("`POST /api/v1/reports` (Django test client, in-process)", runner.api()))
        rows, profiles, statements = [], [], []
        for label, function in paths:
            profiler = cProfile.Profile() if args.profile else None
            result = runner.measure(function, args.runs, args.warmup, profiler)
            rows.append(row(label, result))
            statements.append((label, result["last_queries"]))
            if profiler is not None:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.profile)
                profiles.append((label, out.getvalue()))
        from safereport.audit.log import verify

        audit = verify()
        header = ["Path", "runs", "CPU ms mean", "CPU ms p50", "wall ms p50", "wall ms p99", "SQL statements"]
        print(f"### {engine}\n")
        print(machine.table([header, *rows]) + "\n")
        print(f"Audit chain after the run: {'intact' if audit.ok else 'BROKEN'} ({audit.entries} entries)\n")
        for label, queries in statements:
            print(f"Statements of the last {label}:\n")
            for number, query in enumerate(queries, 1):
                print(f"{number}. `{query['sql'][:110]}`")
            print()
        for label, text in profiles:
            print(f"cProfile of {label} ({args.sort}; the profiler's own overhead inflates every figure):\n")
            print("```\n" + text.strip() + "\n```\n")
        if not audit.ok:
            raise SystemExit("the audit chain did not verify")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    args = parse_args()
    load_before = machine.load_average()
    started = time.perf_counter()
    print("## Intake cost per submission\n")
    print(f"Command: `{machine.command_line()}`\n")
    if args.database_url:
        from bench.intake_throughput import throwaway_postgres

        with throwaway_postgres(args.database_url) as (url, version):
            run(args, url, f"PostgreSQL {version}")
    else:
        run(args, None, "SQLite")
    print(f"Load average (1/5/15 min) before / after: {load_before}  /  {machine.load_average()}; ", end="")
    print(f"wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
