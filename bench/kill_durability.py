"""Durability under faults: concurrent submissions through gunicorn, the whole server killed with SIGKILL part-way, restarted.

After each restart every submission answered 201 must open with its codename (`GET /api/v1/me`), no submission left
a half-stored record (the orphan queries in ORPHAN_QUERIES), and `safereport verify_audit` must pass, again after a
few more submissions. tests/test_kill_durability.py runs one kill per database; this script runs a bigger version
(default 500 acknowledged submissions, five kills) and prints submitted / acknowledged / found / orphans per database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import machine  # noqa: E402
from bench.intake_throughput import BODY, HOST, SEALED_PATH, Gunicorn, prepare_database, safereport, throwaway_postgres  # noqa: E402

# Each query names the rows a submission cut short would leave behind; every one must find none. A submission is
# one transaction (intake.actions.submit_report): a data key, its seal to the organisation, its codename wrap, the
# report, its consent row and its audit entry (the audit log is checked by `verify_audit`, not here).
ORPHAN_QUERIES = {
    "report without its data key": (
        "SELECT r.id FROM intake_report r WHERE NOT EXISTS (SELECT 1 FROM vault_datakey k WHERE k.id = r.data_key_id)"
    ),
    "report without its sealed data key": (
        "SELECT r.id FROM intake_report r WHERE NOT EXISTS (SELECT 1 FROM vault_sealeddatakey s WHERE s.data_key_id = r.data_key_id)"
    ),
    "report without its codename wrap": (
        "SELECT r.id FROM intake_report r WHERE NOT EXISTS (SELECT 1 FROM vault_codenamewrap w WHERE w.data_key_id = r.data_key_id)"
    ),
    "report without its sealed narrative": (
        "SELECT r.id FROM intake_report r WHERE r.narrative_sealed IS NULL OR length(r.narrative_sealed) = 0"
    ),
    "report without its consent row": (
        "SELECT r.id FROM intake_report r WHERE NOT EXISTS (SELECT 1 FROM intake_consent c WHERE c.report_id = r.id)"
    ),
    "data key without a report": (
        "SELECT k.id FROM vault_datakey k WHERE NOT EXISTS (SELECT 1 FROM intake_report r WHERE r.data_key_id = k.id)"
    ),
    "sealed data key without its data key": (
        "SELECT s.id FROM vault_sealeddatakey s WHERE NOT EXISTS (SELECT 1 FROM vault_datakey k WHERE k.id = s.data_key_id)"
    ),
    "codename wrap without its data key": (
        "SELECT w.id FROM vault_codenamewrap w WHERE NOT EXISTS (SELECT 1 FROM vault_datakey k WHERE k.id = w.data_key_id)"
    ),
    "codename wrap without a report": (
        "SELECT w.id FROM vault_codenamewrap w WHERE NOT EXISTS (SELECT 1 FROM intake_report r WHERE r.data_key_id = w.data_key_id)"
    ),
    "consent row without its report": (
        "SELECT c.id FROM intake_consent c WHERE NOT EXISTS (SELECT 1 FROM intake_report r WHERE r.id = c.report_id)"
    ),
}
# Every wrap's outer layer is under its epoch's key file (vault.epochs): a wrap whose file is gone cannot be opened.
WRAP_EPOCHS = "SELECT epoch_id FROM vault_sealeddatakey UNION SELECT epoch_id FROM vault_codenamewrap"
WRAP_WITHOUT_KEY_FILE = "wrap whose epoch key file is missing"
HEADERS = {"Content-Type": "application/json", "Accept": "application/json", "Connection": "close"}


class ProjectGunicorn(Gunicorn):
    """Gunicorn as `make run` starts it (the project's config, safereport.wsgi), in its own process group, killable."""

    @property
    def argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "safereport.wsgi",
            "-c",
            "python:safereport.gunicorn_conf",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--chdir",
            str(REPO),
        ]

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once (the process group), then wait until none is left."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while group_members(self.process.pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes of group {self.process.pid} outlived SIGKILL")
            time.sleep(0.05)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in a process group: after SIGKILL, workers must be gone as well as the master."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def server_env(data_dir: Path, database_url: str | None, testing: bool) -> dict:
    """The server's environment: only this run's data directory and database, nothing inherited from the caller's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEREPORT_", "DJANGO_")) and k not in {"DATABASE_URL", "PYTEST_VERSION"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="safereport.settings",
        SAFEREPORT_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
        # plain HTTP on loopback: no TLS proxy in front, so no HTTPS redirect or secure-only cookies
        SAFEREPORT_HTTPS="0",
        SAFEREPORT_SECURE_COOKIES="0",
    )
    if testing:
        env["SAFEREPORT_TESTING"] = "1"  # as the suite's other subprocess tests: fast password hashing
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@dataclass
class Load:
    """What the clients saw: every request sent, and what became of it."""

    submitted: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)  # reference -> codename, for every 201
    unanswered: int = 0  # sent, and the server died before answering
    # Answered 5xx: refused, so rolled back. Before the order of arrival came from a sequence on PostgreSQL
    # (intake.received_order), concurrent submissions collided on MAX() + 1 and some ran out of retries: counted, not hidden.
    refused: int = 0
    errors: list[str] = field(default_factory=list)  # anything else: a failure while the server was up, a non-201


def barrage(port: int, clients: int, kill_after: int, server: ProjectGunicorn | None, into: Load, delay: float = 0.0) -> None:
    """``clients`` threads submit reports one after another until ``kill_after`` more are acknowledged, then, ``delay``
    seconds later, the server is killed (``server=None``: no kill, the clients just stop) while others are in flight."""
    lock = threading.Lock()
    target = len(into.acknowledged) + kill_after
    reached, killing = threading.Event(), threading.Event()

    def client() -> None:
        while not killing.is_set() and not (server is None and reached.is_set()):
            with lock:
                into.submitted += 1
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            try:
                conn.request("POST", SEALED_PATH, body=BODY, headers=HEADERS)
                response = conn.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as failure:
                with lock:
                    if killing.is_set():
                        into.unanswered += 1
                    else:
                        into.errors.append(f"no answer while the server was up: {failure!r}")
                        reached.set()  # stop the round: something other than the kill went wrong
                continue
            finally:
                conn.close()
            with lock:
                if response.status == 201:
                    created = json.loads(answer)
                    into.acknowledged[created["reference"]] = created["codename"]
                    if len(into.acknowledged) >= target:
                        reached.set()
                elif response.status >= 500:
                    into.refused += 1
                else:
                    into.errors.append(f"POST {SEALED_PATH} answered {response.status}: {answer[:300]!r}")
                    reached.set()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    if not reached.wait(timeout=300):
        into.errors.append(f"fewer than {kill_after} submissions acknowledged within 300 s")
    if server is not None:
        time.sleep(delay)
        killing.set()
        server.kill()
    for thread in threads:
        thread.join(timeout=120)


def opens(port: int, reference: str, codename: str) -> bool:
    """The submission opens with its codename through the API, and it is the same report."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", "/api/v1/me", headers={"Authorization": f"Codename {codename}", "Accept": "application/json"})
        response = conn.getresponse()
        answer = response.read()
    finally:
        conn.close()
    return response.status == 200 and json.loads(answer)["reference"] == reference


