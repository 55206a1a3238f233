"""The reporter's phone in an abuser's hands: quick exit ends the visit, a report is sent once, nothing readable
is left in the browser's history or cookies, and every page after a report says what to do in danger now."""

import re
from html import unescape
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.views.defaults import server_error

from safereport.intake import actions
from safereport.intake.models import Report
from safereport.vault import visit_seal
from safereport.web.reporter import report_draft
from safereport.web.reporter.tests.test_reporter_pages import (
    NARRATIVE,
    STEP_ONE,
    carried,
    codename_on,
    current_step,
    open_my_report,
    post_step,
    read_forms,
    walk_to_contact,
)

CONTACT = {
    "name": "Ana Pérez",
    "phone": "07700 900123",
    "email": "ana@example.org",
    "police_share_contact": "yes",
    "police_share_narrative": "no",
}
REPORTER_COOKIES = ("sessionid", "csrftoken", "sr_visit", "sr_k_reporter")


def final_post(client):
    """Walk to the last step and return exactly what the browser sends for it, not yet sent."""
    return {"step": "contact", **carried(walk_to_contact(client), **CONTACT)}


def later(monkeypatch, minutes):
    now = visit_seal.time.time()
    monkeypatch.setattr(visit_seal, "time", SimpleNamespace(time=lambda: now + minutes * 60))


def deleted(response, name) -> bool:
    morsel = response.cookies.get(name)
    return morsel is not None and morsel.value == "" and str(morsel["max-age"]) == "0"


# 9. Quick exit ends the visit on the server first


def test_quick_exit_ends_the_reporters_session_before_sending_the_browser_away(world, client, make_report):
    _report, codename = make_report()
    open_my_report(client, codename)
    assert client.get("/en/my-report/").status_code == 200
    session_key = client.cookies["sessionid"].value

    left = client.get("/exit/")
    assert left.status_code == 302 and left["Location"] == settings.QUICK_EXIT_URL
    assert "no-store" in left["Cache-Control"]
    assert all(deleted(left, name) for name in REPORTER_COOKIES), left.cookies
    assert not Session.objects.filter(session_key=session_key).exists()
    # The same browser, Back or the address bar: the report no longer opens.
    again = client.get("/en/my-report/")
    assert again.status_code == 302 and again["Location"] == "/en/return/"


def test_quick_exit_forgets_the_half_typed_report(world, client):
    third = walk_to_contact(client)
    assert current_step(third) == "contact"
    client.get("/exit/")
    # Back to any step: an empty first step, nothing of what was typed.
    for step in ("contact", "wants", "what"):
        page = client.get(f"/en/report/?step={step}")
        assert current_step(page) == "what"
        assert NARRATIVE not in unescape(page.content.decode())


def test_quick_exit_works_as_a_post_without_a_csrf_token(world, client, make_report):
    _report, codename = make_report()
    open_my_report(client, codename)
    client.handler.enforce_csrf_checks = True  # as the error pages' bar, which has no token to send
    left = client.post("/exit/")
    assert left.status_code == 302 and left["Location"] == settings.QUICK_EXIT_URL
    assert client.get("/en/my-report/").status_code == 302


@pytest.mark.parametrize(
    "lang, hint", [("en", "or press Esc twice"), ("es", "o pulse Esc dos veces"), ("ar", "أو اضغط Esc مرتين")]
)
def test_quick_exit_shortcut_is_announced_in_the_reporters_language_for_the_script_to_show(client, db, lang, hint):
    html = client.get(f"/{lang}/").content.decode()
    # Hidden until quick-exit.js runs: without JavaScript there is no shortcut to announce.
    assert re.search(rf'<span class="exit-hint" id="quick-exit-hint" hidden>{re.escape(hint)}</span>', html)


def test_quick_exit_script_needs_escape_twice_and_replaces_the_history_entry():
    script = (settings.BASE_DIR / "static" / "safereport" / "quick-exit.js").read_text()
    assert "location.replace(link.href)" in script
    assert "TWICE_WITHIN_MS" in script and "event.repeat" in script
    assert not re.search(r'event\.key === "Escape"\)\s*leave', script)  # one press is not enough


def test_the_500_page_has_the_quick_exit_bar(rf):
    html = server_error(rf.get("/en/report/")).content.decode()
    assert re.search(r'<a class="quick-exit" id="quick-exit" href="/exit/"', html)
    assert "/static/safereport/quick-exit.js" in html


# 10. A report is accepted once, and the page after it is reached by redirect


def test_the_last_step_redirects_to_the_page_that_shows_the_codename_once(world, client):
    sent = client.post("/en/report/", final_post(client))
    assert sent.status_code == 302 and sent["Location"] == "/en/report/sent/"
    shown = client.get("/en/report/sent/")
    codename = codename_on(shown)
    assert actions.open_with_codename(codename) is not None
    reloaded = client.get("/en/report/sent/").content.decode()
    assert 'id="codename"' not in reloaded and codename not in reloaded
    assert "Your codename is shown only once" in reloaded


