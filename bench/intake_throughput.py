"""Report submissions per second and latency through gunicorn: sealed POST /api/v1/reports against a plain baseline."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import machine  # noqa: E402
from bench.figures import ms, percentile  # noqa: E402

HOST = "127.0.0.1"  # the benchmark never sends traffic anywhere else
SEALED_PATH = "/api/v1/reports"
BASELINE_PATH = "/bench/baseline"
SUPERVISOR = "bench-supervisor@bench.invalid"

_STORY = (
    "On the evening of the fourteenth I was walking home from my shift at the warehouse when two men "
    "followed me from the bus stop. One of them pushed me against the wall near the launderette and took "
    "my bag and my phone. He said that if I went to the police they would find out about my papers and I "
    "would be sent away. My arm was bruised and my wrist still hurts when I lift boxes at work. I have "
    "seen the taller one again near the market on Saturdays. I am afraid to go there now and I do not "
    "know who else he has done this to. I would like to talk to someone who can help me understand my options. "
)
# 600 characters: a typical first account, the same figure the vault micro-benchmark seals.
NARRATIVE = (_STORY * 2)[:599].rstrip().ljust(599, ".") + "."

PAYLOAD = {
    "crime_type": "assault",
    "narrative": NARRATIVE,
    "language": "en",
    "occurred_on": "2025-06-14",
    "area": "north",
    "wants": ["advocate", "interpreter"],
    "interpreter_language": "Tigrinya",
    "contact": {"name": "A. Reporter", "phone": "+44 7700 900123", "email": "reporter@example.org"},
    "consent": {"police": {"share_contact": False, "share_narrative": True}},
}
BODY = json.dumps(PAYLOAD).encode()
HEADERS = {"Content-Type": "application/json", "Accept": "application/json", "Connection": "keep-alive"}


@dataclass
class Measurement:
    """Every response of one endpoint, gathered over all rounds."""

    endpoint: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: int = 0  # connection errors, no response at all
    elapsed: float = 0.0
    client_cpu: float = 0.0

    @property
    def ok(self) -> int:
        return self.statuses[201]

    @property
    def errors(self) -> int:
        return self.failures + sum(n for status, n in self.statuses.items() if status != 201)

    @property
    def per_second(self) -> float:
        return self.ok / self.elapsed if self.elapsed else float("nan")

    def p(self, pct: float) -> float:
        return percentile(self.latencies, pct)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fire(port: int, path: str, requests: int, concurrency: int, seconds: float, into: Measurement | None = None) -> Measurement:
    """Send ``requests`` POSTs from ``concurrency`` keep-alive connections, stopping early after ``seconds``."""
    result = into or Measurement(path)
    lock = threading.Lock()
    issued = [0]
    ready = threading.Barrier(concurrency + 1)

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        latencies, statuses, failures = [], Counter(), 0
        ready.wait()
        deadline = time.perf_counter() + seconds
        try:
            while True:
                with lock:
                    # The time cap keeps a run bounded on a slow or busy machine; the table shows the count reached.
                    if issued[0] >= requests or time.perf_counter() > deadline:
                        break
                    issued[0] += 1
                start = time.perf_counter()
                try:
                    conn.request("POST", path, body=BODY, headers=HEADERS)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    conn.close()  # http.client reconnects on the next request
                    failures += 1
                    continue
                latencies.append(time.perf_counter() - start)
                statuses[response.status] += 1
        finally:
            conn.close()
            with lock:
                result.latencies.extend(latencies)
                result.statuses.update(statuses)
                result.failures += failures

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    cpu_before = time.process_time()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    result.elapsed += time.perf_counter() - start
    result.client_cpu += time.process_time() - cpu_before
    return result


class Gunicorn:
    """A gunicorn serving bench.settings on 127.0.0.1; always stopped, with its whole process group."""

    def __init__(self, env: dict, workers: int, threads: int, log_path: Path):
        self.env, self.workers, self.threads, self.log_path = env, workers, threads, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "safereport.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--chdir",
            str(REPO),
            "--log-level",
            "warning",
        ]

    def start(self) -> None:
        log = self.log_path.open("wb")
        # A session of its own, so stopping it stops the master and every worker, and nothing else.
        self.process = subprocess.Popen(self.argv, env=self.env, cwd=REPO, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/api/v1/crime-types")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()


def server_env(data_dir: Path, database_url: str | None, sqlite_wal: bool = False) -> dict:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "PYTEST_VERSION", "SAFEREPORT_TESTING", "SAFEREPORT_DEBUG", "SAFEREPORT_BENCH_SQLITE_WAL"):
        env.pop(name, None)  # production configuration: no test-mode hashers, no debug
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SAFEREPORT_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
        # plain HTTP on loopback: no TLS proxy in front, so no HTTPS redirect or secure-only cookies
        SAFEREPORT_HTTPS="0",
        SAFEREPORT_SECURE_COOKIES="0",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if sqlite_wal:
        env["SAFEREPORT_BENCH_SQLITE_WAL"] = "1"
    return env


def safereport(env: dict, *args: str, password: str | None = None) -> str:
    extra = {"SAFEREPORT_PASSWORD": password} if password else {}
    done = subprocess.run(
        [sys.executable, "-m", "safereport.cli", *args], env={**env, **extra}, cwd=REPO, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"safereport {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database(env: dict) -> None:
    """A fresh schema and one support organisation with a key pair, made by the operator command."""
    safereport(env, "migrate", "--noinput", "-v", "0")
    # Its output holds the recovery words of a throwaway organisation: captured, never printed.
    safereport(
        env,
        "create_organisation",
        "Bench Support",
        "--kind",
        "support",
        "--supervisor",
        SUPERVISOR,
        "--areas",
        "north,south,east,west,centre",
        "--receives-unrouted",
        password=secrets.token_urlsafe(24),
    )


@contextmanager
def throwaway_postgres(url: str):
    """A new database on the server named by ``url``, dropped afterwards: the given database is never touched."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = f"safereport_bench_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), version
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def check_endpoints(port: int) -> None:
    """Fail loudly, before timing anything, if either endpoint does not store the submission."""
    for path in (BASELINE_PATH, SEALED_PATH):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request("POST", path, body=BODY, headers=HEADERS)
        response = conn.getresponse()
        answer = response.read()
        conn.close()
        if response.status != 201:
            raise RuntimeError(f"POST {path} answered {response.status}: {answer[:500]!r}")
    if "codename" not in json.loads(answer):
        raise RuntimeError(f"POST {SEALED_PATH} gave no codename: {answer[:500]!r}")


