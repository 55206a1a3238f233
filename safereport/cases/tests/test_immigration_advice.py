"""Immigration-advice notes: one sealed size, a clear limit, and the history an ordinary note leaves."""

import pytest
from django.test import Client

from safereport.audit.models import AuditEntry
from safereport.cases import actions as case_actions
from safereport.cases.immigration_advice import (
    NOTES_MAX_CHARS,
    NOTES_PADDED_BYTES,
    NotesTooLong,
)
from safereport.cases.models import CaseNote, ImmigrationAdvice
from safereport.vault import records
from safereport.vault.records import RecordCipher

NOTES = "Eligible for the destitution domestic violence concession; spouse visa curtailed."


@pytest.fixture
def case(make_report):
    report, _codename = make_report(wants={"immigration_advice"})
    return report


def _traces(report):
    return (
        CaseNote.objects.filter(report=report).count(),
        AuditEntry.objects.filter(target=report.reference, action="case.note_added").count(),
        bytes(ImmigrationAdvice.objects.get(report=report).notes_sealed),
    )


def test_notes_over_the_limit_are_refused_on_the_page_with_the_limit_and_nothing_is_saved(world, sign_in, case):
    advocate = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/"
    assert advocate.post(url + "immigration-advice/", {"body": NOTES}).status_code == 302
    before = _traces(case)
    page = advocate.post(url + "immigration-advice/", {"body": "x" * (NOTES_MAX_CHARS + 1)}, follow=True)
    assert "at most 4,000 characters; nothing was saved" in page.content.decode()
    assert _traces(case) == before
    assert case_actions.open_case(case, world.north.unlocked, world.north.advocate).immigration_notes == NOTES
    assert f'maxlength="{NOTES_MAX_CHARS}"' in page.content.decode()


def test_the_action_refuses_notes_over_the_limit_and_saves_nothing(world, case):
    case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    before = _traces(case)
    with pytest.raises(NotesTooLong, match="at most 4,000 characters"):
        case_actions.save_immigration_advice(case, "x" * (NOTES_MAX_CHARS + 1), world.north.unlocked, world.north.advocate)
    assert _traces(case) == before


def test_notes_sealed_before_fixed_padding_are_resealed_at_the_fixed_size_when_the_case_is_opened(world, case):
    key = records.open_with_organisation(case.data_key_id, world.north.unlocked)
    advice = ImmigrationAdvice(report=case)
    advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", NOTES)  # the old, bucketed padding
    advice.save(force_insert=True)
    assert len(bytes(advice.notes_sealed)) < NOTES_PADDED_BYTES
    assert case_actions.open_case(case, world.north.unlocked, world.north.advocate).immigration_notes == NOTES
    stored = bytes(ImmigrationAdvice.objects.get(report=case).notes_sealed)
    assert len(stored) == RecordCipher.sealed_length(NOTES_PADDED_BYTES)
    assert RecordCipher(key, advice.record_id).open("notes", stored) == NOTES


def test_saving_notes_shows_in_the_advice_history_and_never_among_ordinary_notes(world, sign_in, case):
    advocate = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/"
    advocate.post(url + "note/", {"body": "Called back; no answer."})
    advocate.post(url + "immigration-advice/", {"body": NOTES})
    view = case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    assert [body for _at, _author, body in view.notes] == ["Called back; no answer."]
    assert [author for _at, author in view.immigration_advice_saved] == [world.north.advocate]
    html = advocate.get(url).content.decode()
    assert 'id="immigration-history"' in html and f"by {world.north.advocate.email}" in html
    assert "immigration-advice-saved" not in html


def test_a_note_cannot_pass_for_the_advice_history_mark(world, case):
    with pytest.raises(ValueError, match="NUL"):
        case_actions.add_note(case, "\x00immigration-advice-saved", world.north.unlocked, world.north.advocate)
    assert not CaseNote.objects.filter(report=case).exists()
