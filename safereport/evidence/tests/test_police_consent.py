"""The reporter's consent for a file to go to the police: off until they give it, sealed so the row says nothing of it."""

import pytest

from safereport.evidence import actions
from safereport.evidence.models import EvidenceFile
from safereport.intake import actions as intake_actions

from . import samples


@pytest.fixture
def opened(make_report):
    _report, codename = make_report()
    return intake_actions.open_with_codename(codename)


def test_a_new_file_is_not_for_the_police_whoever_added_it(world, opened):
    by_reporter = actions.add_evidence(opened.report, opened.key, samples.photo())
    by_advocate = actions.add_evidence(opened.report, opened.key, samples.photo(), user=world.north.advocate)
    for item in (by_reporter, by_advocate):
        assert not actions.shared_with_police(item, opened.key)
        assert actions.why_not_for_police(item, opened.key) == actions.NOT_AGREED


def test_the_choice_is_sealed_at_one_width_so_the_row_does_not_show_it(opened):
    item = actions.add_evidence(opened.report, opened.key, samples.photo())
    not_shared = bytes(EvidenceFile.objects.get(pk=item.pk).share_with_police_sealed)
    actions.set_file_consent(opened, item.pk, True)
    shared = bytes(EvidenceFile.objects.get(pk=item.pk).share_with_police_sealed)
    assert len(shared) == len(not_shared) and shared != not_shared
    assert actions.shared_with_police(EvidenceFile.objects.get(pk=item.pk), opened.key)


def test_the_choice_opens_only_as_this_files_choice(opened):
    first = actions.add_evidence(opened.report, opened.key, samples.photo())
    second = actions.add_evidence(opened.report, opened.key, samples.photo())
    actions.set_file_consent(opened, first.pk, True)
    # Copying the sealed "yes" of one file onto another does not make it shared: the seal names its file.
    EvidenceFile.objects.filter(pk=second.pk).update(
        share_with_police_sealed=EvidenceFile.objects.get(pk=first.pk).share_with_police_sealed
    )
    with pytest.raises(Exception):  # noqa: B017 (the vault's DecryptionFailed)
        actions.shared_with_police(EvidenceFile.objects.get(pk=second.pk), opened.key)


def test_a_reporter_cannot_set_the_choice_for_another_reports_file(make_report, opened):
    other_report, other_codename = make_report()
    other = intake_actions.open_with_codename(other_codename)
    item = actions.add_evidence(other_report, other.key, samples.photo())
    assert actions.set_file_consent(opened, item.pk, True) is None
    assert not actions.shared_with_police(EvidenceFile.objects.get(pk=item.pk), other.key)


def test_a_file_agreed_but_not_looked_at_waits_for_an_advocate(world, opened):
    item = actions.add_evidence(opened.report, opened.key, samples.photo())
    actions.set_file_consent(opened, item.pk, True)
    assert actions.why_not_for_police(EvidenceFile.objects.get(pk=item.pk), opened.key) == actions.NOT_REVIEWED
    assert actions.files_for_police(opened.report, opened.key) == []
    actions.open_for_review(item, world.north.unlocked, world.north.advocate)
    assert actions.why_not_for_police(EvidenceFile.objects.get(pk=item.pk), opened.key) is None
    [chosen] = actions.files_for_police(opened.report, opened.key)
    assert chosen.item.pk == item.pk and chosen.content_type == "image/jpeg"
