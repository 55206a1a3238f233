"""The shared limiter: windows per key, lapsed rows dropped, one hourly key for every process, proxy settings checked."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from safereport.ratelimit import clock, counters, rotating_key
from safereport.ratelimit.counters import Limit
from safereport.ratelimit.models import Counter

START = (1_800_000_000 // rotating_key.ROTATION_SECONDS) * rotating_key.ROTATION_SECONDS + 1
FIVE_A_MINUTE = Limit("test", failures=5, seconds=60)


@pytest.fixture
def at(monkeypatch):
    """`at(seconds)` moves the limiter's clock to START + seconds."""
    moment = [START]
    monkeypatch.setattr(clock, "now", lambda: moment[0])

    def move(seconds):
        moment[0] = START + seconds

    return move


def test_a_key_is_refused_after_its_allowance_until_its_own_window_ends(db, at):
    at(0)
    for _ in range(FIVE_A_MINUTE.failures - 1):
        counters.note_failure(FIVE_A_MINUTE.on("alice"))
    assert counters.wait_seconds(FIVE_A_MINUTE.on("alice")) == 0
    counters.note_failure(FIVE_A_MINUTE.on("alice"))
    assert counters.wait_seconds(FIVE_A_MINUTE.on("alice")) == 60
    assert counters.reached(FIVE_A_MINUTE.on("alice"))
    at(45)
    assert counters.wait_seconds(FIVE_A_MINUTE.on("alice")) == 15
    assert counters.wait_seconds(FIVE_A_MINUTE.on("bob")) == 0
    at(60)
    assert counters.wait_seconds(FIVE_A_MINUTE.on("alice")) == 0
    counters.note_failure(FIVE_A_MINUTE.on("alice"))  # a fresh window, counted from one again
    assert Counter.objects.get(key=FIVE_A_MINUTE.on("alice").key).failures == 1


def test_the_same_parts_under_another_limit_are_another_count(db, at):
    at(0)
    other = Limit("other", failures=1, seconds=60)
    counters.note_failure(other.on("alice"))
    assert counters.wait_seconds(other.on("alice")) > 0
    assert counters.wait_seconds(FIVE_A_MINUTE.on("alice")) == 0


def test_lapsed_rows_are_deleted_when_a_new_row_is_made(db, at):
    at(0)
    counters.note_failure(FIVE_A_MINUTE.on("alice"))
    at(61)
    counters.note_failure(FIVE_A_MINUTE.on("bob"))
    assert list(Counter.objects.values_list("key", flat=True)) == [FIVE_A_MINUTE.on("bob").key]


def test_every_process_reads_the_same_hourly_key_and_earlier_hours_are_deleted(settings, tmp_path, monkeypatch, at):
    settings.RATELIMIT_KEY_DIR = tmp_path / "keys"
    at(0)
    monkeypatch.setattr(rotating_key, "_current", None)
    first = rotating_key.current()
    monkeypatch.setattr(rotating_key, "_current", None)  # another process: nothing in its memory yet
    assert rotating_key.current() == first
    assert oct((tmp_path / "keys").stat().st_mode & 0o777) == "0o700"
    (key_file,) = (tmp_path / "keys").glob("*.key")
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    at(rotating_key.ROTATION_SECONDS)
    assert rotating_key.current() != first
    assert len(list((tmp_path / "keys").glob("*.key"))) == 1 and not key_file.exists()


@pytest.mark.parametrize("value", ["proxy.example", "10.0.0.1,not-an-address", "300.1.1.1"])
def test_a_trusted_proxy_that_is_not_an_address_fails_the_checks(db, settings, value):
    settings.TRUSTED_PROXY = value
    with pytest.raises(SystemCheckError, match="SAFEREPORT_TRUSTED_PROXY"):
        call_command("check")


def test_trusted_proxy_addresses_and_networks_pass_the_checks(db, settings):
    settings.TRUSTED_PROXY = "127.0.0.1, 10.0.0.0/8, ::1"
    call_command("check")