def test_resending_the_last_step_files_no_second_report_and_shows_no_new_codename(world, client):
    form = final_post(client)
    before = Report.objects.count()
    first = client.post("/en/report/", form, follow=True)
    codename = codename_on(first)
    resent = client.post("/en/report/", form)
    assert resent.status_code == 409
    html = resent.content.decode()
    assert "Your report was already sent" in html and 'id="codename"' not in html and codename not in html
    assert Report.objects.count() == before + 1


def test_a_double_tap_before_the_codename_was_seen_still_shows_it_and_files_one_report(world, client):
    form = final_post(client)
    before = Report.objects.count()
    first, second = client.post("/en/report/", form), client.post("/en/report/", form)
    assert first["Location"] == second["Location"] == "/en/report/sent/"
    codename = codename_on(client.get("/en/report/sent/"))
    assert Report.objects.count() == before + 1
    assert actions.open_with_codename(codename).report == Report.objects.order_by("-created_at").first()


def test_resending_an_earlier_step_after_the_report_was_sent_sends_nothing(world, client):
    second = post_step(client, "what", STEP_ONE)
    resend_wants = carried(second, wants=["advocate"])
    third = post_step(client, "wants", resend_wants)
    post_step(client, "contact", carried(third, **CONTACT))
    before = Report.objects.count()
    resent = client.post("/en/report/", {"step": "wants", **resend_wants})
    assert resent.status_code == 409 and Report.objects.count() == before


def test_the_codename_is_sealed_in_the_session_until_shown_and_then_gone(world, client):
    sent = client.post("/en/report/", final_post(client))
    assert sent.status_code == 302
    stored = "".join(s.session_data + str(s.get_decoded()) for s in Session.objects.all())
    codename = codename_on(client.get("/en/report/sent/"))
    assert codename not in stored and codename.replace("-", " ") not in stored
    assert (
        report_draft.load(
            SimpleNamespace(session=client.session, COOKIES={k: v.value for k, v in client.cookies.items()})
        ).codename
        is None
    )


# 11. Nothing typed travels in the page, or stays on the server longer than the form takes


def test_no_step_carries_earlier_answers_in_the_page(world, client):
    second = post_step(client, "what", STEP_ONE)
    third = post_step(client, "wants", carried(second, wants=["advocate"], interpreter_language="Tigrinya"))
    back = post_step(client, "contact", carried(third, **CONTACT), back=True)
    for page in (second, third, back):
        assert {name for name, _value in read_forms(page.content.decode()).hidden} == {
            "csrfmiddlewaretoken",
            "step",
            "form_token",
        }
        html = unescape(page.content.decode())
        assert NARRATIVE not in html and "Ana Pérez" not in html and "07700 900123" not in html


def test_every_post_of_the_form_is_answered_with_a_redirect_that_shows_nothing(world, client):
    responses = [client.post("/en/report/", {"step": "what", **STEP_ONE})]
    token = read_forms(client.get(responses[0]["Location"]).content.decode()).hidden
    token = dict(token)["form_token"]
    responses.append(client.post("/en/report/", {"step": "what", "form_token": token, **STEP_ONE, "narrative": ""}))
    responses.append(client.post("/en/report/", {"step": "wants", "form_token": token, "wants": ["advocate"], "back": ""}))
    for response in responses:
        assert response.status_code == 302 and response.content == b""


def test_the_draft_is_sealed_in_the_session(world, client):
    walk_to_contact(client)
    (session,) = Session.objects.all()
    readable = session.session_data + str(session.get_decoded())
    assert NARRATIVE not in readable and "Tigrinya" not in readable and "theft" not in readable


def test_the_draft_expires_after_thirty_minutes_without_a_step(world, client, monkeypatch):
    third = walk_to_contact(client)
    later(monkeypatch, report_draft.DRAFT_MINUTES + 1)
    page = client.get("/en/report/?step=what")
    assert current_step(page) == "what" and NARRATIVE not in unescape(page.content.decode())
    arrived = post_step(client, "contact", carried(third, **CONTACT))
    assert current_step(arrived) == "what" and 'id="restarted"' in arrived.content.decode()
    assert Report.objects.count() == 0


def test_the_draft_lasts_while_the_reporter_keeps_going(world, client, monkeypatch):
    second = post_step(client, "what", STEP_ONE)
    later(monkeypatch, report_draft.DRAFT_MINUTES - 1)
    third = post_step(client, "wants", carried(second, wants=["advocate"]))
    later(monkeypatch, report_draft.DRAFT_MINUTES - 1)
    sent = post_step(client, "contact", carried(third, **CONTACT))
    access = actions.open_with_codename(codename_on(sent))
    assert access.cipher.open("narrative", access.report.narrative_sealed) == NARRATIVE


def test_the_opened_report_closes_after_thirty_minutes(world, client, make_report, monkeypatch):
    from safereport.web.reporter import session as reporter_session

    _report, codename = make_report()
    open_my_report(client, codename)
    now = reporter_session.time.time()
    monkeypatch.setattr(reporter_session, "time", SimpleNamespace(time=lambda: now + reporter_session.MINUTES * 60 + 1))
    assert client.get("/en/my-report/")["Location"] == "/en/return/"


