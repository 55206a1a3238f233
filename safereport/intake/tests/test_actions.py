"""Reporter actions: codenames that are never kept, sealed content, consent history and real erasure."""

import json
import math
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.audit.models import AuditEntry
from safereport.intake import actions
from safereport.intake.codename import CODENAME_WORDS, MINIMUM_CODENAME_BITS, new_codename
from safereport.intake.models import Consent, Message, Report
from safereport.vault import keyring, records
from safereport.vault.models import CodenameWrap, DataKey, SealedDataKey
from safereport.vault.records import RecordCipher


def dump_database() -> list[tuple[str, str, object]]:
    """Every value of every column of every table, found through the database's own catalogue."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                rows += [(table, column, value) for column, value in zip(columns, row)]
    return rows


def columns_containing(needle: str) -> list[str]:
    """Tables and columns where `needle` appears, as text or as UTF-8/UTF-16 bytes."""
    found = []
    forms = [needle.encode("utf-8"), needle.encode("utf-16-le")]
    for table, column, value in dump_database():
        if value is None:
            continue
        if isinstance(value, (bytes, bytearray, memoryview)):
            hit = any(form in bytes(value) for form in forms)
        else:
            hit = needle in str(value) or needle in json.dumps(value, ensure_ascii=False, default=str)
        if hit:
            found.append(f"{table}.{column}")
    return found


def word_sequences(codename: str) -> list[str]:
    """The codename as typed, normalised, and every pair of its neighbouring words."""
    words = re.split(r"[\s\-]+", codename)
    forms = {codename, " ".join(words), "".join(words), "-".join(words)}
    for a, b in zip(words, words[1:]):
        forms |= {f"{a} {b}", f"{a}-{b}", f"{a}{b}"}
    return sorted(forms)


def read_narrative(report, unlocked):
    key = records.open_with_organisation(report.data_key_id, unlocked)
    return RecordCipher(key, report.record_id).open("narrative", report.narrative_sealed)


def test_codename_has_seven_words_and_at_least_85_bits(world, make_report):
    words = keyring.wordlist()
    assert CODENAME_WORDS * math.log2(len(set(words))) >= MINIMUM_CODENAME_BITS == 85
    assert not any("-" in word for word in words)  # hyphens separate the words, so no word may hold one
    for _ in range(20):
        _report, codename = make_report()
        parts = codename.split("-")
        assert len(parts) == CODENAME_WORDS == 7
        assert all(part in set(words) for part in parts)


def test_codenames_do_not_repeat():
    codenames = {new_codename() for _ in range(200)}
    assert len(codenames) == 200


def test_codename_is_stored_nowhere(world, make_report):
    report, codename = make_report(contact={"name": "Ana"})
    actions.post_reporter_message(actions.open_with_codename(codename), "a message after submitting")
    assert dump_database()  # the scan really sees the tables
    assert columns_containing(report.reference)  # and finds what is stored in the clear
    for form in word_sequences(codename):
        assert columns_containing(form) == [], form


def test_narrative_contact_and_messages_are_not_stored_in_clear(world, make_report):
    narrative = "Zyxwvut the landlord kept my wages and threatened me near the canal."
    report, codename = make_report(
        narrative=narrative,
        wants={"immigration_advice"},
        contact={"name": "Qwertina Uiop", "phone": "+44 7700 900461", "email": "qwertina@example.org"},
    )
    actions.post_reporter_message(actions.open_with_codename(codename), "Vbnmlkj is the man's nickname")
    for secret in (narrative, "Zyxwvut", "Qwertina Uiop", "7700 900461", "qwertina@example.org", "Vbnmlkj"):
        assert columns_containing(secret) == [], secret
    # Sealed, not lost: the organisation opens it.
    assert read_narrative(report, world.north.unlocked) == narrative


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    narrative=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=12, max_size=200)
    .map(str.strip)
    .filter(lambda s: len(s) >= 12 and len(set(s)) > 4)
)
def test_any_narrative_is_sealed_and_readable_only_by_its_organisation(world, make_report, narrative):
    report, _codename = make_report(narrative=narrative)
    assert narrative.encode() not in bytes(Report.objects.get(pk=report.pk).narrative_sealed)
    assert read_narrative(report, world.north.unlocked) == narrative
    with pytest.raises(keyring.AccessDenied):
        read_narrative(report, world.south.unlocked)


def test_codename_opens_the_report_however_it_is_typed(world, make_report):
    report, codename = make_report()
    for typed in (codename, codename.upper(), codename.replace("-", " "), "  " + codename.replace("-", "  ") + " "):
        access = actions.open_with_codename(typed)
        assert access is not None and access.report.pk == report.pk, typed


def test_reporter_reads_their_narrative_and_date_with_the_codename(world, make_report):
    from datetime import date

    report, codename = make_report(narrative="my own words", occurred_on=date(2026, 3, 14))
    access = actions.open_with_codename(codename)
    assert access.cipher.open("narrative", access.report.narrative_sealed) == "my own words"
    assert actions.occurred_on(access) == date(2026, 3, 14)
    assert Report.objects.get(pk=report.pk).occurred_month == date(2026, 3, 1)


def test_message_thread_round_trips_both_directions(world, make_report):
    report, codename = make_report()
    access = actions.open_with_codename(codename)
    actions.post_reporter_message(access, "hello from me")
    key = records.open_with_organisation(report.data_key_id, world.north.unlocked)
    actions.add_message(report, key, "hello from your advocate", sender=Message.Sender.ADVOCATE)
    thread = actions.message_thread(report, access.key)
    assert [(m.sender, m.body) for m in thread] == [("reporter", "hello from me"), ("advocate", "hello from your advocate")]


def test_erase_destroys_the_key_and_every_row(world, make_report):
    report, codename = make_report(contact={"email": "gone@example.org"})
    access = actions.open_with_codename(codename)
    actions.post_reporter_message(access, "a message")
    from safereport.cases.actions import add_note, save_immigration_advice
    from safereport.cases.models import CaseNote, ImmigrationAdvice

    add_note(report, "a note", world.north.unlocked, world.north.advocate)
    save_immigration_advice(report, "advice notes", world.north.unlocked, world.north.advocate)
    report_id, data_key_id = report.pk, report.data_key_id
    sealed_copy = bytes(report.narrative_sealed)  # as a backup would have kept it

    actions.erase_report(access.report)

    assert not Report.objects.filter(pk=report_id).exists()
    assert not Message.objects.filter(report_id=report_id).exists()
    assert not Consent.objects.filter(report_id=report_id).exists()
    assert not CaseNote.objects.filter(report_id=report_id).exists()
    assert not ImmigrationAdvice.objects.filter(report_id=report_id).exists()
    assert not DataKey.objects.filter(pk=data_key_id).exists()
    assert not SealedDataKey.objects.filter(data_key_id=data_key_id).exists()
    assert not CodenameWrap.objects.filter(data_key_id=data_key_id).exists()
    with pytest.raises(keyring.AccessDenied):
        records.open_with_organisation(data_key_id, world.north.unlocked)
    assert sealed_copy  # the backup copy stays, but nothing can open it any more
    erased = AuditEntry.objects.get(action="report.erased")
    assert erased.target == report.reference and "gone@example.org" not in json.dumps(erased.detail)


def test_erased_codename_fails_exactly_like_one_that_never_existed(world, make_report):
    _report, codename = make_report()
    actions.erase_report(actions.open_with_codename(codename).report)
    never = new_codename()
    assert actions.open_with_codename(codename) is None
    assert actions.open_with_codename(never) is None
    assert records.open_with_codename(codename.replace("-", " ")) == records.open_with_codename(never.replace("-", " "))


def test_consent_change_keeps_history_and_the_newest_row_rules(world, make_report):
    report, _codename = make_report(consent={"police": {"share_contact": False, "share_narrative": True}})
    first = actions.current_consent(report, "police")
    assert (first.share_contact, first.share_narrative) == (False, True)

    actions.change_consent(report, "police", share_contact=True, share_narrative=True, language="es")
    actions.change_consent(report, "police", share_contact=False, share_narrative=False, language="ar")

    history = list(Consent.objects.filter(report=report, recipient_kind="police").order_by("given_at", "id"))
    assert [(c.share_contact, c.share_narrative) for c in history] == [(False, True), (True, True), (False, False)]
    assert all(c.superseded_at is not None for c in history[:-1]) and history[-1].superseded_at is None
    assert [c.wording_language for c in history] == ["en", "es", "ar"]
    assert all(c.wording_version for c in history)
    current = actions.current_consent(report, "police")
    assert current.pk == history[-1].pk
    changes = AuditEntry.objects.filter(action="consent.changed", target=report.reference)
    assert changes.count() == 2


def test_submission_records_consent_for_every_consentable_recipient(world, make_report):
    report, _codename = make_report()
    consent = actions.current_consent(report, "police")
    assert consent is not None and not consent.share_contact and not consent.share_narrative


def test_submission_is_audited_without_content(world, make_report):
    report, codename = make_report(narrative="audit must not see this text")
    entry = AuditEntry.objects.get(action="report.submitted", target=report.reference)
    assert entry.actor == "reporter"
    blob = json.dumps([entry.actor, entry.target, entry.detail])
    assert "audit must not see" not in blob and codename not in blob


def test_wanting_immigration_advice_is_sealed_not_a_clear_column(world, make_report):
    from safereport.cases.actions import open_case

    report, _codename = make_report(wants={"immigration_advice", "advocate"})
    stored = Report.objects.get(pk=report.pk)
    assert stored.wants_advocate
    assert not any("immigration" in f.name and not f.name.endswith("_sealed") for f in Report._meta.concrete_fields)
    assert open_case(stored, world.north.unlocked, world.north.advocate).wants_immigration_advice is True
    other, _codename = make_report(wants={"advocate"})
    assert open_case(other, world.north.unlocked, world.north.advocate).wants_immigration_advice is False
