"""Issue 16, durability under faults: a report answered 201 survives the whole server being killed with SIGKILL.

Eight clients submit reports through a real gunicorn (the project's config) on a throwaway database; after about 40
acknowledged submissions the master and every worker are killed at once (their process group), while submissions
are still in flight. The server restarts on the same data: every acknowledged submission opens with its codename
through the API, the interrupted ones left no half-stored rows (bench.kill_durability.ORPHAN_QUERIES), and the
audit chain verifies, also after more submissions. `bench/kill_durability.py` runs a bigger version.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from bench.intake_throughput import throwaway_postgres
from bench.kill_durability import ORPHAN_QUERIES, WRAP_WITHOUT_KEY_FILE, Outcome, run_engine
from safereport.intake.models import Consent
from safereport.vault import records
from safereport.vault.models import CodenameWrap, DataKey, SealedDataKey

KILL_AFTER, CLIENTS, AFTER = 40, 8, 8


def _killed_and_restarted(data_dir, database_url) -> Outcome:
    return run_engine(
        "test",
        database_url,
        data_dir,
        kills=1,
        kill_after=KILL_AFTER,
        clients=CLIENTS,
        after=AFTER,
        workers=2,
        threads=4,
        testing=True,
    )


def _assert_nothing_lost_or_half_stored(outcome: Outcome) -> None:
    load, log = outcome.load, outcome.server_log
    assert not load.errors and not outcome.after.errors, f"{load.errors + outcome.after.errors}\n{log}"
    acknowledged = len(load.acknowledged)
    assert acknowledged >= KILL_AFTER
    # No submission refused under load (the order of arrival comes from a sequence on PostgreSQL, not MAX() + 1).
    assert load.refused == 0 and outcome.after.refused == 0, f"{load.refused + outcome.after.refused} refused\n{log}"
    # The kill landed while submissions were in flight: otherwise it would prove nothing about them.
    assert load.unanswered >= 1, f"no submission was in flight at the kill ({load.submitted} sent, {acknowledged} answered)"
    assert outcome.found == acknowledged, f"{acknowledged - outcome.found} acknowledged submissions lost\n{log}"
    # An unanswered one may have committed just before the kill (then it is whole); a refused one (500) never did.
    assert acknowledged <= outcome.stored <= acknowledged + load.unanswered
    assert outcome.orphans == {**dict.fromkeys(ORPHAN_QUERIES, 0), WRAP_WITHOUT_KEY_FILE: 0}
    assert [code for code, _ in outcome.audit] == [0, 0], outcome.audit
    assert "Audit log intact" in outcome.audit[-1][1]
    assert len(outcome.after.acknowledged) >= AFTER and outcome.after_found == len(outcome.after.acknowledged)


def test_a_sigkilled_sqlite_server_keeps_every_acknowledged_report_and_no_half_stored_one(tmp_path):
    _assert_nothing_lost_or_half_stored(_killed_and_restarted(tmp_path / "var", None))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="PostgreSQL: run the suite with DATABASE_URL")
def test_a_sigkilled_postgresql_server_keeps_every_acknowledged_report_and_no_half_stored_one(tmp_path):
    # A database of its own on the suite's server, dropped afterwards; the suite's test database is not touched.
    with throwaway_postgres(os.environ["DATABASE_URL"]) as (url, _version):
        outcome = _killed_and_restarted(tmp_path / "var", url)
    _assert_nothing_lost_or_half_stored(outcome)


def _orphans_found() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for name, query in ORPHAN_QUERIES.items():
            cursor.execute(query)
            found[name] = len(cursor.fetchall())
    return found


def test_each_orphan_query_finds_the_half_stored_record_it_names(world, make_report):
    make_report()  # whole: counted by none
    assert _orphans_found() == dict.fromkeys(ORPHAN_QUERIES, 0)

    no_seal, _ = make_report()
    SealedDataKey.objects.filter(data_key_id=no_seal.data_key_id).delete()
    no_wrap, _ = make_report()
    CodenameWrap.objects.filter(data_key_id=no_wrap.data_key_id).delete()
    no_consent, _ = make_report()
    Consent.objects.filter(report=no_consent).delete()
    DataKey.objects.create()  # a data key whose report never came
    records.create_data_key(world.north.org.pk, "lonely wrap words here")  # its seal and wrap too, no report

    assert _orphans_found() == {
        **dict.fromkeys(ORPHAN_QUERIES, 0),
        "report without its sealed data key": 1,
        "report without its codename wrap": 1,
        "report without its consent row": 1,
        "data key without a report": 2,
        "codename wrap without a report": 1,
    }