def run_engine(engine: str, database_url: str | None, args) -> tuple[dict[str, Measurement], str]:
    data_dir = Path(tempfile.mkdtemp(prefix="safereport-bench-", dir="/tmp"))
    try:
        env = server_env(data_dir, database_url, sqlite_wal=args.sqlite_wal and not database_url)
        prepare_database(env)
        with Gunicorn(env, args.workers, args.threads, data_dir / "gunicorn.log") as server:
            check_endpoints(server.port)
            for path in (BASELINE_PATH, SEALED_PATH):
                fire(server.port, path, args.warmup, args.concurrency, seconds=args.max_seconds / 4)
            results = {path: Measurement(path) for path in (BASELINE_PATH, SEALED_PATH)}
            # Alternating rounds, so a drift of the machine (or a growing database) hits both endpoints alike.
            share, seconds = max(1, args.requests // args.rounds), args.max_seconds / args.rounds
            for _ in range(args.rounds):
                for path in (BASELINE_PATH, SEALED_PATH):
                    fire(server.port, path, share, args.concurrency, seconds, into=results[path])
                    print(f"  {engine} {path}: {len(results[path].latencies)} responses so far", file=sys.stderr)
        audit = safereport(env, "verify_audit").strip()
        return results, audit
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


def result_rows(engine: str, results: dict[str, Measurement]) -> list[list[str]]:
    rows = []
    for path, label in ((BASELINE_PATH, "baseline (plain JSON row)"), (SEALED_PATH, "sealed submission")):
        m = results[path]
        rows.append(
            [
                engine,
                f"{label} `POST {path}`",
                m.ok,
                m.errors,
                f"{m.per_second:.0f}",
                ms(m.p(50)),
                ms(m.p(90)),
                ms(m.p(99)),
                ms(max(m.latencies, default=float("nan"))),
                f"{m.client_cpu / m.elapsed:.0%}",
            ]
        )
    return rows


def ratio_row(engine: str, results: dict[str, Measurement]) -> list[str]:
    base, sealed = results[BASELINE_PATH], results[SEALED_PATH]
    return [
        engine,
        f"{sealed.per_second / base.per_second:.2f}",
        f"{base.per_second / sealed.per_second:.1f}x",
        f"{sealed.p(50) / base.p(50):.1f}x",
        f"{sealed.p(99) / base.p(99):.1f}x",
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per endpoint (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections in flight (default 8)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed requests per endpoint first (default 200)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating baseline/sealed rounds (default 2)")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=30,
        help="cap on measured time per endpoint and engine; warm-up gets a quarter (default 30)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: cores)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker, gthread (default 4, as `make run`)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="also run on PostgreSQL: a throwaway database is created on this server and dropped "
        "afterwards (default: $DATABASE_URL; SQLite always runs)",
    )
    parser.add_argument(
        "--sqlite-wal",
        action="store_true",
        help="experiment: run SQLite in WAL journal mode (production uses the default rollback journal)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data directory under /tmp")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    # A plain `kill` of the benchmark still runs every `finally`, so no gunicorn outlives it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = time.perf_counter(), machine.load_average()
    engines: list[tuple[str, dict[str, Measurement], str]] = []
    extra = {
        "gunicorn config": f"{args.workers} workers x {args.threads} threads (gthread), 127.0.0.1, "
        f"DJANGO_SETTINGS_MODULE=bench.settings, DEBUG off"
    }
    sqlite = "SQLite (WAL)" if args.sqlite_wal else "SQLite"
    results, audit = run_engine(sqlite, None, args)
    engines.append((sqlite, results, audit))
    if args.database_url:
        with throwaway_postgres(args.database_url) as (url, version):
            extra["PostgreSQL"] = version
            results, audit = run_engine("PostgreSQL", url, args)
            engines.append(("PostgreSQL", results, audit))

    extra["Load average (1/5/15 min) before / after"] = f"{load_before}  /  {machine.load_average()}"
    print("## Intake throughput\n")
    print(f"Command: `{machine.command_line()}`\n")
    print(machine.markdown(extra) + "\n")
    print(
        f"Load: up to {args.requests} measured requests (at most {args.max_seconds:.0f} s) per endpoint in "
        f"{args.rounds} alternating rounds, "
        f"{args.warmup} warm-up requests each, {args.concurrency} keep-alive connections from one Python "
        f"client on the same machine; body {len(BODY)} bytes (narrative {len(NARRATIVE)} characters).\n"
    )
    header = ["Engine", "Endpoint", "201s", "Errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "client CPU"]
    rows = [row for engine, results, _ in engines for row in result_rows(engine, results)]
    print(machine.table([header, *rows]) + "\n")
    ratio_header = [
        "Engine",
        "sealed / baseline throughput",
        "baseline is faster by",
        "p50 sealed / baseline",
        "p99 sealed / baseline",
    ]
    print(machine.table([ratio_header, *[ratio_row(engine, results) for engine, results, _ in engines]]) + "\n")
    for engine, _, audit in engines:
        print(f"- {engine}: `safereport verify_audit` after the run: {audit}")
    print(f"\nWall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