def found(port: int, acknowledged: dict[str, str], clients: int) -> set[str]:
    """The acknowledged references that open, looked up from ``clients`` threads."""
    pending, opened, lock = list(acknowledged.items()), set(), threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if not pending:
                    return
                reference, codename = pending.pop()
            if opens(port, reference, codename):
                with lock:
                    opened.add(reference)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return opened


class Database:
    """Read-only SQL on the run's own database, SQLite file or PostgreSQL URL, outside the server."""

    def __init__(self, data_dir: Path, url: str | None):
        self.data_dir, self.url = data_dir, url

    def rows(self, query: str) -> list[tuple]:
        if self.url:
            import psycopg

            with psycopg.connect(self.url) as conn:
                return conn.execute(query).fetchall()  # type: ignore[arg-type]  # fixed queries, no parameters
        conn = sqlite3.connect(f"file:{self.data_dir / 'safereport.sqlite3'}?mode=ro", uri=True)
        try:
            return conn.execute(query).fetchall()
        finally:
            conn.close()

    def orphans(self) -> dict[str, int]:
        counts = {name: len(self.rows(query)) for name, query in ORPHAN_QUERIES.items()}
        key_dir = self.data_dir / "epoch-keys"
        epochs = {uuid.UUID(str(epoch_id)) for (epoch_id,) in self.rows(WRAP_EPOCHS)}
        counts[WRAP_WITHOUT_KEY_FILE] = sum(not (key_dir / f"{epoch}.key").is_file() for epoch in epochs)
        return counts

    def stored_reports(self) -> int:
        return self.rows("SELECT count(*) FROM intake_report")[0][0]


