"""The queue and the case page at scale: server time and SQL queries per page with N sealed reports.

    PYTHONPATH=$PWD .venv/bin/python bench/staff_pages_scale.py --reports 1000000 --reuse

fills a PostgreSQL database (default `sr_scale` on the local server) with `safereport seed_demo`
and `safereport seed --reports N` (synthetic reports sealed like real ones), signs a demo advocate in
through the real sign-in pages, and times each page in-process with Django's test client: the
time from request to rendered response (the view, its queries and the template), as the server
spends it, without the network. `--reuse` keeps a database that already holds N reports.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/sr_scale"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=20_000, help="reports in the database (default 20,000)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help=f"default {DEFAULT_DATABASE}")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already holds --reports reports")
    parser.add_argument("--rounds", type=int, default=30, help="requests timed per page (default 30)")
    return parser.parse_args()


def configure(database_url: str, data_dir: Path) -> None:
    for name in ("PYTEST_VERSION", "SAFEREPORT_TESTING", "SAFEREPORT_DEBUG"):
        os.environ.pop(name, None)
    os.environ["DATABASE_URL"] = database_url
    os.environ["SAFEREPORT_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safereport.settings"
    import django

    django.setup()


def ensure_database(database_url: str) -> None:
    """Create the benchmark database on the server if it does not exist (PostgreSQL only)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def fill(reports: int, reuse: bool) -> float:
    from django.core.management import call_command

    from safereport.intake.models import Report

    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed at exit)
    missing = reports - Report.objects.count()
    started = time.perf_counter()
    if missing > 0:
        call_command("seed", "--reports", str(missing), "--batch", "5000", "--random-seed", "1")
    with_connection_analyze()
    return time.perf_counter() - started


def with_connection_analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table at rest: fresh statistics and visibility map


def signed_in_client(email: str):
    from django.test import Client

    from bench.staff_sign_in import sign_in

    # The test client opens no socket: a host ALLOWED_HOSTS admits, over HTTPS through the proxy, as production serves it.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", **{"wsgi.url_scheme": "https"})
    sign_in(client, email)
    return client


def timed(client, url: str, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], set()
    client.get(url)  # warm: the first request in a process loads what later ones share
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries.add(len(captured.captured_queries))
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "max": times[-1],
        "queries": "/".join(str(q) for q in sorted(queries)),
    }


def main() -> None:
    args = parse_args()
    from bench import machine

    load_before = machine.load_average()
    data_dir = Path(tempfile.mkdtemp(prefix="safereport-scale-bench-", dir="/tmp"))
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    configure(args.database_url, data_dir)
    seconds = fill(args.reports, args.reuse)

    from safereport.intake.models import Report

    total = Report.objects.count()
    client = signed_in_client("advocate@northside.example")
    advocate_org = Report.objects.filter(organisation__slug="northside-support")
    open_count = advocate_org.exclude(status=Report.Status.CLOSED).count()
    rng = random.Random(2)
    sample = list(advocate_org.order_by("-received_order").values_list("reference", flat=True)[:2000])
    closed = advocate_org.filter(status=Report.Status.CLOSED).order_by("received_order").values_list("reference", flat=True)[:1]
    pages = [
        ("Queue, default (open cases, newest first)", "/en/staff/"),
        ("Queue, page 50", "/en/staff/?page=50"),
        ("Queue, domestic abuse in Arabic, oldest first", "/en/staff/?crime_type=domestic_abuse&language=ar&sort=oldest"),
        ("Queue, unassigned, wants an interpreter", "/en/staff/?assignee=unassigned&wants=interpreter"),
        ("Queue, overdue", "/en/staff/?overdue=1"),
        ("Queue, a closed case found by reference", f"/en/staff/?reference={closed[0]}"),
    ]
    rows = []
    for label, url in pages:
        figures = timed(client, url, args.rounds)
        rows.append(
            (
                label,
                f"`{url[:60]}`",
                f"{figures['p50']:.1f}",
                f"{figures['p95']:.1f}",
                f"{figures['max']:.1f}",
                figures["queries"],
            )
        )
    case_times, case_queries = [], set()
    # The first case page in a process trains the redaction model (seconds, once) and loads the PDF
    # library: warmed on a case outside the sample. `timed` opens each sampled case once untimed (the
    # first opening signs and seals its receipt), then times an advocate coming back to it.
    warm, *sample = sample
    client.get(f"/en/staff/cases/{warm}/")
    for reference in rng.sample(sample, min(args.rounds, len(sample))):
        figures = timed(client, f"/en/staff/cases/{reference}/", 1)
        case_times.append(figures["p50"])
        case_queries.add(figures["queries"])
    case_times.sort()
    rows.append(
        (
            f"Case page, {len(case_times)} different cases",
            "`/en/staff/cases/<reference>/`",
            f"{statistics.median(case_times):.1f}",
            f"{case_times[min(len(case_times) - 1, int(len(case_times) * 0.95))]:.1f}",
            f"{case_times[-1]:.1f}",
            "/".join(sorted(case_queries)),
        )
    )
    from django.db import connection

    print("## Staff pages at scale\n")
    print(f"Command: `{machine.command_line()}`\n")
    print(
        machine.markdown(
            {
                "Database": f"{connection.vendor} `{args.database_url.rsplit('/', 1)[1]}`",
                "Reports": f"{total:,} ({open_count:,} open in the advocate's organisation)",
                "Seeding (this run)": f"{seconds:.0f} s" if seconds > 1 else "reused",
                "Load average (1/5/15 min) before / after": f"{load_before}  /  {machine.load_average()}",
            }
        )
    )
    print()
    print(machine.table([("Page", "URL", "p50 ms", "p95 ms", "max ms", "SQL queries"), *rows]))


if __name__ == "__main__":
    main()
