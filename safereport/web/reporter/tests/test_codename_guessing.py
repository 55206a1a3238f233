"""Codename guessing: counted per client across every worker, and never a way to refuse the real reporter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from safereport.intake import throttle
from safereport.intake.models import Report
from safereport.intake.throttle import PER_CLIENT

REPO = Path(__file__).resolve().parents[3]
WRONG = {"Authorization": "Codename wrong words here"}


def me(client, codename, **extra):
    return client.get("/api/v1/me", headers={"Authorization": f"Codename {codename}"}, **extra)


def test_guessing_from_dozens_of_clients_never_refuses_the_owner_from_another(world, make_report):
    """Over 2,000 wrong guesses from 41 clients in one window: past any brake across clients."""
    report, codename = make_report()
    for n in range(41):
        for _ in range(PER_CLIENT - 1):
            throttle.note_failed_codename(f"guesser-{n}")
    owner = Client(REMOTE_ADDR="127.0.2.1")
    assert me(owner, codename).status_code == 200
    page = owner.post("/en/return/", {"codename": codename})
    assert page.status_code == 302 and page["Location"].endswith("/my-report/")
    assert owner.post("/en/my-report/erase/", {"confirm": "on"}).status_code in (200, 302)
    assert Report.objects.get(pk=report.pk).erasure_due_on is not None


def test_guesses_from_the_reporters_own_address_never_keep_the_right_codename_out(world, make_report):
    """An abuser on the same Wi-Fi guessing past the limit: their wrong guesses are refused, the reporter is not."""
    _report, codename = make_report()
    shared = Client(REMOTE_ADDR="198.51.100.40")
    for _ in range(PER_CLIENT):
        shared.post("/en/return/", {"codename": "wrong words"})
    assert shared.post("/en/return/", {"codename": "wrong words"}).status_code == 429
    assert shared.get("/api/v1/me", headers=WRONG).status_code == 429
    reporter = Client(REMOTE_ADDR="198.51.100.40")
    page = reporter.post("/en/return/", {"codename": codename})
    assert page.status_code == 302 and page["Location"].endswith("/my-report/")
    assert me(reporter, codename).status_code == 200


@pytest.mark.parametrize("path", ["web", "api"])
def test_clients_behind_the_trusted_proxy_are_counted_apart(world, settings, make_report, path):
    settings.TRUSTED_PROXY = "10.0.0.1"
    _report, codename = make_report()
    guesser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    owner = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    for _ in range(PER_CLIENT):
        if path == "web":
            guesser.post("/en/return/", {"codename": "wrong words"})
        else:
            guesser.get("/api/v1/me", headers=WRONG)
    assert guesser.get("/api/v1/me", headers=WRONG).status_code == 429
    assert guesser.post("/en/return/", {"codename": "wrong words"}).status_code == 429
    assert me(owner, codename).status_code == 200
    assert owner.post("/en/return/", {"codename": codename}).status_code == 302


def test_a_forwarded_header_from_anyone_but_the_trusted_proxy_is_ignored(world, settings):
    """Inventing X-Forwarded-For buys no fresh allowance."""
    settings.TRUSTED_PROXY = "10.0.0.1"
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(PER_CLIENT):
        client.get("/api/v1/me", headers=WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert client.get("/api/v1/me", headers=WRONG, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_client(world, settings, make_report):
    settings.TRUSTED_PROXY = "10.0.0.0/8"
    _report, codename = make_report()
    for _ in range(PER_CLIENT):
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.2.0.9").get("/api/v1/me", headers=WRONG)
    # The guesser is refused even if it prepends a made-up address; its neighbour is not.
    spoofed = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7, 10.2.0.9")
    assert spoofed.get("/api/v1/me", headers=WRONG).status_code == 429
    assert me(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8, 10.2.0.9"), codename).status_code == 200


def test_ipv6_guesses_are_counted_per_64_so_a_subnet_is_one_client(world, make_report):
    _report, codename = make_report()
    for n in range(PER_CLIENT):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}").get("/api/v1/me", headers=WRONG)
    assert Client(REMOTE_ADDR="2001:db8:1:2:ffff::1").get("/api/v1/me", headers=WRONG).status_code == 429
    assert me(Client(REMOTE_ADDR="2001:db8:1:3::1"), codename).status_code == 200


def _stored_bytes(tmp_dir: Path) -> bytes:
    with connection.cursor() as cursor:
        rows = []
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # table names come from the schema itself
            rows += [repr(row) for row in cursor.fetchall()]
    return "\n".join(rows).encode() + b"".join(p.read_bytes() for p in tmp_dir.rglob("*") if p.is_file())


def test_no_address_is_stored_and_the_digests_change_with_the_hourly_key(world, settings, tmp_path, monkeypatch):
    from safereport.ratelimit import clock, rotating_key
    from safereport.ratelimit.models import Counter

    settings.RATELIMIT_KEY_DIR = tmp_path
    monkeypatch.setattr(rotating_key, "_current", None)
    address = "203.0.113.77"
    for _ in range(3):
        Client(REMOTE_ADDR=address).get("/api/v1/me", headers=WRONG)
    stored = _stored_bytes(tmp_path)
    assert address.encode() not in stored and bytes(map(int, address.split("."))) not in stored
    first_hour = set(Counter.objects.values_list("key", flat=True))
    assert len(first_hour) == 1 and list(tmp_path.glob("*.key"))

    later = clock.now() + rotating_key.ROTATION_SECONDS
    monkeypatch.setattr(clock, "now", lambda: later)
    Client(REMOTE_ADDR=address).get("/api/v1/me", headers=WRONG)
    assert set(Counter.objects.values_list("key", flat=True)).isdisjoint(first_hour)
    # The earlier hour's key is gone: nothing can link its digests to an address any more.
    assert [p.name for p in tmp_path.glob("*.key")] == [f"{int(later // rotating_key.ROTATION_SECONDS)}.key"]


GUESSER = """
import os, sys
import django
django.setup()
from django.test import Client
from safereport.ratelimit import clock
clock.now = lambda: 1_800_000_001.0  # both processes in one window and one key hour
client = Client(HTTP_HOST="localhost", REMOTE_ADDR="198.51.100.40")
answers = [client.get("/api/v1/me", headers={"Authorization": "Codename wrong words here"}).status_code
           for _ in range(int(sys.argv[1]))]