def verify_audit(env: dict) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "safereport.cli", "verify_audit"], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )
    # Its verdict is on stdout; stderr holds the system checks' hints, printed by every command.
    return done.returncode, (done.stdout if done.returncode == 0 else done.stdout + done.stderr).strip()


@dataclass
class Outcome:
    engine: str
    kills: int
    load: Load
    found: int = 0
    stored: int = 0
    orphans: dict[str, int] = field(default_factory=dict)
    audit: list[tuple[int, str]] = field(default_factory=list)  # verify_audit after the last restart, after more submissions
    after: Load = field(default_factory=Load)  # the submissions made after the last restart
    after_found: int = 0
    server_log: str = ""

    @property
    def orphan_total(self) -> int:
        return sum(self.orphans.values())


def run_engine(
    engine: str,
    database_url: str | None,
    data_dir: Path,
    *,
    kills: int,
    kill_after: int,
    clients: int,
    after: int,
    workers: int,
    threads: int,
    testing: bool,
    jitter: float = 0.0,
) -> Outcome:
    """``kills`` rounds of ``kill_after`` acknowledged submissions, each ending in a SIGKILL and a restart on the same
    data; then the checks, ``after`` more submissions, and the audit chain verified again. With ``jitter``, the kill
    comes up to that many seconds after the round's last acknowledgement, at a different moment each round."""
    env = server_env(data_dir, database_url, testing)
    prepare_database(env)
    db = Database(data_dir, database_url)
    outcome = Outcome(engine, kills, Load())
    server = ProjectGunicorn(env, workers, threads, data_dir / "gunicorn-0.log")
    try:
        for start in range(kills):
            # A signed checkpoint at every start, as `make run` takes: verify_audit then fails on a log cut short.
            safereport(env, "audit_checkpoint")
            server.log_path = data_dir / f"gunicorn-{start}.log"
            server.start()
            # Fixed, spread moments (not random), so a rerun kills at the same points of the round.
            barrage(server.port, clients, kill_after, server, outcome.load, delay=jitter * ((start * 0.618) % 1))
            print(
                f"  {engine}: killed after {len(outcome.load.acknowledged)} acknowledged of {outcome.load.submitted} sent",
                file=sys.stderr,
            )
            if outcome.load.errors:
                break
        safereport(env, "audit_checkpoint")
        server.log_path = data_dir / "gunicorn-restarted.log"
        server.start()
        outcome.found = len(found(server.port, outcome.load.acknowledged, clients))
        outcome.stored = db.stored_reports()
        outcome.orphans = db.orphans()
        outcome.audit.append(verify_audit(env))
        barrage(server.port, clients, after, None, outcome.after)
        outcome.after_found = len(found(server.port, outcome.after.acknowledged, clients))
        outcome.audit.append(verify_audit(env))
    finally:
        server.stop()
        outcome.server_log = "\n".join(log.read_text(errors="replace")[-2000:] for log in sorted(data_dir.glob("gunicorn-*.log")))
    return outcome


