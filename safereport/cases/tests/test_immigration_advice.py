"""Immigration-advice entries: append-only history, for advisers only, one sealed size, the traces any note leaves."""

import pytest
from django.test import Client

from safereport.accounts.actions import add_staff, set_immigration_adviser
from safereport.audit.models import AuditEntry
from safereport.cases import actions as case_actions
from safereport.cases.immigration_advice import NOTES_MAX_CHARS, NotAnAdviser, NotesTooLong
from safereport.cases.models import CaseNote, ImmigrationAdvice
from safereport.cases.notes import IMMIGRATION_ADVICE_SAVED, NOTE_PADDED_BYTES, write_note
from safereport.vault import keyring, records
from safereport.vault.records import RecordCipher

NOTES = "Eligible for the destitution domestic violence concession; spouse visa curtailed."


@pytest.fixture
def case(make_report):
    report, _codename = make_report(wants={"immigration_advice"})
    return report


@pytest.fixture
def caseworker(world):
    """An advocate of North with access to its reports, not named an immigration adviser."""
    member = add_staff(world.north.org, "caseworker@north.test", world.password, "advocate", actor="test")
    keyring.grant_access(world.north.unlocked, member, actor="test")
    return member


def _traces(report):
    return (
        sorted(len(bytes(n.body_sealed)) for n in CaseNote.objects.filter(report=report)),
        AuditEntry.objects.filter(target=report.reference, action="case.note_added").count(),
    )


def test_each_save_is_a_new_entry_with_author_and_time_and_earlier_entries_are_kept(world, sign_in, case):
    advocate = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/"
    assert advocate.post(url + "immigration-advice/", {"body": NOTES}).status_code == 302
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    assert supervisor.post(url + "immigration-advice/", {"body": "Correction: visa not curtailed yet."}).status_code == 302
    view = case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    assert [(e.author, e.text) for e in view.immigration_entries] == [
        (world.north.advocate, NOTES),
        (world.north.supervisor, "Correction: visa not curtailed yet."),
    ]
    assert view.immigration_notes == "Correction: visa not curtailed yet." and view.notes == []
    html = advocate.get(url).content.decode()
    assert NOTES in html and f"by {world.north.supervisor.email}" in html and 'id="immigration-history"' in html
    assert "immigration-advice-entry" not in html


