"""Staff are told that something is waiting, in one identical email per batch that says nothing about it."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from safereport.accounts import notices
from safereport.accounts.actions import remove_staff
from safereport.accounts.models import PendingNotice
from safereport.audit.models import AuditEntry
from safereport.firewall.referrals import refer_to_police
from safereport.intake.actions import open_with_codename, post_reporter_message

NARRATIVE = "Kofi Mensah hit me outside the Green Street laundrette on Monday."


def _notified(world):
    return set(PendingNotice.objects.values_list("user__email", flat=True))


def test_a_new_report_waits_for_its_organisations_caseworkers_only(world, make_report):
    make_report(narrative=NARRATIVE, area="north")
    assert _notified(world) == {world.north.supervisor.email, world.north.advocate.email}


def test_a_reporters_reply_waits_for_the_organisation_too(world, make_report):
    report, codename = make_report(area="south")
    PendingNotice.objects.all().delete()
    post_reporter_message(open_with_codename(codename), "He came back last night.")
    assert _notified(world) == {world.south.supervisor.email, world.south.advocate.email}


def test_many_events_make_one_email_per_person_that_names_nothing(world, make_report):
    references = [make_report(narrative=NARRATIVE, area="north")[0].reference for _ in range(3)]
    sent, failed = notices.send_pending()
    assert (sent, failed) == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.north.supervisor.email, world.north.advocate.email])
    subject, body = notices.notice_text()
    for message in mail.outbox:
        assert (message.subject, message.body) == (subject, body)
        text = message.subject + message.body
        assert "/en/staff/sign-in/" in text
        for leak in [*references, "Kofi", "Green Street", "assault", "north", "North Support"]:
            assert leak.lower() not in text.lower()
    assert not PendingNotice.objects.exists()
    assert notices.send_pending() == (0, 0)  # sent once: nothing waits any more


def test_each_notice_sent_is_audited_by_staff_id_only(world, make_report):
    make_report(area="north")
    notices.send_pending()
    entries = AuditEntry.objects.filter(action="notice.sent")
    assert {entry.target for entry in entries} == {f"staff:{world.north.supervisor.pk}", f"staff:{world.north.advocate.pk}"}


def test_a_notice_that_cannot_be_sent_waits_for_the_next_run(world, make_report, monkeypatch):
    make_report(area="north")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notices, "send_mail", refuse)
    with pytest.raises(CommandError, match="2 notice"):
        call_command("send_notices", stdout=StringIO())
    assert PendingNotice.objects.count() == 2
    assert not AuditEntry.objects.filter(action="notice.sent").exists()


def test_removed_staff_are_told_nothing(world, make_report):
    make_report(area="north")
    remove_staff(world.north.advocate, actor="test")
    make_report(area="north")
    out = StringIO()
    call_command("send_notices", stdout=out)
    assert "Sent 1 notice" in out.getvalue()
    assert [message.to for message in mail.outbox] == [[world.north.supervisor.email]]


def test_police_liaisons_are_not_told_of_new_reports(world, make_report):
    make_report(area="north")
    assert not PendingNotice.objects.filter(user__role="police_liaison").exists()


def test_a_referral_waits_for_the_forces_liaisons(world, make_report):
    report, _codename = make_report(area="north", consent={"police": {"share_contact": False, "share_narrative": True}})
    PendingNotice.objects.all().delete()
    refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    assert _notified(world) == {world.police.police_liaison.email}


def test_a_police_update_waits_for_the_sending_organisation(world, make_report):
    from safereport.firewall import police_updates

    report, _codename = make_report(area="north", consent={"police": {"share_contact": False, "share_narrative": True}})
    referral = refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    PendingNotice.objects.all().delete()
    police_updates.ask_for_contact(referral, world.police.unlocked, world.police.police_liaison, "Can we meet her on Thursday?")
    assert _notified(world) == {world.north.supervisor.email, world.north.advocate.email}
