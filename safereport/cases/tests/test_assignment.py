"""Assignment, reassignment and a supervisor's hand-over of every open case of someone who leaves."""

import pytest

from safereport.accounts.actions import add_staff, remove_staff
from safereport.accounts.models import PendingNotice, User
from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.cases.assignment import AssignmentRefused, assign_case, hand_over_cases
from safereport.intake.models import Report

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def colleague(world):
    return add_staff(world.north.org, "second@north.test", PASSWORD, "advocate", actor="test")


def test_assigning_and_reassigning_a_case_is_audited_with_who_had_it(world, make_report, colleague):
    report, _codename = make_report()
    assign_case(report, world.north.advocate, world.north.supervisor)
    assign_case(report, colleague, world.north.advocate)
    report.refresh_from_db()
    assert report.assigned_to == colleague
    entries = list(AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED, target=report.reference))
    assert [(e.actor, e.detail["old"], e.detail["new"]) for e in entries] == [
        (f"staff:{world.north.supervisor.pk}", "", f"staff:{world.north.advocate.pk}"),
        (f"staff:{world.north.advocate.pk}", f"staff:{world.north.advocate.pk}", f"staff:{colleague.pk}"),
    ]


def test_unassigning_leaves_the_case_to_nobody(world, make_report):
    report, _codename = make_report()
    assign_case(report, world.north.advocate, world.north.advocate)
    assign_case(report, None, world.north.advocate)
    report.refresh_from_db()
    assert report.assigned_to is None


def test_a_case_cannot_go_to_another_organisation_or_to_a_police_liaison(world, make_report):
    report, _codename = make_report()
    for assignee in (world.south.advocate, world.police.police_liaison):
        with pytest.raises(AssignmentRefused):
            assign_case(report, assignee, world.north.supervisor)
    with pytest.raises(AssignmentRefused):
        assign_case(report, world.north.advocate, world.south.supervisor)
    report.refresh_from_db()
    assert report.assigned_to is None
    assert not AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED).exists()


def test_a_removed_member_of_staff_gets_no_new_cases(world, make_report, colleague):
    report, _codename = make_report()
    remove_staff(colleague, actor="test")
    colleague.refresh_from_db()
    with pytest.raises(AssignmentRefused):
        assign_case(report, colleague, world.north.supervisor)


def test_hand_over_moves_every_open_case_and_only_those(world, make_report, colleague):
    open_cases = [make_report()[0] for _ in range(3)]
    closed, _codename = make_report()
    kept, _codename = make_report()
    for report in [*open_cases, closed]:
        assign_case(report, world.north.advocate, world.north.supervisor)
    assign_case(kept, world.north.supervisor, world.north.supervisor)
    Report.objects.filter(pk=closed.pk).update(status=Report.Status.CLOSED)
    remove_staff(world.north.advocate, actor="test")  # they have left; their cases are still theirs

    moved = hand_over_cases(world.north.advocate, colleague, world.north.supervisor)

    assert moved == 3
    assert set(Report.objects.filter(assigned_to=colleague).values_list("pk", flat=True)) == {r.pk for r in open_cases}
    assert Report.objects.get(pk=closed.pk).assigned_to == world.north.advocate  # closed: history, not work
    assert Report.objects.get(pk=kept.pk).assigned_to == world.north.supervisor
    per_case = AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED, detail__hand_over=True)
    assert {e.target for e in per_case} == {r.reference for r in open_cases}
    summary = AuditEntry.objects.get(action=AuditAction.CASE_HANDED_OVER)
    assert summary.target == f"staff:{world.north.advocate.pk}" and summary.detail["cases"] == 3


def test_only_a_supervisor_hands_over_and_only_within_the_organisation(world, make_report, colleague):
    report, _codename = make_report()
    assign_case(report, world.north.advocate, world.north.supervisor)
    with pytest.raises(AssignmentRefused):
        hand_over_cases(world.north.advocate, colleague, world.north.advocate)
    with pytest.raises(AssignmentRefused):
        hand_over_cases(world.north.advocate, colleague, world.south.supervisor)
    with pytest.raises(AssignmentRefused):
        hand_over_cases(world.north.advocate, world.south.advocate, world.north.supervisor)
    with pytest.raises(AssignmentRefused):
        hand_over_cases(world.north.advocate, world.north.advocate, world.north.supervisor)
    assert Report.objects.get(pk=report.pk).assigned_to == world.north.advocate
    assert not AuditEntry.objects.filter(action=AuditAction.CASE_HANDED_OVER).exists()


def test_staff_set_only_their_own_languages_and_only_listed_codes(world):
    from safereport.cases.staff_languages import LanguagesRefused, set_staff_languages

    set_staff_languages(world.north.advocate, ["ro", "en", "ro"], world.north.advocate)
    assert User.objects.get(pk=world.north.advocate.pk).languages == ["en", "ro"]
    for codes, by in ((["ar"], world.north.supervisor), (["pt-BR"], world.north.advocate)):
        with pytest.raises(LanguagesRefused):
            set_staff_languages(world.north.advocate, codes, by)
    assert User.objects.get(pk=world.north.advocate.pk).languages == ["en", "ro"]


def test_whoever_is_given_a_case_gets_a_contentless_notice_but_not_for_taking_it_themselves(world, make_report, colleague):
    report, _codename = make_report()
    PendingNotice.objects.all().delete()  # the new report's own notice to the organisation
    assign_case(report, world.north.advocate, world.north.advocate)
    assert not PendingNotice.objects.exists()
    assign_case(report, colleague, world.north.advocate)
    assert list(PendingNotice.objects.values_list("user", flat=True)) == [colleague.pk]
    PendingNotice.objects.all().delete()
    hand_over_cases(colleague, world.north.advocate, world.north.supervisor)
    assert list(PendingNotice.objects.values_list("user", flat=True)) == [world.north.advocate.pk]
    PendingNotice.objects.all().delete()
    assert hand_over_cases(colleague, world.north.advocate, world.north.supervisor) == 0
    assert not PendingNotice.objects.exists()  # nothing moved, nothing to tell