def test_an_entry_over_the_limit_is_refused_on_the_page_with_the_text_kept_and_nothing_is_saved(world, sign_in, case):
    advocate = sign_in(world.north.advocate, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/"
    assert advocate.post(url + "immigration-advice/", {"body": NOTES}).status_code == 302
    before = _traces(case)
    page = advocate.post(url + "immigration-advice/", {"body": "x" * (NOTES_MAX_CHARS + 1)})
    assert page.status_code == 422 and "at most 4,000 characters; nothing was saved" in page.content.decode()
    assert "x" * (NOTES_MAX_CHARS + 1) in page.content.decode()
    assert _traces(case) == before
    assert f'maxlength="{NOTES_MAX_CHARS}"' in page.content.decode()


def test_the_action_refuses_an_entry_over_the_limit_and_saves_nothing(world, case):
    case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    before = _traces(case)
    with pytest.raises(NotesTooLong, match="at most 4,000 characters"):
        case_actions.save_immigration_advice(case, "x" * (NOTES_MAX_CHARS + 1), world.north.unlocked, world.north.advocate)
    assert _traces(case) == before


def test_entries_and_ordinary_notes_are_sealed_at_one_size_and_audited_alike(world, case):
    for body in ("", "x", NOTES, "ب" * 4000, "🧕" * 4000):
        case_actions.save_immigration_advice(case, body, world.north.unlocked, world.north.advocate)
    for body in ("Called back; no answer.", "🧕" * 5000):
        case_actions.add_note(case, body, world.north.unlocked, world.north.advocate)
    sizes, audited = _traces(case)
    assert set(sizes) == {RecordCipher.sealed_length(NOTE_PADDED_BYTES)} and audited == 7
    assert {e.action for e in AuditEntry.objects.filter(target=case.reference)} == {"report.submitted", "case.note_added"}


def test_an_advocate_who_is_not_an_adviser_gets_404_and_sees_no_immigration_data(world, sign_in, case, caseworker):
    case_actions.save_immigration_advice(case, NOTES, world.north.unlocked, world.north.advocate)
    client = sign_in(caseworker, test_client=Client())
    url = f"/en/staff/cases/{case.reference}/"
    before = _traces(case)
    assert client.post(url + "immigration-advice/", {"body": "mine"}).status_code == 404
    assert client.get(url + "immigration-eligibility/").status_code == 404
    assert _traces(case) == before
    html = client.get(url).content.decode()
    assert NOTES not in html and 'id="immigration-advice"' not in html and "immigration advice" not in html
    view = case_actions.open_case(case, world.north.unlocked, caseworker)
    assert view.immigration_entries == [] and view.immigration_notes == "" and not view.wants_immigration_advice
    with pytest.raises(NotAnAdviser):
        case_actions.save_immigration_advice(case, "mine", world.north.unlocked, caseworker)
    # Refusals are recorded against the person, never the case.
    refused = AuditEntry.objects.filter(action="immigration.access_refused")
    assert refused.count() == 2 and {e.target for e in refused} == {f"staff:{caseworker.pk}"}


def test_a_supervisor_names_an_adviser_audited_and_the_permission_then_reaches_the_entries(world, sign_in, case, caseworker):
    case_actions.save_immigration_advice(case, NOTES, world.north.unlocked, world.north.advocate)
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    response = supervisor.post(f"/en/staff/access/{caseworker.pk}/immigration-adviser/", {"allowed": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="staff.immigration_adviser_changed")
    assert entry.target == f"staff:{caseworker.pk}" and entry.detail == {"allowed": True}
    caseworker.refresh_from_db()
    assert case_actions.open_case(case, world.north.unlocked, caseworker).immigration_notes == NOTES
    set_immigration_adviser(caseworker, False, by=world.north.supervisor)
    caseworker.refresh_from_db()
    assert case_actions.open_case(case, world.north.unlocked, caseworker).immigration_entries == []


def test_only_a_supervisor_of_the_same_organisation_names_advisers(world, sign_in, caseworker):
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/access/{caseworker.pk}/immigration-adviser/", {"allowed": "yes"}).status_code == 404
    south = sign_in(world.south.supervisor, test_client=Client())
    assert south.post(f"/en/staff/access/{caseworker.pk}/immigration-adviser/", {"allowed": "yes"}).status_code == 404
    caseworker.refresh_from_db()
    assert not caseworker.gives_immigration_advice
    assert not AuditEntry.objects.filter(action="staff.immigration_adviser_changed").exists()
    with pytest.raises(ValueError, match="advocates and supervisors"):
        set_immigration_adviser(world.police.police_liaison, True, by=world.police.supervisor)


def test_the_old_overwritable_field_becomes_the_first_entry_under_its_last_save_and_its_row_goes(world, case):
    key = records.open_with_organisation(case.data_key_id, world.north.unlocked)
    earlier = write_note(case, key, IMMIGRATION_ADVICE_SAVED, world.north.supervisor)
    last = write_note(case, key, IMMIGRATION_ADVICE_SAVED, world.north.advocate)
    advice = ImmigrationAdvice(report=case)
    advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", NOTES, padded_to=16 * 1024)
    advice.save(force_insert=True)
    before = CaseNote.objects.filter(report=case).count()
    view = case_actions.open_case(case, world.north.unlocked, world.north.advocate)
    assert [(e.author, e.text, e.kept) for e in view.immigration_entries] == [
        (world.north.supervisor, "", False),
        (world.north.advocate, NOTES, True),
    ]
    assert view.immigration_entries[1].written_at == last.written_at and earlier.pk != last.pk
    assert not ImmigrationAdvice.objects.filter(report=case).exists()
    assert CaseNote.objects.filter(report=case).count() == before


def test_an_empty_old_field_leaves_no_entry_and_its_row_goes_too(world, case):
    key = records.open_with_organisation(case.data_key_id, world.north.unlocked)
    advice = ImmigrationAdvice(report=case)
    advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", "")
    advice.save(force_insert=True)
    assert case_actions.open_case(case, world.north.unlocked, world.north.advocate).immigration_entries == []
    assert not ImmigrationAdvice.objects.exists() and not CaseNote.objects.exists()


def test_a_note_sealed_before_the_fixed_size_is_resealed_at_it_when_the_case_is_opened(world, case):
    key = records.open_with_organisation(case.data_key_id, world.north.unlocked)
    note = CaseNote(report=case, author=world.north.advocate)
    note.body_sealed = RecordCipher(key, note.record_id).seal("body", "Old note.")  # bucketed, as before
    note.save(force_insert=True)
    assert len(bytes(note.body_sealed)) < NOTE_PADDED_BYTES
    assert [b for _at, _a, b in case_actions.open_case(case, world.north.unlocked, world.north.advocate).notes] == ["Old note."]
    assert len(bytes(CaseNote.objects.get(pk=note.pk).body_sealed)) == RecordCipher.sealed_length(NOTE_PADDED_BYTES)


def test_a_note_cannot_pass_for_an_entry_or_the_old_mark(world, case):
    for body in (IMMIGRATION_ADVICE_SAVED, "\x00immigration-advice-entry\x00forged"):
        with pytest.raises(ValueError, match="NUL"):
            case_actions.add_note(case, body, world.north.unlocked, world.north.advocate)
    assert not CaseNote.objects.filter(report=case).exists()
