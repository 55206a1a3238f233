"""Retention: what nobody erases is erased when its period ends, as an erasure is, record by record, once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereport import coarse_time
from safereport.audit.models import AuditEntry
from safereport.intake import actions, retention
from safereport.intake.models import ErasedReport, Message, Report

pytestmark = pytest.mark.django_db

CONTACT = {"phone": "+44 7700 900461"}


def _age(report, days):
    """Pretend the report was last changed `days` ago (the day column can only be set by an UPDATE)."""
    Report.objects.filter(pk=report.pk).update(updated_at=coarse_time.to_day(timezone.now() - timedelta(days=days)))


def test_a_closed_case_is_erased_once_its_period_has_run_and_not_a_day_before(world, make_report, settings):
    settings.RETENTION_DAYS = {"closed_case": 100, "report_without_contact": 0, "message": 0}
    due, _codename = make_report(contact=CONTACT)
    young, _codename = make_report(contact=CONTACT)
    still_open, _codename = make_report(contact=CONTACT)
    Report.objects.filter(pk__in=[due.pk, young.pk]).update(status=Report.Status.CLOSED)
    _age(due, 101)
    _age(young, 99)
    _age(still_open, 400)

    swept = retention.sweep()

    assert swept.erased == {"closed_case": [due.reference]}
    assert set(Report.objects.values_list("pk", flat=True)) == {young.pk, still_open.pk}
    tombstone = ErasedReport.objects.get(reference=due.reference)
    assert tombstone.reason == "retention" and tombstone.organisation_id == world.north.org.pk
    entry = AuditEntry.objects.get(action="report.erased", target=due.reference)
    assert entry.actor == "retention" and entry.detail == {"reason": "retention"}
    assert retention.sweep().erased == {}  # nothing left: running it again changes nothing


def test_a_report_that_left_no_way_to_reach_the_reporter_expires_when_untouched(world, make_report, settings):
    settings.RETENTION_DAYS = {"closed_case": 0, "report_without_contact": 30, "message": 0}
    no_contact, _codename = make_report()
    with_contact, _codename = make_report(contact=CONTACT)
    _age(no_contact, 31)
    _age(with_contact, 31)
    assert retention.sweep().erased == {"report_without_contact": [no_contact.reference]}
    assert Report.objects.filter(pk=with_contact.pk).exists()


def test_a_period_of_zero_never_expires_and_old_messages_go_alone_when_set(world, make_report, settings):
    settings.RETENTION_DAYS = {"closed_case": 0, "report_without_contact": 0, "message": 10}
    report, codename = make_report(contact=CONTACT)
    actions.post_reporter_message(actions.open_with_codename(codename), "He came back.")
    actions.post_reporter_message(actions.open_with_codename(codename), "Today again.")
    old = Message.objects.order_by("pk").first()
    Message.objects.filter(pk=old.pk).update(sent_at=coarse_time.to_day(timezone.now() - timedelta(days=11)))
    _age(report, 5000)
    swept = retention.sweep()
    assert swept.erased == {} and swept.messages_deleted == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [Message.objects.get().pk] and Report.objects.exists()
    assert AuditEntry.objects.filter(action="message.expired", target=report.reference).count() == 1


def test_the_advocate_is_told_the_retention_period_ended(world, make_report, settings, sign_in):
    settings.RETENTION_DAYS = {"closed_case": 1, "report_without_contact": 0, "message": 0}
    report, _codename = make_report(contact=CONTACT)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.CLOSED)
    _age(report, 3)
    retention.sweep()
    page = sign_in(world.north.advocate).get(f"/en/staff/cases/{report.reference}/")
    assert page.status_code == 410
    assert "at the end of its retention period" in page.content.decode()
    assert "The reporter erased" not in page.content.decode()


def test_the_daily_job_runs_every_step_and_prints_counts_only(world, make_report, settings):
    settings.RETENTION_DAYS = {"closed_case": 1, "report_without_contact": 0, "message": 0}
    report, _codename = make_report(contact=CONTACT)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.CLOSED)
    _age(report, 3)
    out = StringIO()
    call_command("daily", stdout=out)
    assert "Expired and erased: closed_case 1." in out.getvalue()
    assert report.reference not in out.getvalue()
    assert not Report.objects.exists()
