"""The queue page, assignment and hand-over pages: allowed paths, refused ones, and a constant number of queries."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safereport import coarse_time
from safereport.accounts.actions import add_staff
from safereport.accounts.models import User
from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report
from safereport.web.staff import cases as cases_views
from safereport.web.staff import pagination

QUEUE = "/en/staff/"


def rows(response) -> list[str]:
    return re.findall(r'<tr data-reference="([^"]+)"', response.content.decode())


def test_filters_come_from_the_url_and_stay_in_the_form(world, make_report, as_user):
    theft, _ = make_report(crime_type="theft")
    make_report(crime_type="assault")
    response = as_user(world.north.advocate).get(QUEUE, {"crime_type": "theft", "sort": "oldest"})
    assert response.status_code == 200
    assert rows(response) == [theft.reference]
    assert re.search(r'<input[^>]+name="crime_type" value="theft"[^>]*checked', response.content.decode())


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"sort": "risk-of-nothing"}, "sort"),
        ({"min_age_days": "three"}, "min_age_days"),
        ({"max_age_days": "-1"}, "max_age_days"),
        ({"status": "lost"}, "status"),
        ({"crime_type": "burglary"}, "crime_type"),
        ({"language": "ti-ER"}, "language"),
        ({"assignee": "everyone"}, "assignee"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"reference": "SR-" + "A" * 30}, "reference"),
        ({"min_age_days": "9", "max_age_days": "2"}, "max_age_days"),
    ],
)
def test_a_bad_filter_value_names_its_field_and_is_kept(world, make_report, as_user, query, field):
    make_report()
    response = as_user(world.north.advocate).get(QUEUE, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and 'id="filter-error"' in body
    assert rows(response) == []


def test_another_organisations_member_of_staff_is_no_assignee_filter(world, make_report, as_user):
    make_report()
    response = as_user(world.north.advocate).get(QUEUE, {"assignee": world.south.advocate.pk})
    assert response.status_code == 400 and 'id="id_assignee_error"' in response.content.decode()


def test_wanting_immigration_advice_is_not_offered_as_a_filter(world, as_user):
    body = as_user(world.north.advocate).get(QUEUE).content.decode()
    assert 'value="immigration_advice"' not in body


def test_the_queue_marks_overdue_unread_replies_and_the_advocates_languages(world, make_report, as_user):
    User.objects.filter(pk=world.north.advocate.pk).update(languages=["en"])
    report, codename = make_report()
    long_ago = datetime.combine(
        coarse_time.today().date() - timedelta(days=8), datetime.min.time(), tzinfo=coarse_time.today().tzinfo
    )
    Report.objects.filter(pk=report.pk).update(created_at=long_ago)
    intake_actions.post_reporter_message(intake_actions.open_with_codename(codename), "Any news?")
    body = as_user(world.north.advocate).get(QUEUE).content.decode()
    row = body[body.index(f'data-reference="{report.reference}"') :].split("</tr>")[0]
    assert 'class="row-overdue"' in body and "badge overdue" in row and "badge unread" in row and "badge yours" in row


def test_queue_pages_keep_their_filters_and_the_query_count_stays_the_same(world, make_report, as_user):
    client = as_user(world.north.supervisor)
    first, _ = make_report(crime_type="theft")
    with CaptureQueriesContext(connection) as one_report:
        assert rows(client.get(QUEUE, {"crime_type": "theft"})) == [first.reference]
    for number in range(29):
        report, _ = make_report(crime_type="theft")
        if number % 3 == 0:
            Report.objects.filter(pk=report.pk).update(assigned_to=world.north.advocate, unread_reply=True)
    with CaptureQueriesContext(connection) as thirty_reports:
        page_one = client.get(QUEUE, {"crime_type": "theft"})
    assert len(thirty_reports) == len(one_report), [q["sql"] for q in thirty_reports.captured_queries]
    assert len(rows(page_one)) == 25 and "Page 1 of 2" in page_one.content.decode()
    assert 'href="?crime_type=theft&amp;page=2"' in page_one.content.decode()
    page_two = client.get(QUEUE, {"crime_type": "theft", "page": 2})
    assert len(rows(page_two)) == 5 and not set(rows(page_two)) & set(rows(page_one))
    beyond = client.get(QUEUE, {"crime_type": "theft", "page": 99})
    assert rows(beyond) == rows(page_two)


def test_a_queue_longer_than_the_count_cap_says_more_than_and_pages_up_to_the_cap(world, make_report, as_user, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    monkeypatch.setattr(cases_views, "QUEUE_PAGE_SIZE", 2)
    made = [make_report()[0].reference for _ in range(5)]
    client = as_user(world.north.advocate)
    first = client.get(QUEUE)
    body = first.content.decode()
    assert "More than 3 reports" in body and "Page 1 of 2" in body
    assert rows(first) == made[::-1][:2]
    last = client.get(QUEUE, {"page": 9})
    assert rows(last) == made[::-1][2:3]
    oldest = client.get(QUEUE, {"sort": "oldest"})
    assert "More than 3 reports" in oldest.content.decode() and rows(oldest) == made[:2]
    Report.objects.filter(reference__in=made[:2]).update(status=Report.Status.CLOSED)
    three = client.get(QUEUE).content.decode()
    assert "More than" not in three and "3 reports" in three


def test_the_queue_needs_a_caseworker(world, as_user):
    assert as_user(world.police.police_liaison).get(QUEUE).status_code == 404


def test_assigning_from_the_case_page_is_audited(world, make_report, as_user):
    report, _ = make_report()
    response = as_user(world.north.advocate).post(
        f"/en/staff/cases/{report.reference}/assign/", {"assignee": world.north.supervisor.pk}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).assigned_to == world.north.supervisor
    assert AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED, target=report.reference).exists()


def test_another_organisations_case_or_staff_cannot_be_assigned(world, make_report, as_user):
    north_case, _ = make_report()
    south_case, _ = make_report(area="south")
    client = as_user(world.north.advocate)
    assert (
        client.post(f"/en/staff/cases/{south_case.reference}/assign/", {"assignee": world.north.advocate.pk}).status_code == 404
    )
    assert (
        client.post(f"/en/staff/cases/{north_case.reference}/assign/", {"assignee": world.south.advocate.pk}).status_code == 404
    )
    assert client.post(f"/en/staff/cases/{north_case.reference}/assign/", {"assignee": "me"}).status_code == 404
    assert Report.objects.filter(assigned_to__isnull=False).count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED).exists()


def test_only_a_supervisor_hands_over_cases(world, make_report, as_user):
    successor = add_staff(world.north.org, "next@north.test", world.password, "advocate", actor="test")
    reports = [make_report()[0] for _ in range(2)]
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(assigned_to=world.north.advocate)
    form = {"leaving": world.north.advocate.pk, "successor": successor.pk}

    assert as_user(world.north.advocate).post("/en/staff/hand-over/", form).status_code == 404
    assert as_user(world.south.supervisor).post("/en/staff/hand-over/", form).status_code == 404
    supervisor = as_user(world.north.supervisor)
    assert supervisor.post("/en/staff/hand-over/", {**form, "successor": world.south.advocate.pk}).status_code == 404
    assert Report.objects.filter(assigned_to=successor).count() == 0

    same = supervisor.post("/en/staff/hand-over/", {**form, "successor": world.north.advocate.pk})
    assert same.status_code == 422 and 'id="id_successor_error"' in same.content.decode()
    assert supervisor.get("/en/staff/hand-over/").status_code == 200
    done = supervisor.post("/en/staff/hand-over/", form, follow=True)
    assert "2 open cases" in done.content.decode()
    assert Report.objects.filter(assigned_to=successor).count() == 2
    assert AuditEntry.objects.get(action=AuditAction.CASE_HANDED_OVER).detail["cases"] == 2


def test_a_member_of_staff_sets_their_own_languages_from_the_list(world, as_user):
    client = as_user(world.north.advocate)
    assert client.get("/en/staff/languages/").status_code == 200
    assert client.post("/en/staff/languages/", {"languages": ["ti", "ar"]}).status_code == 302
    assert User.objects.get(pk=world.north.advocate.pk).languages == ["ar", "ti"]
    entry = AuditEntry.objects.get(action=AuditAction.STAFF_LANGUAGES_CHANGED)
    assert entry.target == f"staff:{world.north.advocate.pk}" and entry.detail["languages"] == ["ar", "ti"]
    refused = client.post("/en/staff/languages/", {"languages": ["ti-ER"]})
    assert refused.status_code == 422 and 'id="id_languages_error"' in refused.content.decode()
    assert User.objects.get(pk=world.north.advocate.pk).languages == ["ar", "ti"]
    assert as_user(world.police.police_liaison).get("/en/staff/languages/").status_code == 404
