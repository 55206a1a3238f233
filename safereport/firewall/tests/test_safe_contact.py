"""Safe contact: whether and when it is safe to call, text or leave a message, sealed, and carried to the police only with contact consent."""

import json

import pytest
from django.db import connection
from django.test import Client

from safereport.firewall import referrals
from safereport.firewall.disclosure import disclose
from safereport.firewall.models import Referral
from safereport.intake.actions import change_consent
from safereport.intake.models import Report
from safereport.intake.submission import Submission, SubmissionInvalid

SAFE_TIMES = "Weekday mornings while Brannoch is at the Velmoor depot"
SAFE = {"call": False, "text": True, "leave_message": False, "times": SAFE_TIMES}
CONTACT_ONLY = {"police": {"share_contact": True, "share_narrative": False}}
NARRATIVE_ONLY = {"police": {"share_contact": False, "share_narrative": True}}
# What a reporter asking for immigration advice must never send anywhere.
IMMIGRATION_KEYS = ("immigration", "wants_immigration_advice")


def _report(make_report, **overrides):
    fields = dict(
        safe_contact=SAFE,
        contact={"phone": "+44 7700 900321"},
        wants={"interpreter", "police_visit", "immigration_advice"},
        interpreter_language="Tigrinya",
        consent=CONTACT_ONLY,
        reported_by="victim",
    )
    fields.update(overrides)
    return make_report(**fields)[0]


def _preview(report, world):
    decision = disclose(report, "police", unlocked=world.north.unlocked, actor="test", purpose="preview")
    assert decision.allowed
    return decision.package


def _clear_rows() -> str:
    """Every clear column of every table, as text: what a copy of the database shows without a key."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the database itself)
            for row in cursor.fetchall():
                found += [bytes(v).decode("utf-8", "replace") if isinstance(v, (bytes, memoryview)) else str(v) for v in row]
    return "\n".join(found)


def test_safe_contact_answers_are_sealed_never_in_a_clear_row(make_report):
    report = _report(make_report)
    assert report.safe_contact_sealed is not None
    text = _clear_rows()
    assert "Velmoor" not in text and "Brannoch" not in text


def test_safe_contact_is_sealed_at_one_size_whether_answered_or_not(make_report):
    answered = _report(make_report, safe_contact={**SAFE, "times": "ሰ" * 200})
    silent = _report(make_report, safe_contact={})
    assert len(bytes(answered.safe_contact_sealed)) == len(bytes(silent.safe_contact_sealed))


def test_package_with_contact_consent_carries_how_and_when_to_make_contact(world, make_report):
    package = _preview(_report(make_report), world)
    arrangements = package["contact_arrangements"]
    assert arrangements["safe_to_call"] is False and arrangements["safe_to_text"] is True
    assert arrangements["safe_to_leave_message"] is False
    assert "Velmoor depot" in arrangements["safe_times"]
    assert arrangements["interpreter_needed"] is True
    assert "Tigrinya" not in json.dumps(package)  # the interpreter's language, free text, never goes
    assert arrangements["supported_visit_wanted"] is True
    assert arrangements["contact_through"]["organisation"] == world.north.org.name
    assert package["crime"]["reported_by"] == "victim"
    assert package["format"] == "safereport.disclosure/2"


def test_package_without_contact_consent_carries_no_safe_contact_answers(world, make_report):
    package = _preview(_report(make_report, consent=NARRATIVE_ONLY), world)
    arrangements = package["contact_arrangements"]
    for key in ("safe_to_call", "safe_to_text", "safe_to_leave_message", "safe_times"):
        assert key not in arrangements
    assert "Velmoor" not in json.dumps(package) and "Tigrinya" not in json.dumps(package)
    # How to make any contact at all still goes: through the advocate, with an interpreter.
    assert arrangements["interpreter_needed"] is True and arrangements["contact_through"]["organisation"]


def test_no_consent_no_package_and_no_safe_contact(world, make_report):
    report = _report(make_report, consent={})
    assert not disclose(report, "police", unlocked=world.north.unlocked, actor="test", purpose="preview").allowed


def test_contact_arrangements_never_carry_immigration_data(world, make_report):
    package = _preview(_report(make_report, safe_contact={**SAFE, "times": "after my visa appointment on Monday"}), world)
    flat = json.dumps(package)
    assert "immigration" not in package and "immigration" in package["withheld_classes"]
    assert "immigration_advice" not in flat
    for key in IMMIGRATION_KEYS:
        assert key not in package["contact_arrangements"]
    assert "visa" not in package["contact_arrangements"]["safe_times"]


def test_referral_names_the_advocate_and_the_liaison_sees_contact_arrangements_first(world, make_report, sign_in):
    report = _report(make_report)
    referral = referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    opened = referrals.open_referral(referral, world.police.unlocked, world.police.police_liaison)
    assert opened.package["contact_arrangements"]["contact_through"]["advocate"] == world.north.advocate.email
    page = sign_in(world.police.police_liaison, test_client=Client()).get(f"/en/staff/police/{referral.pk}/").content.decode()
    assert 'id="contact-arrangements"' in page and 'id="safe-to-call"' in page
    assert page.index('id="contact-arrangements"') < page.index('id="crime-facts"')


def test_withdrawn_contact_consent_takes_the_safe_contact_answers_out_of_the_referral(world, make_report):
    report = _report(make_report)
    referral = referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    change_consent(report, "police", share_contact=False, share_narrative=False, language="en")
    opened = referrals.open_referral(Referral.objects.get(pk=referral.pk), world.police.unlocked, world.police.police_liaison)
    assert "contact" in opened.delete
    assert "safe_to_call" not in opened.package["contact_arrangements"]
    assert "Velmoor" not in json.dumps(opened.package)


@pytest.mark.parametrize(
    ("safe_contact", "field"),
    [
        ({"call": "yes"}, "safe_contact.call"),
        ({"leave_message": 1}, "safe_contact.leave_message"),
        ({"times": "x" * 201}, "safe_contact.times"),
        ({"times": "ok\x00"}, "safe_contact.times"),
        ({"when": "now"}, "safe_contact"),
    ],
)
def test_bad_safe_contact_answers_are_refused_by_name_and_nothing_is_stored(world, safe_contact, field):
    from safereport.intake.actions import submit_report

    with pytest.raises(SubmissionInvalid) as refused:
        submit_report(Submission(crime_type="assault", narrative="He hit me.", language="en", safe_contact=safe_contact))
    assert field in refused.value.errors
    assert not Report.objects.exists()


def test_unknown_reported_by_is_refused_by_name(world):
    with pytest.raises(SubmissionInvalid) as refused:
        Submission(crime_type="assault", narrative="He hit me.", language="en", reported_by="neighbour").validate()
    assert "reported_by" in refused.value.errors
