"""Who works a case: assign, reassign, and hand over every open case of someone who leaves."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from safereport.accounts import notices
from safereport.accounts.models import User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report


class AssignmentRefused(Exception):
    """The assignment is not allowed; nothing was changed."""


def caseworkers(organisation_id: int | None) -> QuerySet[User]:
    """Who a case of this organisation can be given to: its active advocates and supervisors."""
    return User.objects.filter(
        organisation_id=organisation_id, is_active=True, role__in=(User.Role.ADVOCATE, User.Role.SUPERVISOR)
    ).order_by("email")


def _check_assignee(assignee: User, organisation_id: int | None) -> None:
    if not caseworkers(organisation_id).filter(pk=assignee.pk).exists():
        raise AssignmentRefused("Only an active advocate or supervisor of the case's organisation can work it.")


@transaction.atomic
def assign_case(report: Report, assignee: User | None, user: User) -> None:
    """Give the case to `assignee` (None leaves it unassigned). Any caseworker of the organisation may."""
    if not user.works_cases or user.organisation_id != report.organisation_id:
        raise AssignmentRefused("Only the organisation's caseworkers assign its cases.")
    if assignee is not None:
        _check_assignee(assignee, report.organisation_id)
    old = report.assigned_to_id
    if old == (assignee.pk if assignee else None):
        return
    report.assigned_to = assignee
    report.save(update_fields=["assigned_to", "updated_at"])
    record(
        AuditAction.CASE_ASSIGNED,
        actor=actor_of(user),
        target=report.reference,
        old=f"staff:{old}" if old else "",
        new=f"staff:{assignee.pk}" if assignee else "",
    )
    if assignee is not None and assignee.pk != user.pk:
        notices.notify([assignee])  # a contentless notice in the next batch (accounts.notices)


@transaction.atomic
def hand_over_cases(leaving: User, successor: User, user: User) -> int:
    """Every open case of `leaving` goes to `successor`, in one transaction; a supervisor's action.

    Returns how many cases moved. Each case gets its own audit entry, so a case's history shows
    who had it when; one more entry records the hand-over itself.
    """
    if not user.is_supervisor:
        raise AssignmentRefused("Only a supervisor hands over someone's cases.")
    if leaving.organisation_id != user.organisation_id:
        raise AssignmentRefused("Only staff of your own organisation.")
    if leaving.pk == successor.pk:
        raise AssignmentRefused("Choose someone else to take the cases over.")
    _check_assignee(successor, user.organisation_id)
    cases = (
        Report.objects.select_for_update()
        .filter(organisation_id=user.organisation_id, assigned_to=leaving)
        .exclude(status=Report.Status.CLOSED)
    )
    references = list(cases.values_list("reference", flat=True))
    Report.objects.filter(reference__in=references).update(assigned_to=successor)
    for reference in references:
        record(
            AuditAction.CASE_ASSIGNED,
            actor=actor_of(user),
            target=reference,
            old=f"staff:{leaving.pk}",
            new=f"staff:{successor.pk}",
            hand_over=True,
        )
    record(
        AuditAction.CASE_HANDED_OVER,
        actor=actor_of(user),
        target=f"staff:{leaving.pk}",
        successor=f"staff:{successor.pk}",
        cases=len(references),
    )
    if references:
        notices.notify([successor])
    return len(references)
