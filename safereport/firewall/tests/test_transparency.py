"""The public transparency report: completed quarters only, frozen once shown, small numbers suppressed; page, CSV
and command."""

import csv
import io
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereport.firewall import transparency
from safereport.firewall.models import DisclosureRequest, PublishedQuarter, Referral
from safereport.firewall.requests import approve_compelled_disclosure, refuse_request
from safereport.firewall.tests.quarters import into_last_quarter, last_quarter_moment, next_quarter_moment
from safereport.firewall.transparency import COLUMNS, Quarter, shown
from safereport.management.scheduler import daily_job

FEWER = "fewer than 5"


class _TableCells(HTMLParser):
    """The body rows of the transparency table, as text, the way a reader (or screen reader) gets them."""

    def __init__(self):
        super().__init__()
        self.rows, self._in_body, self._cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif self._in_body and tag in ("td", "th"):
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _page_rows(client) -> list[list[str]]:
    response = client.get("/en/transparency/")
    assert response.status_code == 200
    parser = _TableCells()
    parser.feed(response.content.decode())
    return parser.rows


def _csv_rows(client) -> list[dict]:
    response = client.get("/en/transparency/report.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _last_quarter() -> str:
    return str(Quarter.of(last_quarter_moment()))


def _register_many(register, count, **fields):
    return [register(**fields) for _ in range(count)]


@pytest.mark.parametrize("count, expected", [(0, "0"), (1, FEWER), (4, FEWER), (5, "5"), (17, "17")])
def test_counts_from_one_to_four_are_suppressed_and_zero_is_shown(count, expected):
    assert shown(count) == expected


def test_page_shows_fewer_than_five_for_small_counts_and_exact_counts_from_five(db, world, register, client):
    _register_many(register, 3, agency_kind="immigration_enforcement", agency_name="Immigration Enforcement")
    _register_many(register, 6, agency_kind="police", agency_name="Northshire Police")
    into_last_quarter()
    rows = _page_rows(client)
    assert len(rows) == 1
    row = dict(zip(COLUMNS, rows[0]))
    assert row["quarter"] == _last_quarter()
    assert row["received_immigration_enforcement"] == FEWER and row["refused_immigration_without_court_order"] == FEWER
    assert row["received_police"] == "6" and row["received_court"] == "0" and row["complied_police"] == "0"


def test_csv_parses_and_matches_the_page(db, world, register, client):
    _register_many(register, 7, agency_kind="immigration_enforcement", agency_name="Immigration Enforcement")
    into_last_quarter()
    register(agency_kind="court", received_at=timezone.now() - timedelta(days=200))
    page, table = _page_rows(client), _csv_rows(client)
    assert [list(row.values()) for row in table] == page
    assert list(table[0]) == list(COLUMNS)
    assert table[0]["received_immigration_enforcement"] == "7" and table[0]["refused"] == "7"


def test_requests_count_in_the_quarter_received_and_quiet_quarters_show_zero(db, world, register):
    long_ago = timezone.make_aware(datetime(timezone.now().year - 1, 2, 10, 12))
    register(agency_kind="court", received_at=long_ago)
    rows = {row["quarter"]: row for row in transparency.counts()}
    first, now = Quarter.of(long_ago), Quarter.of(timezone.now())
    assert rows[first]["received_court"] == 1
    assert len(rows) == (now.year - first.year) * 4 + now.number - first.number
    assert all(row["received_court"] == 0 for quarter, row in rows.items() if quarter != first)


def test_compelled_disclosures_and_consented_referrals_are_counted(
    db, world, register, seeded_case, court_order, second_supervisor, client
):
    for request in _register_many(register, 5, **court_order(seeded_case.report)):
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    for _ in range(2):
        Referral.objects.create(
            report=seeded_case.report,
            police=world.police.org,
            package_sealed=b"sealed",
            sender_fingerprint="s",
            recipient_fingerprint="r",
        )
    into_last_quarter()
    row = _csv_rows(client)[0]
    assert row["complied_police"] == "5" and row["received_police"] == "5"
    assert row["referrals_with_consent"] == FEWER and row["refused"] == "0"


def test_page_needs_no_sign_in_and_names_nobody(db, world, register, seeded_case, court_order, client):
    request = register(**court_order(seeded_case.report), asked="Records about Maria Oliveira")
    html = client.get("/en/transparency/").content.decode()
    for secret in (request.reference, seeded_case.report.reference, "Northshire Police", "Maria", "Production order"):
        assert secret not in html
    assert "<script" not in html.split("</head>")[1]


def test_empty_report_says_so(db, client):
    response = client.get("/en/transparency/")
    assert response.status_code == 200 and 'id="transparency-empty"' in response.content.decode()
    assert _csv_rows(client) == []


def test_posting_to_the_public_pages_is_refused(db, client):
    assert client.post("/en/transparency/").status_code == 405
    assert client.post("/en/transparency/report.csv").status_code == 405


def test_command_prints_the_same_csv_as_the_download(db, world, register, client):
    _register_many(register, 2, agency_kind="local_authority", agency_name="Northshire Council")
    into_last_quarter()
    out = io.StringIO()
    call_command("transparency", "--csv", stdout=out)
    assert out.getvalue() == client.get("/en/transparency/report.csv").content.decode()


def test_command_prints_a_readable_table(db, world, register):
    _register_many(register, 2, agency_kind="local_authority", agency_name="Northshire Council")
    into_last_quarter()
    out = io.StringIO()
    call_command("transparency", stdout=out)
    text = out.getvalue()
    assert _last_quarter() in text and "Requests from: Local authority: fewer than 5" in text


def test_the_current_quarter_is_not_shown_while_it_runs(db, world, register, client):
    _register_many(register, 6, agency_kind="police", agency_name="Northshire Police")
    response = client.get("/en/transparency/")
    assert 'id="transparency-empty"' in response.content.decode() and _page_rows(client) == []
    assert _csv_rows(client) == [] and not PublishedQuarter.objects.exists()


def test_a_shown_quarter_never_changes_and_a_late_record_counts_when_recorded(db, world, register, client):
    _register_many(register, 6, agency_kind="police", agency_name="Northshire Police")
    into_last_quarter()
    assert dict(zip(COLUMNS, _page_rows(client)[0]))["received_police"] == "6"
    DisclosureRequest.objects.filter(pk=DisclosureRequest.objects.first().pk).delete()  # as retention would
    register(agency_kind="police", agency_name="Northshire Police", received_at=last_quarter_moment())
    register(agency_kind="police", agency_name="Northshire Police", received_at=last_quarter_moment())
    rows = _page_rows(client)
    assert len(rows) == 1 and dict(zip(COLUMNS, rows[0]))["received_police"] == "6"
    later = {str(row["quarter"]): row for row in transparency.counts(next_quarter_moment())}
    assert later[_last_quarter()]["received_police"] == 6
    assert later[str(Quarter.of(timezone.now()))]["received_police"] == 2


def test_a_decision_counts_in_the_quarter_it_was_made(db, world, register, client):
    pending = _register_many(register, 5, agency_kind="police", agency_name="Northshire Police")
    into_last_quarter()
    assert dict(zip(COLUMNS, _page_rows(client)[0]))["refused"] == "0"
    for request in pending:
        refuse_request(DisclosureRequest.objects.get(pk=request.pk), world.north.supervisor, "No legal basis given.")
    later = {str(row["quarter"]): row for row in transparency.counts(next_quarter_moment())}
    assert later[_last_quarter()]["refused"] == 0 and later[_last_quarter()]["received_police"] == 5
    assert later[str(Quarter.of(timezone.now()))]["refused"] == 5


def test_the_daily_job_publishes_a_quarter_once_it_has_ended(db, world, register):
    _register_many(register, 2, agency_kind="court")
    into_last_quarter()
    assert daily_job()["quarters_published"] == 1
    assert daily_job()["quarters_published"] == 0
    assert [(row.year, row.number) for row in PublishedQuarter.objects.all()] == [
        (Quarter.of(last_quarter_moment()).year, Quarter.of(last_quarter_moment()).number)
    ]
