"""Reporter page latency through gunicorn while sign-in attempts flood the server, with and without the bound on Argon2id."""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import machine  # noqa: E402
from bench.figures import ms, percentile  # noqa: E402
from bench.intake_throughput import HOST, Gunicorn, prepare_database, server_env  # noqa: E402

REPORTER_PATHS = ("/en/", "/en/return/")  # the start page and the codename page, as a reporter opens them
SIGN_IN_PATH = "/en/staff/sign-in/"
UNBOUNDED = 64  # more slots than gunicorn has threads: every sign-in derives at once, as before the bound


@dataclass
class Probe:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: int = 0


@dataclass
class Flood:
    statuses: Counter = field(default_factory=Counter)
    failures: int = 0
    elapsed: float = 0.0


def probe_reporter(port: int, seconds: float, result: Probe, stop: threading.Event) -> None:
    """One reporter loading one page after another, each on a new connection (a person reading a page for longer
    than gunicorn's 2 s keep-alive reconnects, and lands on whichever worker accepts): the latency they see."""
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline and not stop.is_set():
        path = REPORTER_PATHS[n % len(REPORTER_PATHS)]
        n += 1
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            result.failures += 1
            continue
        finally:
            conn.close()
        result.latencies.append(time.perf_counter() - start)
        result.statuses[response.status] += 1


