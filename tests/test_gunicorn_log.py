"""Gunicorn, run with SafeReport's configuration, writes no IP address in any log line (rule 8)."""

import ipaddress
import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safereport.log_hygiene import ADDRESS_PLACEHOLDER, AddressesRemoved, without_addresses

ROOT = Path(__file__).resolve().parent.parent
DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _exchange(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(payload)
        return connection.recv(4096)


def _wait_until_listening(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited early: {server.communicate()[1]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start listening")


@pytest.fixture
def server_log(tmp_path):
    """Start gunicorn as `make run` does (plus an access log and info level, to catch more), and
    yield a function that stops it and returns everything it wrote."""
    port = _free_loopback_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAFEREPORT_DATA_DIR=str(tmp_path / "var"))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "safereport.wsgi",
            "-c",
            "python:safereport.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "info",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_listening(server, port)

        def stop() -> str:
            server.terminate()
            out, err = server.communicate(timeout=30)
            return out + err

        yield port, stop
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def test_malformed_request_line_is_logged_without_the_client_address(server_log):
    port, stop = server_log
    assert _exchange(port, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 400")
    served = _exchange(port, b"GET /static/safereport/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert served.startswith(b"HTTP/1.1 200")
    log = stop()
    assert "Invalid request: Invalid HTTP request line" in log  # the line was written, without its address
    assert "127.0.0.1" not in log and DOTTED_QUAD.findall(log) == []
    assert "site.css" not in log  # no access log, even when one is asked for


@pytest.mark.parametrize("address", ["127.0.0.1", "203.0.113.9", "::1", "2001:db8::42", "fe80::1%eth0", "::ffff:198.51.100.7"])
def test_every_form_of_address_is_removed_from_a_gunicorn_message(address):
    record = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "Invalid request from ip={ip}: {error}".format(ip=address, error="Invalid HTTP request line: 'x'"),
        (),
        None,
    )
    assert AddressesRemoved().filter(record)
    text = logging.Formatter().format(record)
    assert address not in text and text.startswith(f"Invalid request from ip={ADDRESS_PLACEHOLDER}:")
    for token in re.split(r"[\s=']+", text):
        with pytest.raises(ValueError):
            ipaddress.ip_address(token.rstrip(":"))


def test_address_removal_leaves_times_versions_and_words_alone():
    text = "Booting worker 12:30:45 version 27.0.1 Class::method deadbeef"
    assert without_addresses(text) == text


def test_addresses_in_an_exception_traceback_are_removed_too():
    try:
        raise ConnectionError("reset by 192.0.2.44")
    except ConnectionError:
        record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, "Error handling request", (), sys.exc_info())
    AddressesRemoved().filter(record)
    assert "192.0.2.44" not in logging.Formatter().format(record)


def test_make_run_serves_through_the_address_free_configuration():
    serve = [line for line in (ROOT / "Makefile").read_text().splitlines() if "bin/gunicorn" in line]
    assert serve and all("-c python:safereport.gunicorn_conf" in line for line in serve)


def test_djangos_own_log_lines_lose_addresses_too():
    # Django logs the Host header of a refused request, which may be an address.
    record = logging.LogRecord(
        "django.security.DisallowedHost", logging.ERROR, __file__, 1, "Invalid HTTP_HOST header: %r.", ("203.0.113.5",), None
    )
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert console.filter(record)
    assert "203.0.113.5" not in console.format(record)


def test_a_malformed_request_leaves_no_path_reference_or_time_of_day_in_the_error_log(server_log):
    port, stop = server_log
    raw = "GET /en/staff/cases/SR-Q3GH-5R3F/immigration-advice/?q=pasaporte_ñ HTTP/1.1\r\nHost: a\r\n\r\n"
    assert _exchange(port, raw.encode()).startswith(b"HTTP/1.1 400")
    assert _exchange(port, b"GET /es/my-report/ HTTP/1.1 x\r\nHost: a\r\n\r\n").startswith(b"HTTP/1.1 400")
    log = stop()
    assert "Invalid request:" in log
    assert "SR-Q3GH" not in log and "immigration" not in log and "my-report" not in log and "pasaporte" not in log
    assert not re.search(r"\d{2}:\d{2}:\d{2}", log), log  # gunicorn's own lines carry no time of day either


def test_a_failed_requests_path_is_withheld_from_the_error_log():
    from safereport.log_hygiene import RequestLinesWithheld

    record = logging.LogRecord(
        "gunicorn.error", logging.ERROR, __file__, 1, "Error handling request %s", ("/en/staff/cases/SR-AB12-CD34/",), None
    )
    assert RequestLinesWithheld().filter(record)
    assert "SR-AB12" not in record.getMessage() and "Error handling request" in record.getMessage()
