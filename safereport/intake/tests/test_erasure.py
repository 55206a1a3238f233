"""Erasure is a request with a cooling-off period: cancellable until the due day, then carried out by erase_due."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from safereport import coarse_time
from safereport.accounts.models import PendingNotice
from safereport.audit.models import AuditEntry
from safereport.intake import actions
from safereport.intake.models import ErasedReport, Message, Report
from safereport.vault.models import DataKey


def _today():
    return coarse_time.today().date()


def _make_due(report, days_ago: int = 0) -> None:
    Report.objects.filter(pk=report.pk).update(erasure_due_on=_today() - timedelta(days=days_ago))


def test_an_erasure_request_sets_the_due_day_after_the_cooling_off_period_and_is_audited(world, make_report):
    report, codename = make_report()
    PendingNotice.objects.all().delete()  # the notice of the report itself, already sent
    with override_settings(SAFEREPORT_ERASURE_COOLING_OFF_DAYS=5):
        due = actions.request_erasure(report)
    report.refresh_from_db()
    assert due == _today() + timedelta(days=5) == report.erasure_due_on
    assert report.erasure_requested_on == coarse_time.today()
    entry = AuditEntry.objects.get(action="report.erasure_requested")
    assert entry.target == report.reference and entry.detail["due_on"] == due.isoformat()
    # Nothing is erased yet, and the codename still opens the report.
    assert actions.open_with_codename(codename).report.pk == report.pk
    # The organisation's caseworkers get their contentless notice, so the advocate sees the request in time.
    assert PendingNotice.objects.filter(user=world.north.advocate).exists()


def test_asking_again_keeps_the_first_due_day(world, make_report):
    report, _codename = make_report()
    first = actions.request_erasure(report)
    with override_settings(SAFEREPORT_ERASURE_COOLING_OFF_DAYS=30):
        assert actions.request_erasure(report) == first
    assert AuditEntry.objects.filter(action="report.erasure_requested").count() == 1


def test_an_erasure_request_can_be_cancelled_by_the_reporter_until_the_due_day(world, make_report):
    report, codename = make_report()
    actions.request_erasure(report)
    actions.cancel_erasure(actions.open_with_codename(codename).report)
    report.refresh_from_db()
    assert report.erasure_due_on is None and report.erasure_requested_on is None
    entry = AuditEntry.objects.get(action="report.erasure_cancelled")
    assert entry.actor == "reporter" and entry.target == report.reference
    assert actions.erase_due(timezone.now() + timedelta(days=400)) == []
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_due_erasure_cannot_be_cancelled_and_the_codename_opens_nothing(world, make_report):
    report, codename = make_report()
    actions.request_erasure(report)
    _make_due(report)
    with pytest.raises(actions.ErasureRefused):
        actions.cancel_erasure(report)
    assert actions.open_with_codename(codename) is None
    assert actions.open_report(report.pk, b"any key") is None


def test_cancelling_with_nothing_pending_is_refused(world, make_report):
    report, _codename = make_report()
    with pytest.raises(actions.ErasureRefused, match="No erasure"):
        actions.cancel_erasure(report)
    assert not AuditEntry.objects.filter(action="report.erasure_cancelled").exists()


def test_a_caseworker_cancels_only_after_confirming_they_spoke_with_the_reporter(world, make_report):
    report, _codename = make_report()
    actions.request_erasure(report)
    with pytest.raises(actions.ErasureRefused, match="spoken with the reporter"):
        actions.cancel_erasure(report, world.north.advocate)
    report.refresh_from_db()
    assert report.erasure_due_on is not None
    actions.cancel_erasure(report, world.north.advocate, spoke_with_reporter=True)
    report.refresh_from_db()
    assert report.erasure_due_on is None
    entry = AuditEntry.objects.get(action="report.erasure_cancelled")
    assert entry.actor == f"staff:{world.north.advocate.pk}" and entry.detail["spoke_with_reporter"] is True


def test_staff_of_another_organisation_or_the_police_cannot_cancel(world, make_report):
    report, _codename = make_report()
    actions.request_erasure(report)
    for outsider in (world.south.advocate, world.police.police_liaison):
        with pytest.raises(actions.ErasureRefused, match="organisation that holds"):
            actions.cancel_erasure(report, outsider, spoke_with_reporter=True)
    report.refresh_from_db()
    assert report.erasure_due_on is not None


def test_erase_due_erases_only_due_reports_and_is_idempotent(world, make_report):
    due, due_codename = make_report()
    waiting, waiting_codename = make_report()
    untouched, _ = make_report()
    cancelled, _ = make_report()
    actions.post_reporter_message(actions.open_with_codename(due_codename), "a message")
    for report in (due, waiting, cancelled):
        actions.request_erasure(report)
    actions.cancel_erasure(cancelled)
    _make_due(due, days_ago=1)

    assert actions.erase_due() == [due.reference]
    assert actions.erase_due() == []

    assert not Report.objects.filter(pk=due.pk).exists()
    assert not Message.objects.filter(report_id=due.pk).exists()
    assert not DataKey.objects.filter(pk=due.data_key_id).exists()
    assert set(Report.objects.values_list("pk", flat=True)) == {waiting.pk, untouched.pk, cancelled.pk}
    assert actions.open_with_codename(waiting_codename) is not None
    erased = AuditEntry.objects.filter(action="report.erased")
    assert [(e.target, e.actor) for e in erased] == [(due.reference, "erasure_schedule")]
    tombstone = ErasedReport.objects.get()
    assert (tombstone.reference, tombstone.organisation_id, tombstone.erased_on) == (
        due.reference,
        due.organisation_id,
        _today(),
    )


def test_erase_due_takes_the_day_it_is_given(world, make_report):
    report, _codename = make_report()
    due = actions.request_erasure(report)
    assert actions.erase_due(timezone.now()) == []
    assert actions.erase_due(timezone.now() + timedelta(days=(due - _today()).days)) == [report.reference]


def test_the_erase_due_command_erases_due_reports_and_prints_only_a_count(world, make_report, capsys):
    report, _codename = make_report()
    actions.request_erasure(report)
    _make_due(report)
    call_command("erase_due")
    out = capsys.readouterr().out
    assert out.strip() == "Erased 1 report(s)." and report.reference not in out
    assert not Report.objects.filter(pk=report.pk).exists()
