"""What the benchmarks ran on: CPU, cores, memory and software versions, as markdown."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load_average() -> str:
    """1/5/15-minute load: on a shared machine, other work running beside the benchmark shows here."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # a missing optional package is reported, not fatal
        return "not installed"


def details(extra: dict[str, str] | None = None) -> dict[str, str]:
    import django

    found = {
        "CPU": _cpu_model(),
        "Cores (logical)": str(os.cpu_count()),
        "RAM": _memory_gib(),
        "Kernel": platform.release(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
        "gunicorn": _version("gunicorn"),
        "PyNaCl (bundles libsodium)": _version("PyNaCl"),
        "cryptography / OpenSSL": f"{_version('cryptography')} / {_openssl_version()}",
    }
    found.update(extra or {})
    return found


def _openssl_version() -> str:
    try:
        from cryptography.hazmat.backends.openssl.backend import backend

        return backend.openssl_version_text()
    except Exception:
        return "unknown"


def markdown(extra: dict[str, str] | None = None) -> str:
    rows = [("Machine", "Value"), *details(extra).items()]
    return table(rows)


def table(rows) -> str:
    """A markdown table; the first row is the header."""
    header, *body = [[str(cell) for cell in row] for row in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def command_line() -> str:
    return " ".join([".venv/bin/python", *sys.argv])
