"""Items 12 and 20 of the hardening issue: no page of any face can be kept by a browser or proxy."""

import pytest

REPORTER_PAGES = ["/", "/en/", "/en/report/", "/en/return/", "/en/my-report/", "/en/transparency/"]
STAFF_PAGES = ["/en/staff/", "/en/staff/police/", "/en/staff/disclosure/", "/en/staff/access/", "/en/staff/sign-in/"]


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("url", REPORTER_PAGES + ["/en/no-such-page/"])
def test_reporter_and_error_pages_are_never_stored(client, url):
    assert _no_store(client.get(url))


@pytest.mark.django_db
def test_api_answers_including_me_are_never_stored(client, make_report):
    _report, codename = make_report()
    assert _no_store(client.get("/api/v1/crime-types"))
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Codename {codename}")
    assert me.status_code == 200 and _no_store(me)


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_with_decrypted_content_are_never_stored(world, sign_in, client, url):
    sign_in(world.north.supervisor)
    assert _no_store(client.get(url))


def test_case_and_referral_pages_are_never_stored(world, sign_in, client, make_report):
    report, _codename = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    sign_in(world.north.advocate)
    assert _no_store(client.get(f"/en/staff/cases/{report.reference}/"))


def test_static_assets_stay_cacheable(client):
    response = client.get("/static/safereport/site.css")
    assert response.status_code == 200 and not _no_store(response)
