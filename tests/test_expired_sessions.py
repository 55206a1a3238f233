"""Sessions keep no time of a visit beyond their expiry, and expired ones are purged."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safereport.session_store import EXPIRY_GRANULARITY, SessionStore, coarse_expiry


def _return_with_codename(client, codename):
    response = client.post("/en/return/", {"codename": codename})
    assert response.status_code == 302 and response.url.endswith("/my-report/")
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def _old_session(key: str, expired_by: timedelta) -> Session:
    return Session.objects.create(session_key=key, session_data="", expire_date=timezone.now() - expired_by)


def test_reporter_session_row_holds_no_time_of_the_return_visit(client, world, make_report):
    _report, codename = make_report()
    before = timezone.now()
    row = _return_with_codename(client, codename)
    # Django's default signs session data with the second it was written; here that time is zero.
    payload, signed_at, _signature = row.session_data.rsplit(":", 2)
    assert signing.b62_decode(signed_at) == 0
    # Expiry is all that is left, on a ten-minute boundary: the row lives the ordinary session age (so the
    # cookie stays a browser-session cookie, item 12), and the reporter's 30-minute limit is kept inside the
    # sealed entry, where a seized row cannot read it.
    assert row.expire_date.second == row.expire_date.microsecond == 0 and row.expire_date.minute % 10 == 0
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + age <= row.expire_date <= timezone.now() + age + timedelta(minutes=10)
    assert client.get("/en/my-report/").status_code == 200  # and the session still works
    assert "vault:reporter" in row.get_decoded()  # Django's own reader still reads it


def test_starting_a_session_deletes_expired_sessions_and_keeps_live_ones(client, world, make_report):
    _report, codename = make_report()
    _old_session("e" * 32, expired_by=timedelta(seconds=1))
    _old_session("l" * 32, expired_by=-timedelta(minutes=5))  # still live
    _return_with_codename(client, codename)
    assert not Session.objects.filter(session_key="e" * 32).exists()
    assert Session.objects.filter(session_key="l" * 32).exists()


def test_scheduled_clearsessions_deletes_expired_session_rows(db):
    _old_session("e" * 32, expired_by=timedelta(minutes=1))
    _old_session("l" * 32, expired_by=-timedelta(minutes=5))
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]


def test_session_written_by_djangos_stock_store_before_the_upgrade_still_reads(db):
    from django.contrib.sessions.backends.db import SessionStore as StockStore

    stock = StockStore()
    stock["vault:reporter"] = "x"
    stock.save()
    assert SessionStore(stock.session_key).load() == {"vault:reporter": "x"}  # same format, only the time differs


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_expiry_is_rounded_up_to_the_granularity_never_down(exact):
    rounded = coarse_expiry(exact)
    assert exact <= rounded < exact + EXPIRY_GRANULARITY
    assert rounded.second == rounded.microsecond == 0 and rounded.minute % 10 == 0
