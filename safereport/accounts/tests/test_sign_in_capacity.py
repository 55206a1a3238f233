"""Sign-in cannot deny reporting: Argon2id derivations are bounded per host, and the excess is 429 before deriving."""

import subprocess
import sys

import pytest
from django.test import Client

from safereport.vault import crypto, derivation_slots

SIGN_IN = "/en/staff/sign-in/"


@pytest.fixture
def one_slot(settings, tmp_path):
    settings.VAULT_CONCURRENT_DERIVATIONS = 1
    settings.VAULT_DERIVATION_SLOTS_DIR = tmp_path / "slots"
    return tmp_path / "slots"


@pytest.fixture
def derivations(monkeypatch):
    """Counts Argon2id derivations (the real one still runs)."""
    calls = []
    real = crypto.password_key

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(crypto, "password_key", counted)
    return calls


def test_a_sign_in_finding_every_slot_taken_is_429_without_deriving(world, one_slot, derivations):
    with derivation_slots.slot():  # another sign-in is deriving right now
        busy = Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password})
    assert busy.status_code == 429 and int(busy["Retry-After"]) > 0
    assert b"Try again in a few seconds" in busy.content
    assert derivations == []
    assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302
    assert derivations == [1]


def test_the_slots_are_shared_with_other_processes_on_the_host(world, one_slot, derivations):
    one_slot.mkdir(mode=0o700)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, os, sys\n"
                f"handle = os.open({str(one_slot / '0.lock')!r}, os.O_RDWR | os.O_CREAT, 0o600)\n"
                "fcntl.flock(handle, fcntl.LOCK_EX)\nprint('held', flush=True)\nsys.stdin.read()\n"
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password})
        assert busy.status_code == 429 and derivations == []
    finally:
        holder.communicate("", timeout=10)  # the holder exits; the kernel releases its lock
    assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302


def test_two_slots_admit_two_derivations_at_once(world, settings, one_slot):
    settings.VAULT_CONCURRENT_DERIVATIONS = 2
    with derivation_slots.slot():
        assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302
        with derivation_slots.slot():
            assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 429


def test_a_refused_sign_in_is_not_counted_as_a_wrong_password(world, one_slot):
    with derivation_slots.slot():
        for _ in range(20):
            Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": "not-the-password-at-all"})
    assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302


def test_the_owners_usual_browser_signs_in_while_strangers_hold_every_general_slot(
    world, one_slot, derivations, pass_second_factor
):
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert owner.post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302
    assert pass_second_factor(owner, world.north.advocate).status_code == 302
    owner.post("/en/staff/sign-out/")
    with derivation_slots.slot():  # the flood's derivation
        stranger = Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password})
        assert stranger.status_code == 429
        assert owner.post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302
        with derivation_slots.slot(reserved=True):  # and the reserved slot is taken too
            owner.post("/en/staff/sign-out/")
            assert owner.post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 429


def test_a_password_change_finding_every_slot_taken_is_429_and_changes_nothing(world, sign_in, client, one_slot):
    sign_in(world.north.advocate)
    with derivation_slots.slot(), derivation_slots.slot(reserved=True):
        busy = client.post("/en/staff/password/", {"old_password": world.password, "new_password": "a-fresh-long-password-9"})
    assert busy.status_code == 429 and b"Try again in a few seconds" in busy.content
    assert Client().post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 302