print(" ".join(map(str, answers)))
"""


def test_the_codename_limit_holds_across_worker_processes(tmp_path):
    """Two processes sharing a database (as two gunicorn workers do) count one allowance, not two."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAFEREPORT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="safereport.settings", SAFEREPORT_TESTING="1")
    subprocess.run([sys.executable, "-m", "safereport.cli", "migrate", "-v", "0"], env=env, cwd=REPO, check=True)

    def guesses(count: int) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", GUESSER, str(count)], env=env, cwd=REPO, check=True, capture_output=True, text=True
        )
        return done.stdout.split()

    half = PER_CLIENT // 2
    assert guesses(half) == ["401"] * half
    assert guesses(PER_CLIENT - half + 1) == ["401"] * (PER_CLIENT - half) + ["429"]


def test_a_refused_codename_is_never_written_back_into_the_page(client, make_report):
    _report, codename = make_report()
    near_miss = codename[:-1] + ("a" if codename[-1] != "a" else "b")
    page = client.post("/en/return/", {"codename": near_miss})
    html = page.content.decode()
    assert "We could not find a report with that codename" in html and near_miss not in html
    for _ in range(PER_CLIENT):
        client.post("/en/return/", {"codename": near_miss})
    throttled = client.post("/en/return/", {"codename": near_miss})
    assert throttled.status_code == 429 and near_miss not in throttled.content.decode()


def test_leaving_makes_a_codename_post_kept_in_history_unsendable(make_report):
    from django.test import Client

    _report, codename = make_report()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/en/return/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert browser.post("/en/return/", {"codename": codename, "csrfmiddlewaretoken": token}).status_code == 302
    leave_token = (
        browser.get("/en/my-report/").content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    )
    assert browser.post("/en/my-report/leave/", {"csrfmiddlewaretoken": leave_token}).status_code == 302
    resent = browser.post("/en/return/", {"codename": codename, "csrfmiddlewaretoken": token})  # Back, then Resubmit
    assert resent.status_code == 403
