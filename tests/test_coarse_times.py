"""No time finer than the day leaves the system, or sits in the clear next to what a reporter did."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from pypdf import PdfReader

from safereport.audit import log as audit_log
from safereport.audit.models import AuditEntry
from safereport.cases import actions as case_actions
from safereport.firewall import referrals as police_referrals
from safereport.firewall.disclosure import disclose_compelled
from safereport.firewall.policy import Compulsion
from safereport.intake import actions as intake_actions
from safereport.intake.models import Consent, Message, Report
from safereport.vault.models import DataKey

TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b|T\d{2}:\d{2}")
BOTH = {"police": {"share_contact": True, "share_narrative": True}}


def strings_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def is_a_day(moment: datetime | None) -> bool:
    return moment is None or moment.astimezone(UTC).time() == datetime.min.time()


@pytest.fixture
def referral(world, make_report):
    """A referral made with consent to share identity and narrative: the widest package a force gets."""
    report, codename = make_report(
        narrative="He broke the window of my flat and shouted at me.",
        consent=BOTH,
        contact={"name": "Ana", "phone": "+44 7700 900123"},
    )
    return police_referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate), codename


def test_police_package_carries_no_time_finer_than_the_day_even_with_consent_to_share_identity(world, sign_in, referral):
    referral, _codename = referral
    liaison = sign_in(world.police.police_liaison, test_client=Client())
    document = json.loads(liaison.get(f"/en/staff/police/{referral.pk}/package.json").content)
    package = document["payload"]["package"]
    assert package["contact"]["name"] == "Ana"  # identity was consented to, and still no time goes
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", package["generated_at"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", package["consent"]["given_at"])
    assert [text for text in strings_in(document) if TIME_OF_DAY.search(text)] == []
    pdf = liaison.get(f"/en/staff/police/{referral.pk}/package.pdf").content
    pdf_text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert TIME_OF_DAY.findall(pdf_text) == []
    listing = liaison.get("/en/staff/police/").content.decode()
    row = listing.split(referral.report.reference, 1)[1].split("</tr>", 1)[0]
    assert TIME_OF_DAY.findall(row) == []


def test_compelled_package_is_dated_to_the_day(world, make_report):
    report, _codename = make_report()
    decision = disclose_compelled(
        report,
        Compulsion(True, "court_order", False, frozenset({"narrative"})),
        recipient_kind="court",
        recipient_name="Crown Court",
        request_reference="DR-T",
        unlocked=world.north.unlocked,
        actor="test",
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", decision.package["generated_at"])


def test_clear_times_of_what_a_reporter_did_are_kept_to_the_day(world, sign_in):
    reporter = Client()
    created = reporter.post(
        "/api/v1/reports",
        data=json.dumps(
            {
                "crime_type": "assault",
                "narrative": "He hit me outside the shop.",
                "language": "en",
                "area": "north",
                "consent": {"police": {"share_contact": False, "share_narrative": True}},
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    codename = created.json()["codename"]
    assert (
        reporter.post(
            "/api/v1/me/messages",
            data=json.dumps({"body": "Are you there?"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Codename {codename}",
        ).status_code
        == 201
    )
    web = Client()
    assert web.post("/en/return/", {"codename": codename}).status_code == 302
    assert web.post("/en/my-report/consent/", {"police_share_contact": "no", "police_share_narrative": "no"}).status_code == 302
    report = Report.objects.get(reference=created.json()["reference"])
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/cases/{report.reference}/reply/", {"body": "Yes, we are here."}).status_code == 302
    report.refresh_from_db()
    times = {
        "report created": report.created_at,
        "report updated": report.updated_at,
        "data key": DataKey.objects.get(pk=report.data_key_id).created_at,
    }
    times |= {f"message {n}": m.sent_at for n, m in enumerate(Message.objects.filter(report=report))}
    for n, consent in enumerate(Consent.objects.filter(report=report)):
        times |= {f"consent {n} given": consent.given_at, f"consent {n} superseded": consent.superseded_at}
    times |= {f"audit {e.seq} {e.action}": e.at for e in AuditEntry.objects.all()}
    assert Consent.objects.filter(report=report, superseded_at__isnull=False).exists()
    assert [name for name, moment in times.items() if not is_a_day(moment)] == []
    assert audit_log.verify().ok


def test_queue_keeps_the_order_reports_came_in_within_a_day(world, make_report, sign_in):
    made = [make_report(crime_type="theft")[0].reference for _ in range(5)]
    newest_first = list(reversed(made))
    assert list(Report.objects.filter(reference__in=made).values_list("reference", flat=True)) == newest_first
    queue = sign_in(world.north.advocate, test_client=Client()).get("/en/staff/").content.decode()
    assert sorted(made, key=queue.index) == newest_first
    assert len({r.created_at for r in Report.objects.filter(reference__in=made)}) == 1


def test_thread_keeps_its_order_and_exact_times_for_those_holding_the_key(world, make_report):
    report, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    for body in ("first", "second", "third"):
        intake_actions.post_reporter_message(access, body)
    case_actions.reply_to_reporter(report, "fourth", world.north.unlocked, world.north.advocate)
    thread = intake_actions.message_thread(report, access.key)
    assert [m.body for m in thread] == ["first", "second", "third", "fourth"]
    assert not any(is_a_day(m.sent_at) for m in thread) and thread[0].sent_at <= thread[-1].sent_at
    assert all(is_a_day(m.sent_at) for m in Message.objects.filter(report=report))


def test_a_message_from_before_the_change_is_sealed_and_cut_to_the_day_when_next_read(world, make_report):
    report, codename = make_report()
    access = intake_actions.open_with_codename(codename)
    old = intake_actions.add_message(report, access.key, "from before", sender=Message.Sender.REPORTER)
    exact = datetime(2026, 3, 12, 14, 23, 7, tzinfo=UTC)
    Message.objects.filter(pk=old.pk).update(sent_at=exact, sent_at_sealed=None)
    later = intake_actions.add_message(report, access.key, "after", sender=Message.Sender.REPORTER)
    Message.objects.filter(pk=later.pk).update(sent_at=exact + timedelta(days=1))
    thread = intake_actions.message_thread(report, access.key)
    assert [m.body for m in thread] == ["from before", "after"] and thread[0].sent_at == exact
    stored = Message.objects.get(pk=old.pk)
    assert is_a_day(stored.sent_at) and stored.sent_at_sealed is not None
    assert intake_actions.message_thread(report, access.key)[0].sent_at == exact


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_queue_order_and_cuts_stored_times_to_the_day():
    executor = MigrationExecutor(connection)
    # Accounts too, at the schema these migrations knew: a later column there (organisations'
    # specialisms and languages) has no default in the database for rows made with old models.
    before, after = (
        [("intake", "0005_crime_type_choices"), ("vault", "0001_initial"), ("accounts", "0002_normalise_staff_emails")],
        [("intake", "0006_times_to_the_day"), ("vault", "0002_data_key_created_on_the_day")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("accounts", "Organisation").objects.create(slug="m", name="M", kind="support")
    first = datetime(2026, 3, 12, 16, 5, tzinfo=UTC)
    ids = []
    for n, hours in enumerate((0, 3, 1)):  # stored out of order: the migration orders by time
        key = old.get_model("vault", "DataKey").objects.create()
        report = old.get_model("intake", "Report").objects.create(
            reference=f"SR-MIG-{n}", organisation=org, data_key=key, crime_type="theft", language="en", narrative_sealed=b"x"
        )
        old.get_model("intake", "Report").objects.filter(pk=report.pk).update(
            created_at=first + timedelta(hours=hours), updated_at=first + timedelta(hours=hours)
        )
        old.get_model("intake", "Consent").objects.create(
            report=report, recipient_kind="police", wording_version="v", wording_language="en"
        )
        ids.append(report.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    reports = new.get_model("intake", "Report").objects.filter(pk__in=ids)
    assert [r.reference for r in reports.order_by("received_order")] == ["SR-MIG-0", "SR-MIG-2", "SR-MIG-1"]
    assert all(is_a_day(r.created_at) and is_a_day(r.updated_at) for r in reports)
    assert all(is_a_day(c.given_at) for c in new.get_model("intake", "Consent").objects.all())
    assert all(is_a_day(k.created_at) for k in new.get_model("vault", "DataKey").objects.all())
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
