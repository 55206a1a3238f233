"""`safereport seed --reports N`: synthetic reports sealed like real ones, only in the demo organisations."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safereport import coarse_time
from safereport.accounts.models import User
from safereport.audit.models import AuditEntry
from safereport.cases.actions import open_case
from safereport.intake.models import Consent, Report
from safereport.management.commands.seed_demo import DEMO_PASSWORD
from safereport.vault import keyring


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_synthetic_reports_are_sealed_like_real_ones_and_open_for_their_organisation(demo):
    demo_reports = Report.objects.count()
    call_command("seed", "--reports", "60", "--batch", "25", "--random-seed", "7", stdout=StringIO())
    synthetic = Report.objects.exclude(narrative_sealed__isnull=True).order_by("-received_order")[:60]
    assert Report.objects.count() == demo_reports + 60
    supervisor = User.objects.get(email="supervisor@northside.example")
    unlocked = keyring.unlock_organisation(supervisor, DEMO_PASSWORD)
    opened = [
        open_case(report, unlocked, supervisor) for report in synthetic if report.organisation_id == supervisor.organisation_id
    ]
    assert opened and all(case.narrative.endswith(".") for case in opened)
    for case in opened:
        assert case.narrative.encode() not in bytes(case.report.narrative_sealed)
    for report in synthetic:
        assert report.area in (report.organisation.areas or [])
    assert Consent.objects.filter(report__in=list(synthetic)).count() == 60


def test_synthetic_reports_arrive_over_three_years_and_old_ones_are_mostly_closed(demo):
    call_command("seed", "--reports", "400", "--random-seed", "1", stdout=StringIO())
    today = coarse_time.today()
    ages = [(today - report.created_at).days for report in Report.objects.all()]
    assert max(ages) > 365 and min(ages) == 0 and max(ages) <= 3 * 366
    old = Report.objects.filter(created_at__lt=today.replace(year=today.year - 1))
    assert old.filter(status=Report.Status.CLOSED).count() > 0.8 * old.count()
    assert len({report.crime_type for report in Report.objects.all()}) >= 6
    assert len({report.language for report in Report.objects.all()}) >= 6


def test_one_audit_entry_per_run_and_none_per_report(demo):
    before = AuditEntry.objects.count()
    call_command("seed", "--reports", "30", stdout=StringIO())
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.last().action == "synthetic_reports.added"


def test_synthetic_reports_go_only_to_the_demo_organisations(world):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed", "--reports", "5", stdout=StringIO())
    assert not Report.objects.exists()


@pytest.mark.parametrize("arguments", [["--reports", "0"], ["--reports", "5", "--batch", "0"]])
def test_bad_counts_are_refused_before_anything_is_written(demo, arguments):
    demo_reports = Report.objects.count()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed", *arguments, stdout=StringIO())
    assert Report.objects.count() == demo_reports
