"""Reporter pages: quick exit everywhere, no status questions, a three-step form that stores no report early."""

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.html import escape

from safereport import coarse_time
from safereport.audit.models import AuditEntry
from safereport.cases.actions import open_case
from safereport.intake import actions
from safereport.intake.models import Consent, Message, Report
from safereport.intake.throttle import PER_CLIENT
from safereport.vault.models import DataKey

NARRATIVE = "Two men followed me home from the market and took my bag"
STEP_ONE = {"crime_type": "theft", "narrative": NARRATIVE, "occurred_on": "2026-01-02", "area": "south"}

# Words that would mean a form asks who someone is or what papers they hold, in each offered language.
IDENTITY_WORDS = (
    "nationality",
    "citizenship",
    "citizen",
    "visa",
    "passport",
    "country of birth",
    "country of origin",
    "residence permit",
    "asylum",
    "leave to remain",
    "right to remain",
    "home office",
    "brp",
    "nacionalidad",
    "ciudadanía",
    "pasaporte",
    "visado",
    "permiso de residencia",
    "asilo",
    "جنسية",
    "الجنسية",
    "جواز",
    "تأشيرة",
    "لجوء",
)
# Words about immigration itself: allowed only in the one offer of advice and in consent assurances.
IMMIGRATION_WORDS = ("immigration", "status", "inmigración", "migratori", "الهجرة")


def stored_counts():
    return tuple(m.objects.count() for m in (Report, Consent, Message, DataKey, AuditEntry, Session))


class FormReader(HTMLParser):
    """Collect each form control with the words a reporter sees for it."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.legends, self.hidden = [], {}, [], []
        self._label_for = self._legend = self._option = None
        self._fieldset = []
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "fieldset":
            self._fieldset.append({"legend": "", "names": set()})
        elif tag == "legend":
            self._legend, self._text = True, []
        elif tag == "label":
            self._label_for, self._text = a.get("for"), []
        elif tag in ("input", "select", "textarea"):
            control = {
                "tag": tag,
                "type": a.get("type", tag),
                "name": a.get("name", ""),
                "id": a.get("id", ""),
                "value": a.get("value", ""),
                "placeholder": a.get("placeholder", ""),
                "required": "required" in a,
                "options": [],
                "fieldset": self._fieldset[-1] if self._fieldset else None,
            }
            if control["type"] == "hidden":
                self.hidden.append((control["name"], control["value"]))
            else:
                self.controls.append(control)
                if control["fieldset"] is not None:
                    control["fieldset"]["names"].add(control["name"])
        elif tag == "option":
            self._option, self._text = a.get("value", ""), []
        elif tag == "p" and "help" in (a.get("class") or ""):
            self._text = []
            self._label_for = "help:" + a.get("id", "")

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text).split())
        if tag == "fieldset" and self._fieldset:
            self._fieldset.pop()
        elif tag == "legend" and self._legend:
            self._fieldset[-1]["legend"] = text
            self._legend = None
        elif tag in ("label", "p") and self._label_for:
            self.labels[self._label_for] = text
            self._label_for = None
        elif tag == "option" and self._option is not None:
            self.controls[-1]["options"].append((self._option, text))
            self._option = None

    def handle_data(self, data):
        self._text.append(data)


def read_forms(html: str) -> FormReader:
    reader = FormReader()
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.S):
        reader.feed(form)
    return reader


def status_questions(html: str) -> list[str]:
    """Every place a form asks for nationality or immigration status.

    One offer is legitimate: the optional "immigration advice" box among the things that would help.
    A yes/no consent to sharing (a field named `<recipient>_share_<what>`) may promise that immigration
    status is removed: an assurance, not a question. Anything else mentioning immigration or status, or
    any identity-document word, is a question.
    """
    problems = []
    reader = read_forms(html)
    for control in reader.controls:
        label = reader.labels.get(control["id"], "")
        help_text = " ".join(v for k, v in reader.labels.items() if k.startswith(f"help:{control['id']}"))
        legend = control["fieldset"]["legend"] if control["fieldset"] else ""
        option_text = " ".join(f"{v} {t}" for v, t in control["options"])
        seen = " ".join([control["name"], control["id"], control["placeholder"], label, help_text, legend, option_text]).lower()
        problems += [f"{control['name']}: {word}" for word in IDENTITY_WORDS if word in seen]
        if control["name"] == "wants" and control["value"] == "immigration_advice":
            assert control["type"] == "checkbox" and not control["required"], "the advice box must be an optional offer"
            seen = seen.replace(control["value"], "").replace(label.lower(), "")
        consent = re.fullmatch(r"[a-z]+_share_[a-z]+", control["name"]) and control["type"] == "radio"
        if consent and control["value"] in ("yes", "no"):
            seen = seen.replace(legend.lower(), "")
        problems += [f"{control['name']}: {seen.strip()}" for word in IMMIGRATION_WORDS if word in seen]
    return problems


def quick_exit_link(html: str):
    match = re.search(r'<a\b[^>]*id="quick-exit"[^>]*>', html)
    return match and re.search(r'href="([^"]+)"', match.group()).group(1)


def post_step(client, step, data, *, back=False, lang="en"):
    """Send one step and follow its redirect to the page the browser lands on."""
    payload = {"step": step, **data}
    if back:
        payload["back"] = ""
    return client.post(f"/{lang}/report/", payload, follow=True)


def carried(response, **new):
    """What the browser would send next: the page's hidden fields (the form's token) plus the new step's answers."""
    data = {}
    for name, value in read_forms(response.content.decode()).hidden:
        if name in ("step", "csrfmiddlewaretoken"):
            continue
        data.setdefault(name, []).append(unescape(value))
    data.update({k: v if isinstance(v, list) else [v] for k, v in new.items()})
    return data


