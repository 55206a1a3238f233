"""Staff password guessing is slowed, never a lockout of the owner; look-alike spellings are one account."""

from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from safereport.accounts import sign_in_throttle
from safereport.accounts.actions import add_staff
from safereport.accounts.emails import normalise_email
from safereport.accounts.models import User
from safereport.ratelimit import clock, rotating_key

SIGN_IN = "/en/staff/sign-in/"
START = (1_800_000_000 // rotating_key.ROTATION_SECONDS) * rotating_key.ROTATION_SECONDS + 1


@pytest.fixture
def later(monkeypatch):
    """The limiter's clock, stopped at START; `later(seconds)` moves it on."""
    moment = [START]
    monkeypatch.setattr(clock, "now", lambda: moment[0])

    def move(seconds):
        moment[0] += seconds

    return move


def guess(email, address, password="not-the-password-at-all"):
    return Client(REMOTE_ADDR=address).post(SIGN_IN, {"email": email, "password": password})


def test_guessing_from_elsewhere_never_refuses_the_owner_in_their_own_browser(world, later, pass_second_factor):
    owner_email = world.north.advocate.email
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert owner.post(SIGN_IN, {"email": owner_email, "password": world.password}).status_code == 302
    assert pass_second_factor(owner, world.north.advocate).status_code == 302  # a full sign-in: the device cookie
    owner.post("/en/staff/sign-out/")
    for n in range(6):  # 60 wrong passwords from six addresses: past every per-account count
        for _ in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
            guess(owner_email, f"203.0.113.{n + 1}")
    again = owner.post(SIGN_IN, {"email": owner_email, "password": world.password})
    assert again.status_code == 302 and again["Location"].endswith("/en/staff/sign-in/code/")


def test_the_account_brake_only_delays_a_browser_it_has_not_seen(world, later):
    owner_email = world.north.advocate.email
    for n in range(2):
        for _ in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
            assert guess(owner_email, f"203.0.113.{n + 1}").status_code == 200
    assert guess(owner_email, "203.0.113.3").status_code == 429  # the brake is on: one try per 30 s
    owner = Client(REMOTE_ADDR="192.0.2.10")
    delayed = owner.post(SIGN_IN, {"email": owner_email, "password": world.password})
    assert delayed.status_code == 429 and 0 < int(delayed["Retry-After"]) <= sign_in_throttle.ACCOUNT_SPACING.seconds
    assert b"Too many attempts" in delayed.content
    later(int(delayed["Retry-After"]))
    assert owner.post(SIGN_IN, {"email": owner_email, "password": world.password}).status_code == 302
    # Other accounts never felt it.
    assert guess(world.south.advocate.email, "203.0.113.3", world.password).status_code == 302


def test_one_client_trying_many_accounts_is_refused_and_others_are_not(world, later):
    for n in range(sign_in_throttle.PER_CLIENT.failures):
        guess(f"someone{n}@north.test", "203.0.113.9")
    assert guess(world.north.advocate.email, "203.0.113.9", world.password).status_code == 429
    assert guess(world.north.advocate.email, "203.0.113.10", world.password).status_code == 302


def test_look_alike_spellings_of_an_email_share_one_allowance(world, later):
    client = Client(REMOTE_ADDR="203.0.113.20")
    spellings = ["ſupervisor@north.test", "supervisor@north.test"]  # U+017F, the long s
    for n in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
        client.post(SIGN_IN, {"email": spellings[n % 2], "password": "not-the-password-at-all"})
    for spelling in (*spellings, "SUPERVISOR@NORTH.TEST"):
        assert client.post(SIGN_IN, {"email": spelling, "password": world.password}).status_code == 429


def test_an_email_with_the_long_s_signs_in_to_the_one_account_on_every_engine(world, pass_second_factor):
    client = Client()
    assert client.post(SIGN_IN, {"email": "ſupervisor@north.test", "password": world.password}).status_code == 302
    response = pass_second_factor(client, world.north.supervisor)
    assert response.status_code == 302
    assert response.wsgi_request.user == world.north.supervisor


def test_an_email_with_a_dotless_i_is_another_address(world):
    # PostgreSQL's UPPER('ı') is 'I', so username__iexact matched the account; it is a different address.
    response = Client().post(SIGN_IN, {"email": "supervısor@north.test", "password": world.password})
    assert response.status_code == 200 and b"do not match an account" in response.content


def test_staff_emails_are_stored_in_one_normal_form_and_duplicates_refused(world):
    member = add_staff(world.north.org, "  Case.Worker@North.TEST ", world.password, "advocate", actor="test")
    assert (member.username, member.email) == ("case.worker@north.test", "case.worker@north.test")
    for spelling in ("CASE.WORKER@north.test", "caſe.worker@north.test"):
        with pytest.raises(ValueError, match="already has an account"):
            add_staff(world.north.org, spelling, world.password, "advocate", actor="test")


def test_the_migration_normalises_existing_emails_and_refuses_to_merge_two_accounts(world):
    migration = import_module("safereport.accounts.migrations.0002_normalise_staff_emails")
    advocate = world.north.advocate
    User.objects.filter(pk=advocate.pk).update(username="Advocate@NORTH.test", email="Advocate@NORTH.test")
    migration.normalise(apps, None)
    advocate.refresh_from_db()
    assert (advocate.username, advocate.email) == ("advocate@north.test", "advocate@north.test")
    User.objects.filter(pk=world.south.advocate.pk).update(username="ADVOCATE@north.test")
    with pytest.raises(RuntimeError, match="same email once normalised"):
        migration.normalise(apps, None)


@given(st.text())
def test_normalising_an_email_twice_changes_nothing(text):
    assert normalise_email(normalise_email(text)) == normalise_email(text)


def test_the_device_cookie_names_no_account_and_is_honoured_only_for_its_own(world, later, pass_second_factor):
    owner = Client(REMOTE_ADDR="192.0.2.10")
    password_only = owner.post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password})
    # The password alone does not make a browser the account's own: the second factor must pass first.
    assert not [n for n in password_only.cookies if n.startswith("sr_device_")]
    signed_in = pass_second_factor(owner, world.north.advocate)
    ((name, cookie),) = [(n, c) for n, c in signed_in.cookies.items() if n.startswith("sr_device_")]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and int(cookie["max-age"]) > 30 * 86400
    assert "advocate" not in name + cookie.value and "north" not in name + cookie.value
    # Another account's guesses from this browser's address are not its own: refused like anyone's.
    for _ in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
        owner.post(SIGN_IN, {"email": world.south.advocate.email, "password": "not-the-password-at-all"})
    assert owner.post(SIGN_IN, {"email": world.south.advocate.email, "password": world.password}).status_code == 429
    # A forged or altered cookie counts for nothing.
    forger = Client(REMOTE_ADDR="203.0.113.30")
    forger.cookies[name] = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    for _ in range(sign_in_throttle.PER_ACCOUNT_AND_CLIENT.failures):
        forger.post(SIGN_IN, {"email": world.north.advocate.email, "password": "not-the-password-at-all"})
    assert forger.post(SIGN_IN, {"email": world.north.advocate.email, "password": world.password}).status_code == 429
