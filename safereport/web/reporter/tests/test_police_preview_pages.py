"""The reporter's "what the police would receive" pages: on the consent step from the sealed draft, and on my-report."""

import html
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from safereport.firewall.disclosure import disclose
from safereport.firewall.models import Referral
from safereport.firewall.police_preview import preview
from safereport.firewall.tests.conftest import remove_every_mark
from safereport.intake import withheld
from safereport.intake.actions import open_with_codename
from safereport.intake.models import Report
from safereport.web.reporter.tests.report_form_walk import STEP_FIELDS, ReportForm, codename_shown

PHONE = "+44 7700 900123"
KEPT_BACK = "My cousin Bartholomew Quince saw everything from the van."
NARRATIVE = (
    f"My employer Jorvik kept my wages and locked me in the storeroom. My visa expired in March. {KEPT_BACK} Call me on {PHONE}."
)
ANSWERS = {
    "crime_type": "trafficking",
    "narrative": NARRATIVE,
    "area": "north",
    "wants": ["advocate"],
    "police_share_contact": "yes",
    "police_share_narrative": "yes",
    "name": "Ana",
    "phone": PHONE,
}
BOTH = {"police": {"share_contact": True, "share_narrative": True}}
_POLICE_TEXT = re.compile(r'<div class="narrative outbound" id="police-text" dir="auto">(.*?)</div>', re.S)


def part_of(text: str, words: str) -> str:
    return str(next(n for n, (start, end) in enumerate(withheld.parts(text)) if words in text[start:end]))


def police_text(response) -> str:
    """The text the page says the police would receive, as a string (one paragraph)."""
    found = _POLICE_TEXT.search(response.content.decode())
    assert found, response.content.decode()[:1500]
    inner = found.group(1).strip()
    assert inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1
    return html.unescape(inner[3:-4])


def checked(response) -> list[str]:
    return re.findall(
        r'name="withhold" value="(\d+)" id="withhold-\d+" aria-describedby="part-\d+" checked', response.content.decode()
    )


def to_police(report, world):
    return disclose(
        report,
        "police",
        unlocked=world.north.unlocked,
        actor="staff:1",
        recipient_name="Shire Police",
        decisions=remove_every_mark(report, world.north.unlocked, "keep"),
    )  # the reporter's cuts alone


class Walk(ReportForm):
    """The report form up to its consent step, and the preview from there."""

    def to_consent_step(self, answers=ANSWERS):
        self.send("what", answers)
        return self.send("wants", answers)

    def open_preview(self, answers=ANSWERS):
        payload = {
            "step": "contact",
            "form_token": self.token,
            "preview": "",
            **{name: answers[name] for name in STEP_FIELDS["contact"] if name in answers},
        }
        response = self.client.post(f"/{self.lang}/report/", payload)
        assert response.status_code == 302 and response["Location"] == f"/{self.lang}/report/police-preview/"
        return self.client.get(response["Location"])

    def keep_back(self, numbers, *, done=True, status=302):
        payload = {"form_token": self.token, "withhold": numbers, **({"done": ""} if done else {"update": ""})}
        response = self.client.post(f"/{self.lang}/report/police-preview/", payload)
        assert response.status_code == status, response.content.decode()[:1500]
        return response


@pytest.fixture
def walk(world, client):
    return Walk(client)


# --- on the consent step -------------------------------------------------------------------------------------


def test_consent_step_offers_the_preview_and_it_is_drawn_from_the_draft_never_from_the_page(walk):
    consent_step = walk.to_consent_step().content.decode()
    assert 'name="preview"' in consent_step and "What the police would receive" in consent_step
    page = walk.open_preview()
    assert page.status_code == 200
    assert police_text(page) == preview(NARRATIVE, "en", share_contact=True, withheld_ranges=()).text
    body = page.content.decode()
    assert "visa expired" not in body and "[removed]" in body and PHONE in police_text(page)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"', body)
    assert sorted(hidden) == ["csrfmiddlewaretoken", "form_token"], "nothing the reporter wrote travels in the page"
    assert not re.search(r'value="[^"]*(Jorvik|Bartholomew)', body)
    assert '<fieldset class="parts">' in body and "<legend>" in body
    assert 'for="withhold-0"' in body and 'aria-describedby="part-0"' in body