def current_step(response) -> str:
    return re.search(r'name="step" value="(\w+)"', response.content.decode()).group(1)


def walk_to_contact(client):
    second = post_step(client, "what", STEP_ONE)
    assert current_step(second) == "wants"
    third = post_step(client, "wants", carried(second, wants=["advocate", "interpreter"], interpreter_language="Tigrinya"))
    assert current_step(third) == "contact"
    return third


def submit_full_report(client, **contact):
    third = walk_to_contact(client)
    answers = {"police_share_contact": "no", "police_share_narrative": "no", **contact}
    return post_step(client, "contact", carried(third, **answers))


def codename_on(page) -> str:
    return unescape(re.search(r'<p class="codename" id="codename"[^>]*>([^<]+)</p>', page.content.decode()).group(1)).strip()


def open_my_report(client, codename, lang="en"):
    response = client.post(f"/{lang}/return/", {"codename": codename})
    assert response.status_code == 302 and response.url.endswith("/my-report/")
    return client.get(response.url)


# Quick exit


@pytest.mark.parametrize("path", ["/", "/en/", "/es/", "/ar/", "/en/report/", "/es/report/", "/ar/report/", "/en/return/"])
def test_reporter_page_has_the_quick_exit_link(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert quick_exit_link(response.content.decode()) == "/exit/"


def test_every_step_confirmation_return_my_report_and_erased_page_has_the_quick_exit_link(world, client):
    pages = [client.get("/en/report/"), post_step(client, "what", STEP_ONE), walk_to_contact(client)]
    confirmation = submit_full_report(client)
    pages.append(confirmation)
    pages.append(open_my_report(client, codename_on(confirmation)))
    pages.append(client.post("/en/my-report/erase/", {"confirm": "on"}))
    for _ in range(PER_CLIENT + 1):
        throttled = client.post("/en/return/", {"codename": "wrong words"})
    pages.append(throttled)
    assert throttled.status_code == 429
    for page in pages:
        assert quick_exit_link(page.content.decode()) == "/exit/", page.content[:200]


# Don't ask


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_no_reporter_form_asks_for_nationality_or_immigration_status(world, client, lang):
    pages = [client.get(f"/{lang}/report/"), post_step(client, "what", STEP_ONE, lang=lang)]
    second = pages[-1]
    pages.append(post_step(client, "wants", carried(second, wants=["advocate"]), lang=lang))
    confirmation = post_step(
        client, "contact", carried(pages[-1], police_share_contact="no", police_share_narrative="no"), lang=lang
    )
    pages.append(client.get(f"/{lang}/return/"))
    pages.append(open_my_report(client, codename_on(confirmation), lang=lang))
    assert [current_step(p) for p in pages[:3]] == ["what", "wants", "contact"]
    for page in pages:
        assert page.status_code == 200
        assert status_questions(page.content.decode()) == []


def test_the_immigration_advice_offer_is_present_and_optional(world, client):
    html = post_step(client, "what", STEP_ONE).content.decode()
    offers = [c for c in read_forms(html).controls if c["value"] == "immigration_advice"]
    assert len(offers) == 1 and offers[0]["type"] == "checkbox" and not offers[0]["required"]


@pytest.mark.parametrize(
    "field_html",
    [
        '<label for="n">Your nationality</label><input id="n" name="origin" type="text">',
        '<label for="s">Immigration status</label><select id="s" name="s"><option value="1">Settled</option></select>',
        '<label for="p">Document number</label><input id="p" name="passport_number" type="text">',
        '<fieldset><legend>Do you have a visa?</legend><input type="radio" id="v" name="v" value="yes"></fieldset>',
        '<input type="checkbox" id="w" name="wants" value="immigration_status_check"><label for="w">Check my status</label>',
        '<fieldset><legend>Is your immigration status settled?</legend><input type="radio" id="q" name="settled" value="yes"></fieldset>',
        '<label for="e">Estatus migratorio</label><input id="e" name="e" type="text">',
    ],
)
def test_the_status_question_scanner_catches_a_status_question(field_html):
    assert status_questions(f"<form>{field_html}</form>") != []


# The three steps


def test_back_keeps_earlier_answers(world, client):
    second = post_step(client, "what", STEP_ONE)
    assert NARRATIVE not in unescape(second.content.decode())  # kept on the server, not carried in the page
    back = post_step(client, "wants", carried(second, wants=["interpreter"]), back=True)
    html = back.content.decode()
    assert current_step(back) == "what"
    assert re.search(rf">\s*{re.escape(escape(NARRATIVE))}</textarea>", html)
    assert re.search(r'<input[^>]*value="theft"[^>]*checked|<input[^>]*checked[^>]*value="theft"', html)
    assert 'value="2026-01-02"' in html
    assert re.search(r'<option value="south"[^>]*selected', html)
    assert 'class="error-summary"' not in html  # going back is not a mistake to report
    forward = post_step(client, "what", carried(back, **STEP_ONE))
    assert re.search(
        r'<input[^>]*value="interpreter"[^>]*checked|<input[^>]*checked[^>]*value="interpreter"', forward.content.decode()
    )  # the later answer survived going back too


def test_back_from_contact_keeps_the_wants(world, client):
    third = walk_to_contact(client)
    back = post_step(client, "contact", carried(third, name="Ana"), back=True)
    html = back.content.decode()
    assert current_step(back) == "wants"
    assert re.search(r'<input[^>]*value="interpreter"[^>]*checked|<input[^>]*checked[^>]*value="interpreter"', html)
    assert 'value="Tigrinya"' in html
    # And forward again: the name typed before going back is still in the contact step.
    again = post_step(client, "wants", carried(back))
    assert current_step(again) == "contact" and 'value="Ana"' in again.content.decode()


def test_missing_narrative_is_shown_on_the_first_step(world, client):
    response = post_step(client, "what", {**STEP_ONE, "narrative": ""})
    html = response.content.decode()
    assert current_step(response) == "what"
    assert 'id="id_narrative_error"' in html and 'class="error-summary"' in html


def test_future_date_is_shown_on_the_first_step(world, client):
    response = post_step(client, "what", {**STEP_ONE, "occurred_on": "2999-01-01"})
    assert current_step(response) == "what" and 'id="id_occurred_on_error"' in response.content.decode()


def test_bad_email_is_shown_on_the_contact_step_and_stores_nothing(world, client):
    third = walk_to_contact(client)
    before = stored_counts()
    response = post_step(
        client, "contact", carried(third, email="not an email", police_share_contact="no", police_share_narrative="no")
    )
    html = response.content.decode()
    assert current_step(response) == "contact" and 'id="id_email_error"' in html
    assert 'value="not an email"' in html  # what was typed stays, to be corrected
    assert stored_counts()[:5] == before[:5]
    fixed = post_step(
        client, "contact", carried(response, email="ana@example.org", police_share_contact="no", police_share_narrative="no")
    )
    report = actions.open_with_codename(codename_on(fixed))
    assert report.cipher.open("narrative", report.report.narrative_sealed) == NARRATIVE  # the earlier answers were kept


def test_answers_for_another_step_in_a_post_are_ignored(world, client):
    third = walk_to_contact(client)
    tampered = carried(third, police_share_contact="no", police_share_narrative="no")
    tampered["crime_type"] = ["not-a-crime"]
    tampered["narrative"] = ["something else"]
    confirmation = post_step(client, "contact", tampered)
    access = actions.open_with_codename(codename_on(confirmation))
    assert access.report.crime_type == "theft"
    assert access.cipher.open("narrative", access.report.narrative_sealed) == NARRATIVE


def test_no_report_is_stored_before_the_final_step(world, client):
    before = stored_counts()
    second = post_step(client, "what", STEP_ONE)
    third = post_step(client, "wants", carried(second, wants=["advocate"]))
    post_step(client, "contact", carried(third, name="Ana"), back=True)
    post_step(client, "what", {**carried(second), **STEP_ONE, "narrative": ""})
    # Only the session holding the sealed draft exists, and it cannot be read without this browser's cookie.
    assert stored_counts()[:5] == before[:5]
    assert NARRATIVE not in "".join(s.session_data + str(s.get_decoded()) for s in Session.objects.all())
    third = post_step(client, "what", carried(second, **STEP_ONE))
    confirmation = post_step(client, "wants", carried(third))
    confirmation = post_step(client, "contact", carried(confirmation, police_share_contact="yes", police_share_narrative="no"))
    assert confirmation.status_code == 200 and codename_on(confirmation)
    assert Report.objects.count() == before[0] + 1


def test_final_step_stores_the_report_and_shows_a_seven_word_codename(world, client):
    confirmation = submit_full_report(client, name="Ana", email="ana@example.org", police_share_contact="yes")
    codename = codename_on(confirmation)
    assert len(codename.split("-")) == 7
    access = actions.open_with_codename(codename)
    report = access.report
    assert (report.crime_type, report.area, report.organisation) == ("theft", "south", world.south.org)
    assert report.wants_advocate and report.wants_interpreter
    assert open_case(report, world.south.unlocked, world.south.advocate).interpreter_language == "Tigrinya"
    assert access.cipher.open("narrative", report.narrative_sealed) == NARRATIVE
    consent = actions.current_consent(report, "police")
    assert consent.share_contact and not consent.share_narrative


# Coming back


def test_codename_is_stored_nowhere_after_the_web_journey(world, client):
    from safereport.intake.tests.test_actions import columns_containing, word_sequences

    confirmation = submit_full_report(client, name="Ana")
    codename = codename_on(confirmation)
    open_my_report(client, codename)
    client.post("/en/my-report/", {"body": "hello"})
    assert Session.objects.exists()  # the reporter's session is among what is searched
    for form in word_sequences(codename):
        assert columns_containing(form) == [], form


def test_my_report_without_a_session_redirects_to_return(client, db):
    response = client.get("/en/my-report/")
    assert response.status_code == 302 and response.url == "/en/return/"
    for path in ("/en/my-report/consent/", "/en/my-report/erase/"):
        response = client.post(path, {"confirm": "on"})
        assert response.status_code == 302 and response.url == "/en/return/"


def test_return_with_codename_shows_status_and_thread_and_takes_a_message(world, client, make_report):
    report, codename = make_report()
    page = open_my_report(client, codename)
    html = page.content.decode()
    assert 'id="status"' in html and 'id="thread"' in html and report.reference in html
    sent = client.post("/en/my-report/", {"body": "Is anyone there?"})
    assert sent.status_code == 302
    assert "Is anyone there?" in client.get("/en/my-report/").content.decode()
    assert Message.objects.filter(report=report, sender="reporter").count() == 1


def test_consent_change_from_my_report_adds_a_row(world, client, make_report):
    report, codename = make_report()
    open_my_report(client, codename)
    client.post("/en/my-report/consent/", {"police_share_contact": "yes", "police_share_narrative": "yes"})
    assert Consent.objects.filter(report=report, recipient_kind="police").count() == 2
    current = actions.current_consent(report, "police")
    assert current.share_contact and current.share_narrative


def test_erase_needs_the_confirmation_box(world, client, make_report):
    report, codename = make_report()
    open_my_report(client, codename)
    response = client.post("/en/my-report/erase/", {})
    assert response.status_code == 302 and Report.objects.filter(pk=report.pk).exists()


def test_erase_then_codename_gets_the_same_answer_as_a_never_existing_one(world, client, make_report):
    report, codename = make_report()
    open_my_report(client, codename)
    asked = client.post("/en/my-report/erase/", {"confirm": "on"})
    assert asked.status_code == 200 and Report.objects.get(pk=report.pk).erasure_due_on is not None
    assert client.get("/en/my-report/").status_code == 302  # the session forgot the key
    Report.objects.filter(pk=report.pk).update(erasure_due_on=coarse_time.today().date())
    assert actions.erase_due() == [report.reference]
    after_erase = client.post("/en/return/", {"codename": codename})
    never = client.post("/en/return/", {"codename": "-".join(["abacus"] * 7)})
    assert after_erase.status_code == never.status_code == 200

    def error_of(response):
        return re.search(r'<p class="error"[^>]*>(.*?)</p>', response.content.decode(), re.S).group(1)

    assert error_of(after_erase) == error_of(never)


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def test_the_erase_form_says_before_submitting_when_and_what_goes(world, client, make_report, settings):
    settings.SAFEREPORT_ERASURE_COOLING_OFF_DAYS = 7
    _report, codename = make_report()
    page = unescape(open_my_report(client, codename).content.decode())
    due = coarse_time.today().date() + timedelta(days=7)
    assert f"If you ask today, your report will be erased on {_day(due)}." in page
    assert "you, or your advocate, can cancel" in page
    assert "your messages, your advocate's notes about it, any supported police visits and referrals to support services" in page
    assert "we withdraw it: the police see that you erased it and are told to delete their copy" in page


def test_asking_to_erase_says_the_due_day_and_the_codename_still_opens_the_report_until_then(world, client, make_report):
    report, codename = make_report()
    open_my_report(client, codename)
    asked = unescape(client.post("/en/my-report/erase/", {"confirm": "on"}).content.decode())
    report.refresh_from_db()
    due = _day(report.erasure_due_on)
    assert f"Your report will be erased on {due}. Until then you, or your advocate, can cancel this." in asked
    assert "Your report was erased" not in asked
    page = unescape(open_my_report(client, codename).content.decode())
    assert 'id="erasure-pending"' in page
    assert f"Your report will be erased on {due}. Until then you, or your advocate, can cancel this." in page
    assert 'action="/en/my-report/erase/cancel/"' in page and 'action="/en/my-report/erase/"' not in page


def test_an_erasure_request_can_be_cancelled_by_the_reporter_until_the_due_day(world, client, make_report):
    report, codename = make_report()
    open_my_report(client, codename)
    client.post("/en/my-report/erase/", {"confirm": "on"})
    open_my_report(client, codename)
    response = client.post("/en/my-report/erase/cancel/")
    assert response.status_code == 302 and response["Location"].endswith("/my-report/")
    page = unescape(client.get("/en/my-report/").content.decode())
    assert "The erasure is cancelled. Your report stays, and your codename keeps working." in page
    assert 'id="erasure-pending"' not in page
    report.refresh_from_db()
    assert report.erasure_due_on is None
    assert AuditEntry.objects.filter(action="report.erasure_cancelled", actor="reporter").count() == 1
    assert actions.erase_due(timezone.now() + timedelta(days=365)) == []


def test_cancelling_without_the_codename_does_nothing(world, client, make_report):
    report, _codename = make_report()
    actions.request_erasure(report)
    response = client.post("/en/my-report/erase/cancel/")
    assert response.status_code == 302 and response["Location"].endswith("/return/")
    report.refresh_from_db()
    assert report.erasure_due_on is not None


def test_from_the_due_day_the_codename_opens_nothing(world, client, make_report):
    report, codename = make_report()
    actions.request_erasure(report)
    Report.objects.filter(pk=report.pk).update(erasure_due_on=coarse_time.today().date())
    refused = client.post("/en/return/", {"codename": codename})
    assert refused.status_code == 200 and "We could not find a report with that codename" in unescape(refused.content.decode())


def test_repeated_wrong_codenames_are_rate_limited_with_429_and_the_right_one_still_opens(world, client, make_report):
    _report, codename = make_report()
    for _ in range(PER_CLIENT):
        assert client.post("/en/return/", {"codename": "wrong wrong wrong"}).status_code == 200
    blocked = client.post("/en/return/", {"codename": "wrong wrong wrong"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    # Whoever used up this address's allowance cannot keep the reporter out: the right codename opens.
    opened = client.post("/en/return/", {"codename": codename})
    assert opened.status_code == 302 and opened["Location"].endswith("/my-report/")


def test_leaving_forgets_the_report_on_this_device(world, client, make_report):
    _report, codename = make_report()
    open_my_report(client, codename)
    left = client.post("/en/my-report/leave/")
    assert left.status_code == 302
    assert client.get("/en/my-report/").status_code == 302


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_cooling_off_is_said_in_the_reporters_language(world, client, make_report, lang):
    from django.utils.translation import gettext, override

    report, codename = make_report()
    open_my_report(client, codename, lang=lang)
    asked = unescape(client.post(f"/{lang}/my-report/erase/", {"confirm": "on"}).content.decode())
    page = unescape(open_my_report(client, codename, lang=lang).content.decode())
    english = "Your report will be erased on %(date)s. Until then you, or your advocate, can cancel this."
    with override(lang):
        translated, button = gettext(english), gettext("Cancel the erasure and keep my report")
    assert translated != english and button != "Cancel the erasure and keep my report"
    report.refresh_from_db()
    for html in (asked, page):
        assert "Until then you, or your advocate" not in html
    assert translated.split("%(date)s")[0] in asked and translated.split("%(date)s")[0] in page
    assert button in page
