"""The audit log: hash-chained, append-only, written with the change it records, and checkable."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from safereport.audit import log
from safereport.audit.actions import AuditAction
from safereport.audit.log import record, sequence_pending, verify
from safereport.audit.models import AuditEntry


class Boom(Exception):
    pass


@pytest.fixture
def chain(db):
    """Ten entries on an empty log, chained; returns their sequence numbers in order."""
    for i in range(10):
        record(AuditAction.CASE_READ, actor="test", target=f"thing:{i}", n=i)
    sequence_pending()  # PostgreSQL chains after commit; a test's transaction never commits
    return list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))


def run_sql(sql, params=()):
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def test_intact_chain_verifies(chain):
    result = verify()
    assert result.ok and result.first_broken is None
    assert result.entries == AuditEntry.objects.count() == len(chain)


def test_entries_link_each_to_the_previous_one(chain):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.entry_hash


@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "test.innocent"),
        ("target", "thing:999"),
        ("actor", "staff:1"),
        ("detail", json.dumps({"n": 999})),
    ],
)
def test_editing_a_row_by_sql_names_that_entry(chain, column, value):
    victim = chain[4]
    run_sql(f"UPDATE {{table}} SET {column} = %s WHERE seq = %s", [value, victim])
    result = verify()
    assert not result.ok
    assert result.first_broken == victim


def test_editing_a_row_and_its_hash_breaks_the_link_to_the_next_entry(chain):
    victim = chain[4]
    run_sql("UPDATE {table} SET action = %s, entry_hash = %s WHERE seq = %s", ["test.innocent", "f" * 64, victim])
    result = verify()
    assert not result.ok and result.first_broken in (victim, victim + 1)


def test_editing_the_first_entry_is_detected(chain):
    run_sql("UPDATE {table} SET target = %s WHERE seq = %s", ["thing:x", chain[0]])
    assert verify().first_broken == chain[0]


def test_deleting_a_middle_row_is_detected(chain):
    victim = chain[5]
    run_sql("DELETE FROM {table} WHERE seq = %s", [victim])
    result = verify()
    assert not result.ok
    assert result.first_broken in (victim, victim + 1)


def test_deleting_the_last_rows_is_detected(chain):
    run_sql("DELETE FROM {table} WHERE seq >= %s", [chain[-3]])
    result = verify()
    assert not result.ok
    assert result.first_broken == chain[-3]


def test_deleting_only_the_very_last_row_is_detected(chain):
    run_sql("DELETE FROM {table} WHERE seq = %s", [chain[-1]])
    assert verify().first_broken == chain[-1]


def test_verify_audit_command_succeeds_then_names_the_tampered_entry(chain):
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert str(len(chain)) in out.getvalue()

    victim = chain[6]
    run_sql("UPDATE {table} SET action = %s WHERE seq = %s", ["test.rewritten", victim])
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", stdout=StringIO())
    assert f"entry {victim}" in str(refused.value)


def test_entry_is_written_in_the_callers_transaction(chain):
    before = AuditEntry.objects.count()
    with pytest.raises(Boom):
        with transaction.atomic():
            record(AuditAction.REPORT_ERASED, actor="test")
            raise Boom
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(action="report.erased").exists()
    # The chain carries on from the last kept entry, not from the rolled-back one.
    kept = record(AuditAction.CASE_READ, actor="test")
    sequence_pending()
    kept.refresh_from_db()
    assert kept.seq == chain[-1] + 1
    assert verify().ok


def test_rolled_back_action_leaves_no_entry(make_report):
    from safereport.intake.actions import erase_report
    from safereport.intake.models import Report

    report, _codename = make_report()
    report_id, before = report.pk, AuditEntry.objects.count()
    with pytest.raises(Boom):
        with transaction.atomic():
            erase_report(report)
            raise Boom
    assert Report.objects.filter(pk=report_id).exists()
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(action="report.erased").exists()
    assert verify().ok


def test_saving_an_existing_entry_raises(chain):
    entry = AuditEntry.objects.get(seq=chain[2])
    entry.action = "test.rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(seq=chain[2]).action == "case.read"


def test_deleting_an_entry_raises(chain):
    entry = AuditEntry.objects.get(seq=chain[2])
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.filter(seq=chain[2]).exists()
    assert verify().ok


def test_empty_log_verifies(db):
    result = verify()
    assert result.ok and result.entries == 0


def test_bulk_update_and_delete_of_audit_entries_are_refused(db):
    from safereport.audit.log import record
    from safereport.audit.models import AuditEntry

    record(AuditAction.CASE_READ, actor="system")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(action="case.read").update(action="test.other")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(action="case.read").count() == 1


@pytest.mark.django_db
def test_an_action_outside_the_vocabulary_is_refused_and_writes_nothing():
    with pytest.raises(ValueError):
        record("case.raed", actor="system")  # a typo cannot invent an action
    assert AuditEntry.objects.count() == 0


def test_every_action_recorded_in_the_code_is_in_the_vocabulary():
    """A grep for free strings: every call passes a member of AuditAction."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    free = [
        f"{p.relative_to(root)}:{m.group(0)}"
        for p in root.rglob("*.py")
        if "tests" not in p.parts
        for m in re.finditer(r'\brecord\(\s*["\']', p.read_text(encoding="utf-8"))
    ]
    assert free == []


@pytest.fixture
def chained_after_commit(monkeypatch):
    """The PostgreSQL way on any database: entries inserted pending, chained by the sequencer."""
    monkeypatch.setattr(log, "_chains_inline", lambda: False)


def test_a_pending_entry_takes_no_lock_and_is_chained_after_its_commit_in_insert_order(
    db, chained_after_commit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            first = record(AuditAction.CASE_READ, actor="test", target="thing:1")
            second = record(AuditAction.CASE_READ, actor="test", target="thing:2")
            assert first.seq is None and second.seq is None  # no place yet: nothing locked, nothing waited for
    assert callbacks  # the sequencer runs once the change is committed
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seq, second.seq) == (1, 2) and second.prev_hash == first.entry_hash
    assert verify().ok


def test_a_pending_entry_left_by_a_busy_sequencer_is_chained_by_the_next_reader(db, chained_after_commit):
    record(AuditAction.CASE_READ, actor="test", target="thing:1")  # in a test, on_commit never fires
    assert AuditEntry.objects.get().seq is None
    result = verify()  # every reader of the chain sequences first
    assert result.ok and result.entries == 1 and AuditEntry.objects.get().seq == 1


def test_a_rolled_back_pending_entry_leaves_no_gap(db, chained_after_commit):
    record(AuditAction.CASE_READ, actor="test", target="kept:1")
    with pytest.raises(Boom):
        with transaction.atomic():
            record(AuditAction.REPORT_ERASED, actor="test")
            raise Boom
    record(AuditAction.CASE_READ, actor="test", target="kept:2")
    assert sequence_pending() == 2
    assert list(AuditEntry.objects.values_list("seq", "target")) == [(1, "kept:1"), (2, "kept:2")]
    assert sequence_pending() == 0 and verify().ok


def test_pending_and_inline_entries_make_one_chain(db, monkeypatch):
    for inline, target in ((True, "inline:1"), (False, "pending:1"), (True, "inline:2")):
        monkeypatch.setattr(log, "_chains_inline", lambda inline=inline: inline)
        record(AuditAction.CASE_READ, actor="test", target=target)
        monkeypatch.setattr(log, "_chains_inline", lambda: False)
        sequence_pending()
    assert list(AuditEntry.objects.values_list("seq", "target")) == [(1, "inline:1"), (2, "pending:1"), (3, "inline:2")]
    assert verify().ok