def test_preview_follows_the_contact_choice_being_made_and_can_show_the_other(walk):
    walk.to_consent_step()
    without = walk.open_preview({**ANSWERS, "police_share_contact": "no"})
    assert PHONE not in police_text(without) and "Call me on [removed]." in police_text(without)
    other = walk.client.get("/en/report/police-preview/?contact=yes")
    assert police_text(other) == preview(NARRATIVE, "en", share_contact=True, withheld_ranges=()).text


def test_part_kept_back_on_the_consent_step_is_in_no_part_of_the_police_package(world, walk):
    walk.to_consent_step()
    walk.open_preview()
    back = walk.keep_back([part_of(NARRATIVE, "Bartholomew")])
    assert back["Location"] == "/en/report/?step=contact"
    step = walk.client.get(back["Location"]).content.decode()
    assert "You keep back 1 part of what you wrote." in step
    shown = walk.client.get("/en/report/police-preview/")
    assert checked(shown) == [part_of(NARRATIVE, "Bartholomew")] and "Bartholomew" not in police_text(shown)
    promised = police_text(shown)
    codename_shown(walk.send("contact", ANSWERS))
    report = Report.objects.get()
    package = to_police(report, world).package
    assert package["narrative"] == promised, "the police receive byte for byte what the reporter was shown"
    assert "Bartholomew" not in json.dumps(package, ensure_ascii=False) and "Jorvik kept my wages" in package["narrative"]


@pytest.mark.parametrize("numbers", [["99"], ["-1"], ["2", "2"], ["x"], ["9" * 40], ["0", "99"]])
def test_forged_part_numbers_on_the_consent_step_are_refused_and_keep_the_earlier_choice(walk, numbers):
    walk.to_consent_step()
    walk.open_preview()
    walk.keep_back([part_of(NARRATIVE, "Bartholomew")])
    refused = walk.keep_back(numbers, status=400)
    assert 'id="preview-error"' in refused.content.decode() and "Nothing was changed" in refused.content.decode()
    assert checked(walk.client.get("/en/report/police-preview/")) == [part_of(NARRATIVE, "Bartholomew")]


def test_an_edit_after_keeping_back_a_part_holds_the_report_until_the_reporter_looks_again(world, walk):
    walk.to_consent_step()
    walk.open_preview()
    walk.keep_back([part_of(NARRATIVE, "Bartholomew")])
    edited = {**ANSWERS, "narrative": NARRATIVE.replace("Bartholomew Quince", "Barty")}
    walk.send("what", edited)
    walk.send("wants", edited)
    held = walk.send("contact", edited)
    assert not Report.objects.exists(), "the report went with words the reporter had meant to keep back"
    assert 'id="withheld-stale"' in held.content.decode()
    again = walk.client.get("/en/report/police-preview/")
    assert 'id="withheld-stale"' in again.content.decode() and "Barty" in police_text(again)
    walk.keep_back([part_of(edited["narrative"], "Barty")])
    codename_shown(walk.send("contact", edited))
    assert "Barty" not in to_police(Report.objects.get(), world).package["narrative"]


def test_a_kept_back_part_follows_its_words_when_other_sentences_are_edited(world, walk):
    walk.to_consent_step()
    walk.open_preview()
    walk.keep_back([part_of(NARRATIVE, "Bartholomew")])
    edited = {**ANSWERS, "narrative": "It began in May. " + NARRATIVE.replace("storeroom", "cold storeroom")}
    walk.send("what", edited)
    walk.send("wants", edited)
    codename_shown(walk.send("contact", edited))
    package = to_police(Report.objects.get(), world).package
    assert "Bartholomew" not in package["narrative"] and "It began in May. " in package["narrative"]


def test_the_draft_keeps_the_choice_sealed_in_the_session(walk):
    walk.to_consent_step()
    walk.open_preview()
    walk.keep_back([part_of(NARRATIVE, "Bartholomew")])
    for row in Session.objects.all():
        decoded = json.dumps(row.get_decoded(), ensure_ascii=False)
        assert "Bartholomew" not in decoded and "Jorvik" not in decoded