def _csrf(conn: http.client.HTTPConnection) -> tuple[str, str]:
    conn.request("GET", SIGN_IN_PATH)
    response = conn.getresponse()
    page = response.read().decode()
    cookie = next(
        value.split(";")[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, token


def flood_sign_in(port: int, stop: threading.Event, result: Flood, lock: threading.Lock, seed: int) -> None:
    """Sign-in attempts as fast as answers come, each on a new connection (so they reach every worker), from another
    address behind the trusted proxy and for another unknown email: the worst case, where no per-client or
    per-account limit ever applies and every attempt that is let through derives a key."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    cookie, token = _csrf(conn)
    conn.close()
    while not stop.is_set():
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "email": f"guess{rng.randrange(10**9)}@bench.invalid",
                "password": f"guess-{rng.randrange(10**12)}",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Connection": "close",
            "X-Forwarded-For": f"198.18.{rng.randrange(256)}.{rng.randrange(1, 255)}",
        }
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            conn.request("POST", SIGN_IN_PATH, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            response = None
        finally:
            conn.close()
        with lock:
            if stop.is_set():  # answered after the measurement (or cut off when the server stopped): not counted
                return
            if response is None:
                result.failures += 1
            else:
                result.statuses[response.status] += 1


def run_scenario(env: dict, args, slots: int | None, flood_clients: int, log_path: Path):
    scenario_env = dict(env)
    if slots is not None:
        scenario_env["SAFEREPORT_CONCURRENT_DERIVATIONS"] = str(slots)
    probe, flood = Probe(), Flood()
    with Gunicorn(scenario_env, args.workers, args.threads, log_path) as server:
        warm = Probe()
        probe_reporter(server.port, 2, warm, threading.Event())  # templates and connections warmed, not timed
        stop, lock = threading.Event(), threading.Lock()
        flooders = [
            threading.Thread(target=flood_sign_in, args=(server.port, stop, flood, lock, n), daemon=True)
            for n in range(flood_clients)
        ]
        for thread in flooders:
            thread.start()
        time.sleep(args.ramp if flood_clients else 0)  # let the flood fill the server before measuring
        started = time.perf_counter()
        probe_reporter(server.port, args.seconds, probe, stop)
        flood.elapsed = time.perf_counter() - started + (args.ramp if flood_clients else 0)
        with lock:
            stop.set()
        # Attempts still deriving are not waited for: stopping the server ends them.
    return probe, flood


def row(label: str, slots: str, flood_clients: int, probe: Probe, flood: Flood) -> list[str]:
    derived = flood.statuses[200]  # a wrong password: the derivation ran
    refused = flood.statuses[429]  # turned away before deriving
    other = sum(n for status, n in flood.statuses.items() if status not in (200, 429)) + flood.failures
    per_second = (lambda n: f"{n / flood.elapsed:.1f}") if flood.elapsed else (lambda n: "—")
    not_ok = sum(n for status, n in probe.statuses.items() if status != 200) + probe.failures
    return [
        label,
        slots,
        str(flood_clients),
        str(len(probe.latencies)),
        str(not_ok),
        ms(percentile(probe.latencies, 50)),
        ms(percentile(probe.latencies, 90)),
        ms(percentile(probe.latencies, 99)),
        ms(max(probe.latencies, default=float("nan"))),
        per_second(derived) if flood_clients else "—",
        per_second(refused) if flood_clients else "—",
        str(other) if flood_clients else "—",
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per scenario and round (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of the three scenarios (default 2)")
    parser.add_argument("--ramp", type=float, default=3, help="seconds of flood before measuring (default 3)")
    parser.add_argument("--flood-clients", type=int, default=8, help="sign-in clients in the flood (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as `make run`)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4, as `make run`)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data directory under /tmp")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = time.perf_counter(), machine.load_average()
    data_dir = Path(tempfile.mkdtemp(prefix="safereport-bench-", dir="/tmp"))
    default_slots = max(1, (os.cpu_count() or 2) // 2)
    try:
        env = server_env(data_dir, None)
        # The flood arrives through a trusted proxy on loopback, each attempt naming another client address.
        env["SAFEREPORT_TRUSTED_PROXY"] = HOST
        env.pop("SAFEREPORT_KDF_PROFILE", None)  # the production cost: `moderate`, 256 MiB per derivation
        env.pop("SAFEREPORT_CONCURRENT_DERIVATIONS", None)
        prepare_database(env)
        scenarios = [
            ("no flood", None, 0, "—"),
            ("flood, derivations bounded (default)", None, args.flood_clients, str(default_slots)),
            ("flood, unbounded (as before the bound)", UNBOUNDED, args.flood_clients, f"{UNBOUNDED} (no bound)"),
        ]
        results = {label: (Probe(), Flood()) for label, *_ in scenarios}
        # Alternating rounds, so a change in the machine's load falls on every scenario alike.
        for round_number in range(args.rounds):
            for n, (label, slots, clients, _slots_label) in enumerate(scenarios):
                print(f"  round {round_number + 1}: {label} ...", file=sys.stderr)
                probe, flood = run_scenario(env, args, slots, clients, data_dir / f"gunicorn-{round_number}-{n}.log")
                total_probe, total_flood = results[label]
                total_probe.latencies += probe.latencies
                total_probe.statuses.update(probe.statuses)
                total_probe.failures += probe.failures
                total_flood.statuses.update(flood.statuses)
                total_flood.failures += flood.failures
                total_flood.elapsed += flood.elapsed
        rows = [row(label, slots_label, clients, *results[label]) for label, _slots, clients, slots_label in scenarios]
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    extra = {
        "gunicorn config": f"{args.workers} workers x {args.threads} threads (gthread), 127.0.0.1, "
        f"DJANGO_SETTINGS_MODULE=bench.settings, DEBUG off, SQLite",
        "Argon2id profile": "moderate (opslimit 3, 256 MiB), as production",
        "Load average (1/5/15 min) before / after": f"{load_before}  /  {machine.load_average()}",
    }
    print("## Reporter latency under a sign-in flood\n")
    print(f"Command: `{machine.command_line()}`\n")
    print(machine.markdown(extra) + "\n")
    print(
        f"Reporter: one client loading {' and '.join(REPORTER_PATHS)} in turn, a new connection per page, for "
        f"{args.seconds:.0f} s per scenario in each of {args.rounds} alternating rounds (a fresh gunicorn each time). "
        f"Flood: {args.flood_clients} clients posting sign-ins as fast as they are answered, a new connection each, "
        f"each for an unknown email from another address behind the trusted proxy, for {args.ramp:.0f} s before and "
        f"all through the measurement.\n"
    )
    header = [
        "Scenario",
        "Derivation slots",
        "Flood clients",
        "Reporter pages",
        "Reporter errors",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "Sign-ins derived /s",
        "Sign-ins refused 429 /s",
        "Sign-in errors",
    ]
    print(machine.table([header, *rows]) + "\n")
    print(f"Wall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
