"""The erasure ledger lists every destroyed data key once the erasure commits, and only then."""

import json
import stat
import uuid
from datetime import date

import pytest
from django.db import transaction

from safereport.intake import actions as intake_actions
from safereport.intake.models import Report
from safereport.vault import erasure_ledger, records


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.django_db(transaction=True)
def test_an_erasure_lists_its_data_key_and_day_only_once_it_commits(world, make_report, erasure_ledger_file):
    report, _codename = make_report()
    intake_actions.erase_report(report)
    assert _lines(erasure_ledger_file) == [{"data_key": str(report.data_key_id), "on": date.today().isoformat()}]
    assert stat.S_IMODE(erasure_ledger_file.stat().st_mode) == 0o600
    assert report.reference not in erasure_ledger_file.read_text()


@pytest.mark.django_db(transaction=True)
def test_an_erasure_that_rolls_back_is_not_listed(world, make_report, erasure_ledger_file):
    report, _codename = make_report()
    report_id = report.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        intake_actions.erase_report(report)
        raise RuntimeError("the request failed after the erasure")
    assert not erasure_ledger_file.exists()
    assert records.open_with_organisation(report.data_key_id, world.north.unlocked)  # nothing was erased
    intake_actions.erase_report(Report.objects.get(pk=report_id))
    assert len(_lines(erasure_ledger_file)) == 1


def test_an_append_after_a_crash_mid_line_starts_a_line_of_its_own(erasure_ledger_file):
    first, second = uuid.uuid4(), uuid.uuid4()
    erasure_ledger.append(first, date(2026, 3, 1))
    with erasure_ledger_file.open("ab") as out:
        out.write(b'{"data_key":"1234')  # the process died here
    erasure_ledger.append(second, date(2026, 3, 2))
    ledger = erasure_ledger.read()
    assert ledger.entries == {first: date(2026, 3, 1), second: date(2026, 3, 2)}
    assert ledger.damaged == [2]


def test_a_line_cut_short_after_its_data_key_still_counts_so_the_restore_erases_it(erasure_ledger_file):
    whole, cut = uuid.uuid4(), uuid.uuid4()
    erasure_ledger.append(whole, date(2026, 3, 1))
    with erasure_ledger_file.open("ab") as out:
        out.write(b'{"data_key":"' + str(cut).encode() + b'","on":"2026-0')
    ledger = erasure_ledger.read()
    assert ledger.entries == {whole: date(2026, 3, 1), cut: date(2026, 3, 1)} and ledger.damaged == [2]


def test_merging_keeps_every_key_of_both_ledgers_with_its_earliest_day(erasure_ledger_file):
    here, both, theirs = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    erasure_ledger.append(here, date(2026, 5, 1))
    erasure_ledger.append(both, date(2026, 5, 3))
    other = b"".join(
        json.dumps({"data_key": str(k), "on": d}).encode() + b"\n" for k, d in [(both, "2026-05-02"), (theirs, "2026-04-30")]
    )
    merged = erasure_ledger.merge_in(other + b"garbage\n")
    expected = {here: date(2026, 5, 1), both: date(2026, 5, 2), theirs: date(2026, 4, 30)}
    assert merged.entries == expected and merged.damaged == [3]
    assert erasure_ledger.read().entries == expected and not erasure_ledger.read().damaged
