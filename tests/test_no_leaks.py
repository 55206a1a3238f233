"""Proof that nothing leaks: generated cases sent down every outbound path carry no immigration or unconsented data."""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from leak_support import (
    STATUS_STATEMENTS,
    Outputs,
    all_logging_at_debug,
    audit_text,
    cases,
    compelled_requests,
    found,
    keys_of,
    log_leaks,
    marker,
    pdf_attachments,
    pdf_text,
)

from safereport.accounts.actions import add_staff
from safereport.audit.models import AuditEntry
from safereport.cases import actions as case_actions
from safereport.cases import eligibility
from safereport.firewall import receipts, referrals, review, transparency
from safereport.firewall import requests as register_actions
from safereport.firewall.contact_arrangements import CONTACT_ONLY
from safereport.firewall.models import DisclosureRequest, Referral
from safereport.firewall.tests.quarters import next_quarter_moment
from safereport.intake import actions as intake_actions
from safereport.intake.models import Report
from safereport.intake.submission import Submission
from safereport.redaction.evaluation import LANGUAGES as REDACTION_LANGUAGES
from safereport.services.models import Service
from safereport.vault import keyring
from safereport.web.reporter.tests.report_form_walk import ReportForm

# No shrinking: each example drives a whole case through every path (about a second), so shrinking
# a failure would take minutes; the planted markers already say which value leaked and where.
EXAMPLES = {
    "deadline": None,
    "phases": [Phase.explicit, Phase.reuse, Phase.generate],
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
# The package's own vocabulary: constant strings that say nothing about the person.
PACKAGE_KEYS = {
    "format",
    "reference",
    "from_organisation",
    "recipient_kind",
    "recipient",
    "purpose",
    "generated_at",
    "crime",
    "consent",
    "withheld_classes",
    "contact_arrangements",
}
# Wording that would reveal that the reporter asked for immigration advice (rule 2).
ADVICE_WORDS = re.compile(r"immigration[ _-]?advice|wants_immigration|asesor[ií]a (?:de )?inmigraci|استشارة", re.IGNORECASE)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@pytest.fixture
def staff(world, sign_in):
    """Signed-in clients (and a second North supervisor for dual control), made once per test, not per example."""
    second = add_staff(world.north.org, "second-supervisor@north.test", world.password, "supervisor", actor="test")
    keyring.grant_access(world.north.unlocked, second, actor="test")
    return SimpleNamespace(
        advocate=sign_in(world.north.advocate, test_client=Client()),
        liaison=sign_in(world.police.police_liaison, test_client=Client()),
        supervisor=sign_in(world.north.supervisor, test_client=Client()),
        second=second,
        second_client=sign_in(second, test_client=Client()),
        south=sign_in(world.south.advocate, test_client=Client()),
    )


# ---------------------------------------------------------------- the reporter's side


def submit(case, client: Client) -> tuple[Report, str, Outputs]:
    """Submit `case` the way its channel does; return the report, its codename and what the reporter was shown."""
    shown = Outputs()
    consent = {"share_contact": case.share_contact, "share_narrative": case.share_narrative}
    if case.channel == "api":
        response = client.post(
            "/api/v1/reports",
            {
                "crime_type": case.crime_type,
                "narrative": case.narrative,
                "language": case.language,
                "occurred_on": case.occurred_on.isoformat() if case.occurred_on else None,
                "area": case.area,
                "wants": sorted(case.wants),
                "interpreter_language": case.interpreter,
                "contact": case.contact,
                "consent": {"police": consent},
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content[:300]
        body = response.json()
        shown.add("api created", response.content)
        return Report.objects.get(reference=body["reference"]), body["codename"], shown
    if case.channel == "web":
        response = ReportForm(client, case.language).send_all(
            {
                "crime_type": case.crime_type,
                "narrative": case.narrative,
                "occurred_on": case.occurred_on.isoformat() if case.occurred_on else "",
                "area": "north",
                "wants": sorted(case.wants),
                "interpreter_language": case.interpreter,
                **case.contact,
                "police_share_contact": _yes(case.share_contact),
                "police_share_narrative": _yes(case.share_narrative),
            }
        )
        page = shown.add("confirmation page", response.content)
        codename = re.search(r'id="codename">([^<]+)<', page)
        assert response.status_code == 200 and codename, page[:500]
        access = intake_actions.open_with_codename(codename.group(1))
        return access.report, codename.group(1), shown
    report, codename = intake_actions.submit_report(
        Submission(
            crime_type=case.crime_type,
            narrative=case.narrative,
            language=case.language,
            occurred_on=case.occurred_on,
            area=case.area,
            wants=set(case.wants),
            interpreter_language=case.interpreter,
            contact=dict(case.contact),
            consent={"police": consent},
        )
    )
    return report, codename, shown


def reporter_client(case, codename) -> Client:
    client = Client()
    assert client.post(f"/{case.page_language}/return/", {"codename": codename}).status_code == 302
    return client


def send_reporter_message(case, reporter: Client, codename: str) -> None:
    if case.channel == "api":
        response = reporter.post(
            "/api/v1/me/messages",
            {"body": case.reporter_message},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Codename {codename}",
        )
        assert response.status_code == 201
        assert not found(case.free_text_values, response.content.decode())
    else:
        assert reporter.post(f"/{case.page_language}/my-report/", {"body": case.reporter_message}).status_code == 302


def casework(case, report, staff) -> None:
    """The advocate opens the case (issuing the receipt), records immigration advice and a note, and replies."""
    base = f"/en/staff/cases/{report.reference}"
    assert staff.advocate.get(f"{base}/").status_code == 200
    for path, body in (("immigration-advice", case.immigration_notes), ("note", case.case_note), ("reply", case.advocate_reply)):
        assert staff.advocate.post(f"{base}/{path}/", {"body": body}).status_code == 302
    # Immigration-classified casework beyond the entries: eligibility answers, and a referral to an immigration
    # adviser whose sealed note carries the immigration marker. None of it may reach any recipient.
    answers = {question: "yes" for question in eligibility.QUESTIONS}
    assert staff.advocate.post(f"{base}/immigration-eligibility/", answers).status_code == 302
    adviser, _created = Service.objects.get_or_create(
        organisation=report.organisation, name="Riverside Immigration Advice", kind="immigration_advice"
    )
    made_on = (date.today() - timedelta(days=3)).isoformat()
    referral = {"service": adviser.pk, "made_on": made_on, "note": case.immigration_notes}
    assert staff.advocate.post(f"{base}/services/refer/", referral).status_code == 302


# ---------------------------------------------------------------- what each recipient receives


def liaison_outputs(referral: Referral, staff, language: str, world=None) -> tuple[dict, Outputs]:
    """Everything the force sees of one referral: the list, the page, the JSON and the PDF (text and attachment).

    Once the reporter has withdrawn part of what a package holds, both downloads are refused (410): the
    package is then what the page shows, as `open_referral` builds it under the consent now in force.
    """
    out = Outputs()
    base = f"/{language}/staff/police/{referral.pk}"
    out.add("police list", staff.liaison.get(f"/{language}/staff/police/").content)
    page = staff.liaison.get(f"{base}/")
    assert page.status_code == 200
    out.add("police page", page.content)
    as_json, pdf = staff.liaison.get(f"{base}/package.json"), staff.liaison.get(f"{base}/package.pdf")
    if as_json.status_code == 410:
        assert pdf.status_code == 410 and world is not None
        out.add("police JSON refused", as_json.content)
        out.add("police PDF refused", pdf.content)
        opened = referrals.open_referral(referral, world.police.unlocked, world.police.police_liaison)
        assert opened.delete
        return opened.package, out
    document = json.loads(out.add("police JSON", as_json.content))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    out.add("police PDF text", pdf_text(pdf.content))
    out.add("police PDF attachment", pdf_attachments(pdf.content))
    return document["payload"]["package"], out


def area_survives_cautious(case) -> bool:
    """Whether the area's marker outlives review.cautious in every language the report may be filed under: no page
    settles marks in the area, so a random marker the engine happens to be unsure of is removed, by design."""
    return all(case.area_marker in review.cautious(case.area, language) for language in ("en", *REDACTION_LANGUAGES))


def assert_police_package(case, package: dict, out: Outputs, share_contact: bool, share_narrative: bool) -> None:
    """Rules 2, 3 and 5 for one package to the police, given the consent in force when it was made."""
    assert not out.leaks(case.immigration_values), "immigration data reached the police"
    assert not out.leaks(case.never_to_a_recipient), "messages, notes or interpreter text reached the police"
    assert not [k for k in keys_of(package) if "immigration" in k.lower() or "wants" in k.lower()]
    assert not {name: ADVICE_WORDS.findall(text) for name, text in out.texts.items() if ADVICE_WORDS.search(text)}
    # Pages that show no content: the list of referrals, and the refusal of a withdrawn package.
    lists = [name for name in out.texts if name == "police list" or name.endswith("refused")]
    expected = PACKAGE_KEYS | ({"narrative"} if share_narrative else set()) | ({"contact"} if share_contact else set())
    # A preview also lists the marks an advocate would settle before a real package (offsets, no text).
    expected |= {"review"} if share_narrative and package.get("purpose") == "preview" else set()
    assert set(package) == expected
    # Whether and when it is safe to call, text or leave a message go only with contact consent.
    arrangements = set(package["contact_arrangements"])
    assert arrangements == {"contact_through", "interpreter_needed", "supported_visit_wanted"} | (
        set(CONTACT_ONLY) if share_contact else set()
    )
    assert all(set(mark) == {"start", "end", "category"} for mark in package.get("review", []))
    if share_contact:
        assert package["contact"] == {k: v.strip() for k, v in case.contact.items()}
        assert not out.leaks([case.name_marker], lists)  # the list of referrals names no one
    else:
        assert not out.leaks(case.identity_values), "contact details went without consent"
    if share_narrative:
        assert case.fact in package["narrative"]
        assert not out.leaks([case.fact], lists)
        for name in set(out.texts) - set(lists):
            assert case.fact in out.texts[name], f"the consented narrative is missing from the {name}"
    else:
        assert not out.leaks([case.fact]), "the narrative went without consent"
    if case.channel != "web" and share_narrative:
        if area_survives_cautious(case):
            assert case.area_marker in package["crime"]["area"]
    elif case.channel != "web":
        assert not out.leaks([case.area_marker]), "the area in the reporter's own words went without narrative consent"


def disclosure_command(case, report, world, monkeypatch) -> Outputs:
    """`safereport disclosure` as the advocate: the police preview under the consent now in force, and other
    recipient kinds (always refused). The preview obeys the police rules; refusals and stderr carry nothing."""
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    consent, out = current(report), Outputs()
    for kind in ("police", "immigration_enforcement", "local_authority"):
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            call_command(
                "disclosure",
                report.reference,
                "--recipient-kind",
                kind,
                "--as",
                world.north.advocate.email,
                stdout=stdout,
                stderr=stderr,
            )
        except CommandError as refused:
            stderr.write(str(refused))
        out.add(f"disclosure {kind} stdout", stdout.getvalue())
        out.add(f"disclosure {kind} stderr", stderr.getvalue())
    preview = out.texts.pop("disclosure police stdout")
    assert bool(preview) == (consent.share_contact or consent.share_narrative)
    if preview:
        assert_police_package(
            case, json.loads(preview), Outputs({"preview": preview}), consent.share_contact, consent.share_narrative
        )
    assert not out.leaks(case.free_text_values)
    assert not [name for name, text in out.texts.items() if "stdout" in name and text]
    return out


def current(report):
    return intake_actions.current_consent(report, "police")


def settle_marks_on(page: str) -> dict[str, str]:
    """What an advocate posts after removing every passage a page marked for review."""
    settled = {name: "remove" for name in re.findall(r'name="(review_\d+)" value="remove"', page)}
    fingerprint = re.search(r'name="review_fingerprint" value="([0-9a-f]+)"', page)
    if fingerprint:
        settled["review_fingerprint"] = fingerprint.group(1)
    return settled


def refer(report, world, staff) -> Referral | None:
    """Refer from the case page as an advocate does: every passage marked for review is settled (removed)."""
    before = set(Referral.objects.filter(report=report).values_list("pk", flat=True))
    settled = settle_marks_on(staff.advocate.get(f"/en/staff/cases/{report.reference}/").content.decode())
    response = staff.advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk, **settled})
    assert response.status_code == 302
    made = Referral.objects.filter(report=report).exclude(pk__in=before)
    return made.first()


def public_outputs(language: str) -> Outputs:
    """The transparency report on the page, as CSV, and from the command (this quarter published as if it had ended)."""
    transparency.publish_completed_quarters(next_quarter_moment())
    out, anonymous = Outputs(), Client()
    out.add("transparency page", anonymous.get(f"/{language}/transparency/").content)
    out.add("transparency CSV", anonymous.get(f"/{language}/transparency/report.csv").content)
    for args in ((), ("--csv",)):
        stdout = io.StringIO()
        call_command("transparency", *args, stdout=stdout, stderr=stdout)
        out.add(f"transparency command {args}", stdout.getvalue())
    return out


def reporter_outputs(case, reporter: Client, codename: str) -> Outputs:
    out = Outputs()
    out.add("my report page", reporter.get(f"/{case.page_language}/my-report/").content)
    receipt = reporter.get(f"/{case.page_language}/my-report/receipt.json")
    assert receipt.status_code == 200
    out.add("receipt JSON", receipt.content)
    pdf = reporter.get(f"/{case.page_language}/my-report/receipt.pdf").content
    out.add("receipt PDF text", pdf_text(pdf))
    out.add("receipt PDF attachment", pdf_attachments(pdf))
    out.add("API me", reporter.get("/api/v1/me", HTTP_AUTHORIZATION=f"Codename {codename}").content)
    return out


def assert_clean_trail(values, caplog, capsys, logged: list, *extra: Outputs) -> None:
    """Rule 6 and 8: the audit log, every log line and anything printed carry none of the typed values.

    Log lines are collected into `logged` and asserted once all examples have run, so a leak
    into the logs does not hide what the other examples would show about every other path.
    """
    assert not found(values, audit_text()), "report content in the audit log"
    logged.extend(log_leaks(values, caplog))
    printed = capsys.readouterr()
    assert not found(values, printed.out, printed.err), "report content printed"
    for out in extra:
        assert not out.leaks(values)


def assert_no_log_leaks(logged: list) -> None:
    by_source = sorted({(name, message) for name, message, _values in logged})
    assert not logged, f"{len(logged)} log records carried report content (rule 8), from: {by_source}; e.g. {logged[0][2]}"


# ---------------------------------------------------------------- the properties


def test_police_referrals_carry_only_consented_values_and_never_immigration_data(world, staff, monkeypatch, caplog, capsys):
    """Referral (page, JSON, PDF), preview command, receipt, reporter pages, API and transparency, before and after
    a consent change; plus audit, logs and printed output for the whole flow."""

    @hypothesis_settings(max_examples=20, **EXAMPLES)
    @given(case=cases(), liaison_language=st.sampled_from(["en", "es", "ar"]))
    def example(case, liaison_language):
        caplog.clear()
        with all_logging_at_debug(caplog):
            report, codename, shown = submit(case, Client())
            reporter = reporter_client(case, codename)
            send_reporter_message(case, reporter, codename)
            casework(case, report, staff)
            made = [(refer(report, world, staff), case.share_contact, case.share_narrative)]
            disclosure_command(case, report, world, monkeypatch)
            if case.later_consent is not None:
                share_contact, share_narrative = case.later_consent
                assert (
                    reporter.post(
                        f"/{case.page_language}/my-report/consent/",
                        {
                            "police_share_contact": _yes(share_contact),
                            "police_share_narrative": _yes(share_narrative),
                        },
                    ).status_code
                    == 302
                )
                # Revocation (or a widening) applies to the very next disclosure.
                made.append((refer(report, world, staff), share_contact, share_narrative))
                disclosure_command(case, report, world, monkeypatch)
            now = current(report)
            for referral, share_contact, share_narrative in made:
                # No consent to either part: the firewall refuses and nothing is made.
                assert (referral is not None) == (share_contact or share_narrative)
                if referral is not None:
                    package, out = liaison_outputs(referral, staff, liaison_language, world)
                    # What was withdrawn since the referral is no longer served, at once (rule 3).
                    assert_police_package(
                        case, package, out, share_contact and now.share_contact, share_narrative and now.share_narrative
                    )
            mine = reporter_outputs(case, reporter, codename)
            # The reporter's own pages show their thread, never the organisation's immigration or case notes.
            assert not mine.leaks([case.immigration_marker, case.case_note_marker])
            assert case.reporter_message_marker in mine.texts["my report page"]
            assert not mine.leaks(case.free_text_values, [n for n in mine.texts if n.startswith("receipt")])
            assert report.reference in mine.texts["receipt JSON"]
            receipt = json.loads(mine.texts["receipt JSON"])
            assert not [k for k in keys_of(receipt) if "immigration" in k.lower()]
            assert not ADVICE_WORDS.search(mine.texts["receipt PDF text"] + mine.texts["receipt JSON"])
            assert not shown.leaks(case.free_text_values)
            # The clear audit trail of the case must not say that immigration advice was asked for.
            trail = AuditEntry.objects.filter(target=report.reference)
            assert not [e.action for e in trail if ADVICE_WORDS.search(json.dumps(e.detail, ensure_ascii=False))]
        assert_clean_trail(case.free_text_values, caplog, capsys, logged, public_outputs(liaison_language))

    logged = []
    example()
    assert_no_log_leaks(logged)


# ---------------------------------------------------------------- compelled disclosure


def _one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def register_and_decide(request, report, world, staff, monkeypatch, tmp_path) -> tuple[str, Outputs]:
    """Register through the page or the command as one supervisor; approve as the other when compulsion is claimed.

    A court order's reference and copy are always given with one; a legal review with every approval."""
    out = Outputs()
    court_order = request.compulsion_claimed and request.legal_basis_kind == "court_order"
    if request.channel == "web":
        response = staff.supervisor.post(
            "/en/staff/disclosure/new/",
            {
                "agency_kind": request.agency_kind,
                "agency_name": "Agency on the letterhead",
                "asked": request.asked,
                "report_reference": report.reference,
                "compulsion_claimed": _yes(request.compulsion_claimed),
                "legal_basis_kind": request.legal_basis_kind,
                "legal_basis": request.legal_basis,
                "names_immigration": _yes(request.names_immigration),
                "requested_fields": sorted(request.fields),
                **(
                    {
                        "court_order_reference": request.court_order_reference,
                        "court_order_copy": SimpleUploadedFile("order.pdf", _one_page_pdf()),
                    }
                    if court_order
                    else {}
                ),
            },
        )
        assert response.status_code == 302, response.content[:2000]
        reference = response["Location"].rstrip("/").rsplit("/", 1)[1]
        out.add("register page", staff.supervisor.get("/en/staff/disclosure/").content)
        if request.compulsion_claimed and not request.refused_by_default:
            page = staff.second_client.get(f"/en/staff/disclosure/{reference}/").content.decode()
            assert (
                staff.second_client.post(
                    f"/en/staff/disclosure/{reference}/approve/",
                    {"confirm": "on", "legal_review": request.legal_review, **settle_marks_on(page)},
                ).status_code
                == 302
            )
        return reference, out
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    monkeypatch.setattr("sys.stdin", io.StringIO(request.asked))
    args = [
        "register",
        "--as",
        world.north.supervisor.email,
        "--agency-kind",
        request.agency_kind,
        "--agency-name",
        "Agency on the letterhead",
        "--report",
        report.reference,
        *(f"--field={name}" for name in sorted(request.fields)),
    ]
    if request.compulsion_claimed:
        args += ["--compulsion", request.legal_basis_kind, f"--legal-basis={request.legal_basis}"]
        args += ["--names-immigration"] if request.names_immigration else []
    if court_order:
        copy = tmp_path / f"{uuid.uuid4().hex}.pdf"
        copy.write_bytes(_one_page_pdf())
        args += [f"--court-order-reference={request.court_order_reference}", "--court-order-copy", str(copy)]
    stdout = io.StringIO()
    call_command("disclosure_request", *args, stdout=stdout, stderr=stdout)
    reference = out.add("register command", stdout.getvalue()).split()[0]
    stdout = io.StringIO()
    call_command("disclosure_request", "list", "--as", world.north.supervisor.email, stdout=stdout, stderr=stdout)
    out.add("list command", stdout.getvalue())
    if request.compulsion_claimed and not request.refused_by_default:
        review = tmp_path / f"{uuid.uuid4().hex}.txt"
        review.write_text(request.legal_review, encoding="utf-8")
        stdout = io.StringIO()
        entry = DisclosureRequest.objects.get(reference=reference)
        shown = register_actions.review_preview(entry, world.north.unlocked)
        marks = [f"--review={i}=remove" for i in range(len(shown.marks))] if shown else []
        call_command(
            "disclosure_request",
            "approve",
            reference,
            "--as",
            staff.second.email,
            "--legal-review",
            str(review),
            *marks,
            stdout=stdout,
            stderr=stdout,
        )
        out.add("approve command", stdout.getvalue())
    return reference, out


def assert_compelled_package(case, request, package: dict, text: str, language: str) -> None:
    """Rule 4 with rule 2: immigration fields only under a court order that names immigration, whoever asks,
    and only the fields asked for."""
    immigration_fields = {"wants_immigration_advice", "immigration_advice_notes"}
    immigration_allowed = request.names_immigration and request.legal_basis_kind == "court_order"
    allowed = request.fields if immigration_allowed else request.fields - immigration_fields
    if not request.for_immigration_enforcement:
        allowed = allowed | {"crime_facts"}  # to immigration enforcement, only what the order names
    assert ("crime" in package) == ("crime_facts" in allowed)
    out = Outputs({"compelled package": text})
    assert set(package["disclosed_fields"]) == allowed
    assert not out.leaks(case.never_to_a_recipient + request.free_text_values)
    assert not out.leaks(case.status_markers + case.identifiers), "status statements survived into the package"
    named = allowed & immigration_fields
    immigration_keys = {k for k in keys_of(package) if "immigration" in k.lower()} - {"names_immigration"}
    assert immigration_keys == ({"immigration", *named} if named else set())
    assert (case.immigration_marker in text) == ("immigration_advice_notes" in named)
    if "immigration_advice_notes" in named:
        assert package["immigration"]["immigration_advice_notes"] == case.immigration_notes
    if "wants_immigration_advice" in named:
        assert package["immigration"]["wants_immigration_advice"] is case.wants_immigration_advice
    assert (case.fact in text) == ("narrative" in allowed)
    assert (case.name_marker in text) == ("name" in allowed)
    for part, value in (("phone", case.phone), ("email", case.email)):
        assert (value in text) == (part in allowed), f"{part} went without being compelled"
        if part in allowed:
            assert package["contact"][part] == value
    # The area in the reporter's own words is free text: it goes only with the narrative, and as review.cautious
    # leaves it (no page settles marks in it, so a passage the engine is unsure of is removed).
    area_as_sent = review.cautious(case.area, language) if case.area.strip() else ""
    assert (case.area_marker in text) == ("narrative" in allowed and case.area_marker in area_as_sent)


def test_compelled_disclosures_carry_immigration_data_only_when_the_legal_basis_names_it(
    world, staff, monkeypatch, caplog, capsys, settings, tmp_path
):
    """Registered and decided through the pages or the command; the package, register, reporter's page,
    transparency report, audit log, logs and printed output."""

    @hypothesis_settings(max_examples=25, **EXAMPLES)
    @given(case=cases(channels=("action",)), request=compelled_requests())
    def example(case, request):
        caplog.clear()
        with all_logging_at_debug(caplog):
            report, codename, _shown = submit(case, Client())
            case_actions.save_immigration_advice(report, case.immigration_notes, world.north.unlocked, world.north.advocate)
            case_actions.add_note(report, case.case_note, world.north.unlocked, world.north.advocate)
            case_actions.reply_to_reporter(report, case.advocate_reply, world.north.unlocked, world.north.advocate)
            receipts.issue_receipt(report, world.north.unlocked, world.north.advocate)
            reference, out = register_and_decide(request, report, world, staff, monkeypatch, tmp_path)
            entry = DisclosureRequest.objects.get(reference=reference)
            assert entry.refused_by_default == request.refused_by_default
            disclosed = request.compulsion_claimed and not request.refused_by_default
            assert (entry.decision == "disclosed") == disclosed
            download = staff.supervisor.get(f"/en/staff/disclosure/{reference}/package.json")
            if disclosed:
                assert download.status_code == 200
                text = download.content.decode()
                assert_compelled_package(case, request, json.loads(text)["payload"]["package"], text, report.language)
            else:
                assert download.status_code == 302 and entry.package_sealed is None
            mine = reporter_outputs(case, reporter_client(case, codename), codename)
            assert not mine.leaks([case.immigration_marker, case.case_note_marker, *request.free_text_values])
            values = case.free_text_values + request.free_text_values
            assert not out.leaks(values)
        assert_clean_trail(values, caplog, capsys, logged, public_outputs("en"))

    settings.DEBUG = False
    logged = []
    example()
    assert_no_log_leaks(logged)


# ---------------------------------------------------------------- error pages


class SimulatedFailure(RuntimeError):
    """A bug somewhere below a view; its message is fixed, so anything of the case in the output came from elsewhere."""


def _fail(*args, **kwargs):
    raise SimulatedFailure("simulated failure")


def test_error_pages_and_api_errors_never_echo_case_content(world, staff, monkeypatch, caplog, capsys, settings):
    """404, 403 (CSRF), 500 (with DEBUG off) and the API's 401/413/422/500, each while handling a generated case."""

    @hypothesis_settings(max_examples=20, **EXAMPLES)
    @given(case=cases(channels=("action",)))
    def example(case):
        caplog.clear()
        errors = Outputs()
        lang = case.page_language
        form = {
            "step": "contact",
            "crime_type": case.crime_type,
            "narrative": case.narrative,
            "area": "north",
            "wants": sorted(case.wants),
            "interpreter_language": case.interpreter,
            **case.contact,
            "police_share_contact": _yes(case.share_contact),
            "police_share_narrative": _yes(case.share_narrative),
        }
        api_body = {
            "crime_type": case.crime_type,
            "narrative": case.narrative,
            "language": case.language,
            "area": case.area,
            "wants": sorted(case.wants),
            "interpreter_language": case.interpreter,
            "contact": case.contact,
        }
        with all_logging_at_debug(caplog):
            report, codename, _shown = submit(case, Client())
            # Full consent, so the referral (and its PDF) holds every value the 500 below must not show.
            intake_actions.change_consent(report, "police", share_contact=True, share_narrative=True, language="en")
            referral = refer(report, world, staff)
            reporter = reporter_client(case, codename)
            response = Client(enforce_csrf_checks=True).post(f"/{lang}/report/", form)
            assert response.status_code == 403
            errors.add("403 csrf report form", response.content)
            response = Client(enforce_csrf_checks=True).post(f"/{lang}/my-report/", {"body": case.reporter_message})
            assert response.status_code == 403
            errors.add("403 csrf message", response.content)
            response = staff.south.get(f"/en/staff/cases/{report.reference}/")
            assert response.status_code == 404
            errors.add("404 another organisation's case", response.content)
            response = staff.liaison.get(f"/{lang}/staff/police/{uuid.uuid4()}/package.pdf")
            assert response.status_code == 404
            errors.add("404 referral", response.content)
            broken = Client(raise_request_exception=False)
            future = {**api_body, "occurred_on": "2999-01-01"}
            response = broken.post("/api/v1/reports", future, content_type="application/json")
            assert response.status_code == 422
            errors.add("API 422", response.content)
            response = broken.post(
                "/api/v1/reports", {**api_body, "narrative": case.narrative + " x" * 10_000}, content_type="application/json"
            )
            assert response.status_code == 422  # a field over its limit
            errors.add("API 422 too long", response.content)
            too_big = {**api_body, "narrative": case.narrative + " x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
            response = broken.post("/api/v1/reports", too_big, content_type="application/json")
            assert response.status_code == 413  # a body over the upload limit
            errors.add("API 413", response.content)
            response = broken.post("/api/v1/reports", {**api_body, "wants": ["nationality"]}, content_type="application/json")
            errors.add("API 422 choice", response.content)
            half_typed = ReportForm(broken, lang)  # the last step's failure comes with the earlier steps in hand
            for step in ("what", "wants"):
                half_typed.send(step, form)
            with monkeypatch.context() as patch:
                # Each failure comes after the view has the case's content in hand (decrypted, or as POST data).
                patch.setattr(intake_actions, "submit_report", _fail)
                patch.setattr(intake_actions, "message_thread", _fail)
                patch.setattr("safereport.web.reporter.views.render", _fail)
                patch.setattr("safereport.web.staff.cases.render", _fail)
                patch.setattr("safereport.web.staff.cases.package_pdf.render_pdf", _fail)
                for client in (reporter, staff.advocate, staff.liaison):
                    patch.setattr(client, "raise_request_exception", False)
                for name, response in (
                    ("500 report form", half_typed.send("contact", form, follow=False)),
                    ("500 API report", broken.post("/api/v1/reports", api_body, content_type="application/json")),
                    ("500 API me", broken.get("/api/v1/me", HTTP_AUTHORIZATION=f"Codename {codename}")),
                    ("500 my report", reporter.get(f"/{lang}/my-report/")),
                    ("500 case page", staff.advocate.get(f"/en/staff/cases/{report.reference}/")),
                    ("500 referral PDF", staff.liaison.get(f"/{lang}/staff/police/{referral.pk}/package.pdf")),
                ):
                    assert response.status_code == 500, name
                    errors.add(name, response.content)
            assert not errors.leaks(case.free_text_values)
        assert_clean_trail(case.free_text_values, caplog, capsys, logged)

    settings.DEBUG = False
    logged = []
    example()
    assert_no_log_leaks(logged)


# ---------------------------------------------------------------- free text outside the narrative


def test_status_statements_and_phone_numbers_typed_as_the_area_never_reach_the_police(world, staff):
    """The API takes the area as free text, and it travels as a crime fact; rule 5 says free text leaving
    the organisation is redacted of immigration status and unconsented phone numbers, like the narrative."""

    @hypothesis_settings(max_examples=10, **EXAMPLES)
    @given(case=cases(channels=("api",)), statement=st.sampled_from(STATUS_STATEMENTS), with_phone=st.booleans())
    def example(case, statement, with_phone):
        status_marker = marker("STAT")
        area = f"{case.area_marker} near the market. {statement} {status_marker}."
        case = replace(
            case, area=area + (f" Call me on {case.phone}." if with_phone else ""), share_contact=False, share_narrative=True
        )
        report, _codename, _shown = submit(case, Client())
        referral = refer(report, world, staff)
        package, out = liaison_outputs(referral, staff, case.page_language)
        if area_survives_cautious(case):
            assert case.area_marker in package["crime"]["area"]
        assert not out.leaks([status_marker, case.phone]), (
            "a status statement (or an unconsented phone number) typed as the area reached the police unredacted"
        )

    example()
