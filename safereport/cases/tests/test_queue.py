"""The triage queue: each filter, each order, the due date promised to the reporter and overdue cases."""

from datetime import date, datetime, timedelta

import pytest

from safereport import coarse_time
from safereport.accounts.models import User
from safereport.cases.assignment import assign_case
from safereport.cases.queue import (
    SORTS,
    QueueFilters,
    _overdue_received_before,
    add_working_days,
    due_on,
    is_overdue,
    triage_queue,
)
from safereport.firewall import receipts
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report

TODAY = coarse_time.today().date()


def received(report: Report, days_ago: int) -> Report:
    day = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=coarse_time.today().tzinfo)
    Report.objects.filter(pk=report.pk).update(created_at=day)
    report.refresh_from_db()
    return report


def references(user, **filters) -> list[str]:
    return list(triage_queue(user, QueueFilters(**filters)).values_list("reference", flat=True))


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2026, 11, 30), date(2026, 12, 2)),  # Monday -> Wednesday
        (date(2026, 12, 3), date(2026, 12, 7)),  # Thursday -> Monday
        (date(2026, 12, 4), date(2026, 12, 8)),  # Friday -> Tuesday
        (date(2026, 12, 5), date(2026, 12, 8)),  # Saturday -> Tuesday
        (date(2026, 12, 6), date(2026, 12, 8)),  # Sunday -> Tuesday
    ],
)
def test_two_working_days_skip_the_weekend(day, due):
    assert add_working_days(day, 2) == due


def test_the_overdue_filter_agrees_with_the_overdue_mark_on_every_day_of_a_fortnight():
    for offset in range(14):
        today = TODAY + timedelta(days=offset)
        cutoff = _overdue_received_before(today).date()
        for back in range(12):
            day = today - timedelta(days=back)
            assert (day < cutoff) == (add_working_days(day, 2) < today), (today, day)


def test_overdue_means_unread_past_the_promised_two_working_days(world, make_report):
    late = received(make_report()[0], 7)
    fresh = received(make_report()[0], 0)
    opened = received(make_report()[0], 7)
    receipts.issue_receipt(opened, world.north.unlocked, world.north.advocate)
    assert references(world.north.advocate, overdue=True) == [late.reference]
    assert is_overdue(late, TODAY) and not is_overdue(fresh, TODAY)
    assert due_on(fresh) == add_working_days(TODAY, 2) and due_on(fresh) >= TODAY + timedelta(days=2)


def test_closed_cases_leave_the_queue_but_their_reference_finds_them(world, make_report):
    report, _codename = make_report()
    Report.objects.filter(pk=report.pk).update(status=Report.Status.CLOSED)
    assert references(world.north.advocate) == []
    assert references(world.north.advocate, reference=report.reference.lower()) == [report.reference]
    assert references(world.north.advocate, statuses=(Report.Status.CLOSED,)) == [report.reference]


def test_another_organisations_reference_finds_nothing(world, make_report):
    report, _codename = make_report(area="south")
    assert references(world.north.advocate, reference=report.reference) == []
    assert references(world.south.advocate, reference=report.reference) == [report.reference]


def test_filters_by_crime_area_language_and_wishes(world, make_report):
    theft, _ = make_report(crime_type="theft", area="north")
    abuse, _ = make_report(crime_type="domestic_abuse", area="", wants={"interpreter", "police_visit"})
    polish, _ = make_report(narrative="Ktoś ukradł mi torebkę na przystanku autobusowym w poniedziałek.", wants={"advocate"})
    advocate = world.north.advocate
    assert references(advocate, crime_types=("domestic_abuse",)) == [abuse.reference]
    assert set(references(advocate, areas=("north",))) == {theft.reference, polish.reference}
    assert references(advocate, languages=("pl",)) == [polish.reference]
    assert references(advocate, wants=("interpreter", "police_visit")) == [abuse.reference]
    assert references(advocate, wants=("advocate",)) == [polish.reference]
    User.objects.filter(pk=advocate.pk).update(languages=["pl", "ar"])
    advocate.refresh_from_db()
    assert references(advocate, in_my_languages=True) == [polish.reference]


def test_immigration_advice_is_no_filter(world):
    # Wanting immigration advice is sealed and `immigration`-classified: the queue cannot narrow on it.
    assert "immigration_advice" not in {f for f in QueueFilters.__dataclass_fields__} | set(SORTS)
    with pytest.raises(KeyError):
        list(triage_queue(world.north.advocate, QueueFilters(wants=("immigration_advice",))))


def test_filters_by_assignee_mine_and_unassigned(world, make_report):
    mine, _ = make_report()
    theirs, _ = make_report()
    nobody, _ = make_report()
    assign_case(mine, world.north.advocate, world.north.advocate)
    assign_case(theirs, world.north.supervisor, world.north.advocate)
    advocate = world.north.advocate
    assert references(advocate, assignee="mine") == [mine.reference]
    assert references(advocate, assignee="unassigned") == [nobody.reference]
    assert references(advocate, assignee=str(world.north.supervisor.pk)) == [theirs.reference]


def test_unread_replies_are_marked_until_an_advocate_opens_the_case(world, make_report):
    from safereport.cases.actions import open_case

    report, codename = make_report()
    make_report()
    intake_actions.post_reporter_message(intake_actions.open_with_codename(codename), "I am safe to talk after six.")
    assert references(world.north.advocate, unread=True) == [report.reference]
    open_case(Report.objects.get(pk=report.pk), world.north.unlocked, world.north.advocate)
    assert references(world.north.advocate, unread=True) == []


def test_filters_by_age_in_days(world, make_report):
    old = received(make_report()[0], 10)
    middle = received(make_report()[0], 4)
    new = received(make_report()[0], 0)
    advocate = world.north.advocate
    assert references(advocate, min_age_days=5) == [old.reference]
    assert references(advocate, max_age_days=2) == [new.reference]
    assert references(advocate, min_age_days=2, max_age_days=6) == [middle.reference]


def test_sorts_oldest_newest_and_by_field(world, make_report):
    old = received(make_report(crime_type="theft")[0], 6)
    new = received(make_report(crime_type="assault")[0], 2)
    newest = received(make_report(crime_type="fraud")[0], 2)  # same day: received later
    advocate = world.north.advocate
    assert references(advocate) == [newest.reference, new.reference, old.reference]
    assert references(advocate, sort="oldest") == [old.reference, new.reference, newest.reference]
    assert references(advocate, sort="due") == [old.reference, new.reference, newest.reference]
    assert references(advocate, sort="crime_type") == [new.reference, newest.reference, old.reference]