def test_the_preview_without_a_draft_goes_back_to_the_start_of_the_form(world):
    assert Client().get("/en/report/police-preview/")["Location"] == "/en/report/"
    posted = Client().post("/en/report/police-preview/", {"form_token": "guess", "withhold": ["0"]})
    assert posted.status_code == 302 and posted["Location"] == "/en/report/"


# --- on my-report --------------------------------------------------------------------------------------------


@pytest.fixture
def returned(make_report):
    """A report shared in full with the police; (report, a client signed back in with its codename, cipher)."""
    report, codename = make_report(narrative=NARRATIVE, consent=BOTH, contact={"name": "Ana", "phone": PHONE})
    client = Client()
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    return report, client, open_with_codename(codename).cipher


def test_my_report_preview_is_the_police_package_and_keeping_back_a_part_takes_effect_at_once(world, returned):
    report, client, cipher = returned
    assert 'href="/en/my-report/police-preview/"' in client.get("/en/my-report/").content.decode()
    page = client.get("/en/my-report/police-preview/")
    assert police_text(page) == to_police(report, world).package["narrative"]
    saved = client.post("/en/my-report/police-preview/", {"withhold": [part_of(NARRATIVE, "Bartholomew")], "done": ""})
    assert saved.status_code == 302 and saved["Location"] == "/en/my-report/"
    mine = client.get("/en/my-report/").content.decode()
    assert 'id="withheld-saved"' in mine and "The police will not receive 1 part you chose." in mine
    report.refresh_from_db()
    after = client.get("/en/my-report/police-preview/")
    assert police_text(after) == to_police(report, world).package["narrative"]
    assert "Bartholomew" not in police_text(after) and checked(after) == [part_of(NARRATIVE, "Bartholomew")]


@pytest.mark.parametrize("numbers", [["99"], ["1", "1"], ["one"]])
def test_forged_part_numbers_on_my_report_are_refused_and_change_nothing(returned, numbers):
    report, client, _cipher = returned
    before = bytes(Report.objects.get(pk=report.pk).narrative_withheld_sealed)
    refused = client.post("/en/my-report/police-preview/", {"withhold": numbers, "done": ""})
    assert refused.status_code == 400 and "Nothing was changed" in refused.content.decode()
    assert bytes(Report.objects.get(pk=report.pk).narrative_withheld_sealed) == before


def test_reporter_is_told_in_plain_words_that_a_package_already_sent_cannot_be_changed(world, returned, sign_in):
    report, client, _cipher = returned
    assert "cannot be changed" not in client.get("/en/my-report/police-preview/").content.decode()
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}).status_code == 302
    page = client.get("/en/my-report/police-preview/").content.decode()
    assert 'id="already-sent"' in page and "A package that has been sent cannot be changed." in page
    client.post("/en/my-report/police-preview/", {"withhold": [part_of(NARRATIVE, "Bartholomew")], "done": ""})
    mine = client.get("/en/my-report/").content.decode()
    assert "cannot be changed, so we have told them to stop using what you wrote" in mine
    assert Referral.objects.get(report=report).reporter_withheld_more_on is not None


def test_my_report_preview_says_when_nothing_is_shared_yet(make_report):
    _report, codename = make_report(narrative=NARRATIVE)
    client = Client()
    client.post("/en/return/", {"codename": codename})
    page = client.get("/en/my-report/police-preview/").content.decode()
    assert 'id="not-shared"' in page and "[removed]" in page


def test_my_report_preview_needs_the_reporters_visit(world):
    assert Client().get("/en/my-report/police-preview/")["Location"] == "/en/return/"
    assert Client().post("/en/my-report/police-preview/", {"withhold": ["0"]})["Location"] == "/en/return/"


def test_the_place_in_the_reporters_own_words_is_shown_as_the_package_carries_it(client, make_report, world):
    area = "behind the Polish shop on Elm Row near my flat"
    report, codename = make_report(area=area, consent={"police": {"share_contact": False, "share_narrative": True}})
    assert client.post("/en/return/", {"codename": codename}).status_code == 302
    page = client.get("/en/my-report/police-preview/").content.decode()
    package = to_police(report, world).package
    assert package["crime"]["area"] and f'<p class="outbound" id="police-area" dir="auto">{package["crime"]["area"]}</p>' in page
    assert "Where it happened, as the police would read it" in page