def figures_rows(outcomes: list[Outcome]) -> list[list]:
    header = [
        "Engine",
        "SIGKILLs",
        "Submitted",
        "Acknowledged (201)",
        "Unanswered (in flight at a kill)",
        "Refused (500)",
        "Stored",
        "Found (open with codename)",
        "Orphan rows",
        "Errors",
        "verify_audit after restart / after more",
    ]
    rows = [header]
    for o in outcomes:
        rows.append(
            [
                o.engine,
                o.kills,
                o.load.submitted,
                len(o.load.acknowledged),
                o.load.unanswered,
                o.load.refused + o.after.refused,
                o.stored,
                o.found,
                o.orphan_total,
                len(o.load.errors) + len(o.after.errors),
                " / ".join("ok" if code == 0 else "FAILED" for code, _ in o.audit),
            ]
        )
    return rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=500, help="acknowledged submissions in all (default 500)")
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs, evenly spaced (default 5)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--after", type=int, default=20, help="submissions after the last restart (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as `make run`)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4, as `make run`)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="also run on PostgreSQL: a throwaway database is created on this server and dropped afterwards "
        "(default: $DATABASE_URL; SQLite always runs)",
    )
    parser.add_argument(
        "--jitter", type=float, default=0.3, help="kill up to this many seconds after a round's last 201 (default 0.3)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data directories under /tmp")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a plain `kill` still runs every `finally`
    started, load_before = time.perf_counter(), machine.load_average()
    extra = {"gunicorn config": f"{args.workers} workers x {args.threads} threads (gthread), -c python:safereport.gunicorn_conf"}
    plan = [("SQLite", None)] + ([("PostgreSQL", args.database_url)] if args.database_url else [])
    outcomes = []
    for engine, url in plan:
        data_dir = Path(tempfile.mkdtemp(prefix="safereport-kill-", dir="/tmp"))
        try:
            options = dict(
                kills=args.kills,
                kill_after=max(1, args.submissions // args.kills),
                clients=args.clients,
                after=args.after,
                workers=args.workers,
                threads=args.threads,
                testing=False,  # production settings
                jitter=args.jitter,
            )
            if url:
                with throwaway_postgres(url) as (throwaway, version):
                    extra["PostgreSQL"] = version
                    outcomes.append(run_engine(engine, throwaway, data_dir, **options))
            else:
                outcomes.append(run_engine(engine, None, data_dir, **options))
        finally:
            if not args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)

    extra["Load average (1/5/15 min) before / after"] = f"{load_before}  /  {machine.load_average()}"
    print("## Durability under faults\n")
    print(f"Command: `{machine.command_line()}`\n")
    print(machine.markdown(extra) + "\n")
    print(machine.table(figures_rows(outcomes)) + "\n")
    for o in outcomes:
        kinds = ", ".join(f"{name} {n}" for name, n in o.orphans.items())
        print(f"- {o.engine}: orphan queries: {kinds}")
        print(f"- {o.engine}: after the last restart {len(o.after.acknowledged)} more acknowledged, {o.after_found} found")
        for code, text in o.audit:
            print(f"- {o.engine}: `safereport verify_audit` (exit {code}): {text.splitlines()[-1] if text else ''}")
        for error in o.load.errors + o.after.errors:
            print(f"- {o.engine}: ERROR {error}")
    print(f"\nWall time: {time.perf_counter() - started:.0f} s")
    broken = [o for o in outcomes if o.found != len(o.load.acknowledged) or o.orphan_total or any(c for c, _ in o.audit)]
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
