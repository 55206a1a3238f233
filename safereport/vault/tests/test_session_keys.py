"""Unlocked secrets in a session: ciphertext on the server, the key only in the browser's cookie."""

import base64
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from safereport.vault import session_keys

SECRET = b"\x01\x02organisation-private-key-bytes\xff" * 2


def encodings(secret: bytes) -> set[str]:
    forms = {secret.hex(), base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode()}
    return forms | {f.rstrip("=") for f in forms}


@pytest.fixture
def request_with_session(db):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def remember(request, label="staff", secret=SECRET):
    response = HttpResponse()
    session_keys.remember(request, response, label, secret)
    request.session.save()
    return response


def follow_up(request, response, cookie_value=None, label="staff"):
    """The browser's next request: same session, carrying (or not) the key cookie."""
    later = RequestFactory().get("/")
    later.session = SessionStore(session_key=request.session.session_key)
    name = session_keys.COOKIE_PREFIX + label
    value = response.cookies[name].value if cookie_value is None else cookie_value
    if value:
        later.COOKIES[name] = value
    return later


def test_remembered_secret_is_recalled_with_the_cookie(request_with_session):
    response = remember(request_with_session)
    assert session_keys.recall(follow_up(request_with_session, response), "staff") == SECRET


def test_session_store_holds_no_form_of_the_secret(request_with_session):
    remember(request_with_session)
    stored = Session.objects.get(session_key=request_with_session.session.session_key)
    raw = stored.session_data + json.dumps(stored.get_decoded())
    for form in encodings(SECRET):
        assert form not in raw
    assert SECRET.decode("latin-1") not in raw


def test_session_alone_without_the_cookie_recalls_nothing(request_with_session):
    response = remember(request_with_session)
    assert session_keys.recall(follow_up(request_with_session, response, cookie_value=""), "staff") is None


def test_a_wrong_or_garbage_cookie_recalls_nothing(request_with_session):
    response = remember(request_with_session)
    wrong = base64.urlsafe_b64encode(b"\x00" * 32).decode()
    assert session_keys.recall(follow_up(request_with_session, response, cookie_value=wrong), "staff") is None
    assert session_keys.recall(follow_up(request_with_session, response, cookie_value="!!not base64!!"), "staff") is None


def test_the_cookie_of_another_session_opens_nothing(db):
    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    first.session, second.session = SessionStore(), SessionStore()
    first_response = remember(first)
    remember(second, secret=b"another secret")
    stolen_cookie = first_response.cookies["sr_k_staff"].value
    assert session_keys.recall(follow_up(second, first_response, cookie_value=stolen_cookie), "staff") is None


def test_labels_are_kept_apart(request_with_session):
    response = remember(request_with_session, label="staff")
    later = follow_up(request_with_session, response)
    later.COOKIES["sr_k_reporter"] = later.COOKIES["sr_k_staff"]
    assert session_keys.recall(later, "reporter") is None


def test_key_cookie_is_httponly_strict_and_a_session_cookie(request_with_session, settings):
    cookie = remember(request_with_session).cookies["sr_k_staff"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert cookie["path"] == "/"


def test_forget_drops_the_sealed_secret_and_deletes_the_cookie(request_with_session):
    response = remember(request_with_session)
    key_cookie = response.cookies["sr_k_staff"].value
    later = follow_up(request_with_session, response)
    goodbye = HttpResponse()
    session_keys.forget(later, goodbye, "staff")
    later.session.save()
    assert goodbye.cookies["sr_k_staff"].value == "" and goodbye.cookies["sr_k_staff"]["max-age"] == 0
    # Even a copy of the old cookie opens nothing once the session forgot its half.
    assert session_keys.recall(follow_up(later, response, cookie_value=key_cookie), "staff") is None


def _assert_no_organisation_secret_in_sessions(world):
    rows = "".join(s.session_data + json.dumps(s.get_decoded()) for s in Session.objects.all())
    for pair in world.north.unlocked.keys.values():
        for secret in (pair.secret, pair.secret[:32], pair.secret[32:]):
            for form in encodings(secret):
                assert form not in rows


def test_staff_sign_in_stores_the_organisation_key_only_sealed(world, client, pass_second_factor):
    response = client.post("/en/staff/sign-in/", {"email": world.north.advocate.email, "password": world.password})
    assert response.status_code == 302
    assert response.cookies["sr_k_staff_pending"]["httponly"]
    _assert_no_organisation_secret_in_sessions(world)  # between the two steps as well
    response = pass_second_factor(client, world.north.advocate)
    assert response.status_code == 302
    assert response.cookies["sr_k_staff"]["httponly"]
    _assert_no_organisation_secret_in_sessions(world)