# 12. No trace in the browser: no persistent cookie, no autocomplete


def journey_responses(client, make_report):
    """Every response of a reporter's visit, each redirect taken as its own step (cookies come on redirects too)."""
    responses = [client.get("/"), client.get("/en/"), client.get("/en/report/")]
    token = ""
    for step, answers in (("what", STEP_ONE), ("wants", {"wants": ["advocate"]}), ("contact", CONTACT)):
        responses.append(client.post("/en/report/", {"step": step, "form_token": token, **answers}))
        responses.append(client.get(responses[-1]["Location"]))
        token = dict(read_forms(responses[-1].content.decode()).hidden).get("form_token", "")
    _report, codename = make_report()
    responses += [
        client.get("/en/return/"),
        client.post("/en/return/", {"codename": codename}),
        client.get("/en/my-report/"),
        client.post("/en/my-report/", {"body": "hello"}),
        client.post("/en/my-report/consent/", {"police_share_contact": "no", "police_share_narrative": "yes"}),
        client.post("/en/my-report/leave/"),
        client.get("/exit/"),
    ]
    assert 'id="codename"' in responses[8].content.decode()  # the journey did send a report
    return responses


def test_every_cookie_a_reporter_is_given_ends_with_the_browser_session(world, client, make_report):
    names = set()
    for response in journey_responses(client, make_report):
        for name, morsel in SimpleCookie(response.cookies.output(header="")).items():
            if str(morsel["max-age"]) == "0":
                continue  # a deletion
            names.add(name)
            assert morsel["max-age"] == "" and morsel["expires"] == "", f"{name} persists: {morsel.OutputString()}"
    assert {"csrftoken", "sessionid", "sr_visit", "sr_k_reporter"} <= names  # the journey did set each of them


def test_csrf_cookie_is_a_session_cookie():
    assert settings.CSRF_COOKIE_AGE is None and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_contact_narrative_and_message_fields_are_not_remembered_by_the_browser(world, client, make_report):
    pages = [client.get("/en/report/"), post_step(client, "what", STEP_ONE)]
    pages.append(post_step(client, "wants", carried(pages[-1], wants=["interpreter"])))
    _report, codename = make_report()
    pages.append(open_my_report(client, codename))
    fields = {}
    for page in pages:
        html = page.content.decode()
        assert re.search(r'<form method="post" action="/en/report/" autocomplete="off"', html) or "/report/" not in html
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
            name = re.search(r'name="([^"]+)"', tag).group(1)
            fields[name] = tag
    for name in ("narrative", "interpreter_language", "name", "phone", "email", "body"):
        assert 'autocomplete="off"' in fields[name], fields[name]


# 14. Emergency first, in the reporter's language

EMERGENCY = {"en": "In danger now?", "es": "¿Está en peligro ahora?", "ar": "هل أنت في خطر الآن؟"}
NUMBERS = (
    'href="tel:999"',
    '<span class="number">55</span>',
    'href="tel:08082000247"',
    'href="tel:08000121700"',
    'href="tel:101"',
    "report-it.org.uk",
)


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_start_confirmation_return_and_my_report_pages_say_what_to_do_in_danger_now(world, make_report, lang):
    client = Client()
    pages = {"start": client.get(f"/{lang}/"), "return": client.get(f"/{lang}/return/")}
    second = post_step(client, "what", STEP_ONE, lang=lang)
    third = post_step(client, "wants", carried(second), lang=lang)
    pages["confirmation"] = post_step(client, "contact", carried(third, **CONTACT), lang=lang)
    pages["confirmation reloaded"] = client.get(f"/{lang}/report/sent/")
    _report, codename = make_report()
    pages["my report"] = open_my_report(client, codename, lang=lang)
    for name, page in pages.items():
        html = page.content.decode()
        assert EMERGENCY[lang] in html, name
        assert all(number in html for number in NUMBERS), name


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite's shared in-memory test database cannot hold two writers at once; runs on PostgreSQL",
)
def test_two_posts_of_the_last_step_at_the_same_moment_file_one_report(transactional_db, world):
    import threading

    from django.db import connection

    browser = Client()
    form = final_post(browser)
    taps = [Client() for _ in range(2)]
    for tap in taps:
        tap.cookies = browser.cookies  # the same browser, tapping "Send" twice
    start, answers = threading.Barrier(len(taps)), []

    def tap_send(tap):
        start.wait()
        try:
            answers.append(tap.post("/en/report/", form))
        finally:
            connection.close()  # this thread's own connection, or the test database cannot be dropped

    threads = [threading.Thread(target=tap_send, args=(tap,)) for tap in taps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer["Location"] for answer in answers] == ["/en/report/sent/"] * 2
    assert Report.objects.count() == 1
    assert actions.open_with_codename(codename_on(browser.get("/en/report/sent/"))) is not None
