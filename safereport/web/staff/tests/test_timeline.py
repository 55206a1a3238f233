"""The case timeline: every event on a case, oldest first, in one list, only for the case's own organisation."""

import re

from django.test import Client

from safereport.cases import actions
from safereport.firewall import police_updates, referrals, visit_letter
from safereport.intake import actions as intake_actions
from safereport.risk.sets import current_sets, set_key_for
from safereport.risk.tests.test_assessment import assess
from safereport.visits.tests.factories import agreement_and_station, book

NARRATIVE = "A man hit me outside the shop on Monday."


def _events(html: str) -> list[str]:
    timeline = html.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in timeline.split("<li")[1:]]


def test_every_event_on_a_case_in_the_order_it_happened(world, make_report, sign_in):
    report, codename = make_report(narrative=NARRATIVE, consent={"police": {"share_contact": False, "share_narrative": True}})
    advocate, unlocked = world.north.advocate, world.north.unlocked
    intake_actions.post_reporter_message(intake_actions.open_with_codename(codename), "He came back last night.")
    actions.reply_to_reporter(report, "Are you safe to talk this week?", unlocked, advocate)
    actions.add_note(report, "Called the refuge; a place on Thursday.", unlocked, advocate)
    actions.change_status(report, "closed", advocate)
    actions.change_status(report, "in_progress", advocate)
    referral = referrals.refer_to_police(report, world.police.org, unlocked, advocate)
    police_updates.ask_for_contact(referral, world.police.unlocked, world.police.police_liaison, "Can we meet her on Thursday?")
    sets = current_sets(world.north.org.pk)
    assess(world, report, sets[set_key_for(report.crime_type, sets)])

    page = sign_in(advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/")
    assert page.status_code == 200
    events = _events(page.content.decode())
    titles = [
        "Report received",
        "Message from the reporter",
        "Reply to the reporter",
        "Note",
        "Status changed from In progress to Closed",
        "Status changed from Closed to In progress",
        "Referred to Shire Police",
        "Shire Police asked for contact through the advocate",
        # The day only: after everything timed on that day.
        "Risk assessed: Standard",
    ]
    positions = [next(i for i, event in enumerate(events) if title in event) for title in titles]
    assert positions == sorted(positions), events
    assert "He came back last night." in events[positions[1]]
    assert world.north.advocate.email in events[positions[3]]
    assert 'dir="auto"' in page.content.decode().split('id="timeline"', 1)[1]


def test_a_supported_visit_and_its_letter_are_on_the_timeline(world, make_report, sign_in):
    report, _codename = make_report(language="ar")
    _agreement, station = agreement_and_station(world.north, world.police.org)
    visit = book(report, world.north, station)
    page = sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/")
    events = _events(page.content.decode())
    booked = [event for event in events if "Supported visit booked: Central Police Station (Shire Police)" in event]
    assert len(booked) == 1 and world.north.advocate.email in booked[0]
    assert not any("Assurance letter" in event for event in events)

    visit_letter.issue_letter(visit, world.north.unlocked, world.north.advocate, "ar")
    events = _events(
        sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/").content.decode()
    )
    letters = [i for i, event in enumerate(events) if "Assurance letter for the visit issued in Arabic" in event]
    booked_at = next(i for i, event in enumerate(events) if "Supported visit booked" in event)
    assert len(letters) == 1 and letters[0] > booked_at


def test_the_reporters_words_are_escaped_on_the_timeline(world, make_report, sign_in):
    report, codename = make_report()
    intake_actions.post_reporter_message(intake_actions.open_with_codename(codename), "<script>alert(1)</script>")
    page = sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/")
    timeline = page.content.decode().split('id="timeline"', 1)[1]
    assert "<script>alert(1)</script>" not in timeline
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline


def test_another_organisations_staff_see_no_timeline(world, make_report, sign_in):
    report, _codename = make_report(area="north")
    page = sign_in(world.south.advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/")
    assert page.status_code == 404


def test_no_refer_button_without_consent_and_the_page_says_why(world, make_report, sign_in):
    report, _codename = make_report(consent={"police": {"share_contact": False, "share_narrative": False}})
    page = sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert f'action="/en/staff/cases/{report.reference}/refer/"' not in page
    assert 'id="no-referral"' in page
    consented, _codename = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    page = sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{consented.reference}/").content.decode()
    assert f'action="/en/staff/cases/{consented.reference}/refer/"' in page and 'id="no-referral"' not in page
