"""A reporter visit's secrets: sealed in the session under one key per visit, held only in a session cookie."""

from types import SimpleNamespace

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from safereport.vault import visit_seal

DRAFT = "Él me pegó delante de la tienda; تهديد".encode()


def visit(session_key=None, cookie=None):
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=session_key)
    if cookie:
        request.COOKIES[visit_seal.COOKIE] = cookie
    return request


def sealed(value=DRAFT, lifetime=600):
    request, response = visit(), HttpResponse()
    visit_seal.seal(request, response, "draft", value, lifetime=lifetime)
    request.session.save()
    return request, response.cookies[visit_seal.COOKIE].value


def test_the_value_opens_with_the_browsers_cookie_and_is_ciphertext_in_the_session_table(db):
    request, cookie = sealed()
    assert visit_seal.open_sealed(visit(request.session.session_key, cookie), "draft") == DRAFT
    row = Session.objects.get(session_key=request.session.session_key)
    assert DRAFT.decode() not in row.session_data + str(row.get_decoded())


def test_without_the_cookie_or_with_another_visits_cookie_nothing_opens(db):
    request, _cookie = sealed()
    _other, other_cookie = sealed()
    key = request.session.session_key
    assert visit_seal.open_sealed(visit(key), "draft") is None
    assert visit_seal.open_sealed(visit(key, other_cookie), "draft") is None
    assert visit_seal.open_sealed(visit(key, "!!not base64!!"), "draft") is None


def test_the_cookie_is_a_session_cookie_and_one_key_serves_the_whole_visit(db):
    request, cookie = sealed()
    later, response = visit(request.session.session_key, cookie), HttpResponse()
    visit_seal.seal(later, response, "draft", b"step two", lifetime=600)
    assert visit_seal.COOKIE not in response.cookies  # the browser's key is reused, so no new cookie races the old
    first = HttpResponse()
    visit_seal.seal(visit(), first, "draft", DRAFT, lifetime=600)
    morsel = first.cookies[visit_seal.COOKIE]
    assert morsel["max-age"] == "" and morsel["expires"] == "" and morsel["httponly"] and morsel["samesite"] == "Strict"


def test_a_value_is_gone_after_its_lifetime_from_the_server_too(db, monkeypatch):
    request, cookie = sealed(lifetime=60)
    now = visit_seal.time.time()
    monkeypatch.setattr(visit_seal, "time", SimpleNamespace(time=lambda: now + 61))
    later = visit(request.session.session_key, cookie)
    assert visit_seal.open_sealed(later, "draft") is None
    assert "visit:draft" not in later.session


def test_sizes_are_padded_so_the_session_row_does_not_tell_how_much_was_typed(db):
    lengths = {len(sealed(b"x" * n)[0].session["visit:draft"]) for n in (1, 20, 40)}
    assert len(lengths) == 1


def test_ending_the_visit_forgets_every_value_and_deletes_the_cookie(db):
    request, cookie = sealed()
    later, response = visit(request.session.session_key, cookie), HttpResponse()
    visit_seal.seal(later, response, "other", b"codename", lifetime=600)
    visit_seal.end_visit(later, response)
    assert [k for k in later.session.keys() if k.startswith("visit:")] == []
    assert response.cookies[visit_seal.COOKIE]["max-age"] == 0
    with pytest.raises(KeyError):
        later.session["visit:draft"]
