"""Immigration enforcement: only a court order, attached and legally reviewed, compels anything (rule 4)."""

import csv
import io
import json
import os
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.translation import gettext as _
from django.utils.translation import override
from PIL import Image

from safereport.audit.models import AuditEntry
from safereport.firewall import court_orders
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.policy import Compulsion, compelled_rule
from safereport.firewall.requests import (
    DualControlRefused,
    RequestInvalid,
    approve_compelled_disclosure,
    open_request,
    package_for_download,
)
from safereport.firewall.tests.quarters import into_last_quarter

from .conftest import (
    CRIME_FACT,
    IMMIGRATION_NOTE,
    LEGAL_REVIEW,
    ORDER_REFERENCE,
    PHONE,
    pdf_bytes,
    png_bytes,
)

Decision = DisclosureRequest.Decision
BASE = "/en/staff/disclosure/"
IMMIGRATION = "immigration_enforcement"
LEGAL_HELP = (
    "A court ordered us to give this information to immigration enforcement. We gave only what the order "
    "named. You can get confidential legal advice about what this means for you from an immigration "
    "solicitor, a law centre, or an immigration adviser registered with the Immigration Advice Authority "
    "(IAA). Law centres, and some solicitors through legal aid, can help for free."
)


def _approve(world, supervisor, request, review=LEGAL_REVIEW):
    approve_compelled_disclosure(request, supervisor, world.north.unlocked, legal_review=review)
    request.refresh_from_db()
    return request


def _reporter(codename, lang="en") -> Client:
    client = Client()
    assert client.post(f"/{lang}/return/", {"codename": codename}).status_code == 302
    return client


# --- only a court order: every other basis is refused at registration, with the reason -------------------


@pytest.mark.parametrize("basis_kind", ["statutory_power", "other"])
def test_immigration_enforcement_citing_any_basis_but_a_court_order_is_refused_at_registration(
    world, register, seeded_case, basis_kind
):
    request = register(
        agency_kind=IMMIGRATION,
        agency_name="Immigration Enforcement",
        report=seeded_case.report,
        compulsion_claimed=True,
        legal_basis_kind=basis_kind,
        legal_basis="Immigration Act 2016, s. 7",
        requested_fields=("name", "phone"),
    )
    assert request.decision == Decision.REFUSED and request.refused_by_default and request.decided_at is not None
    assert "only a court order can compel a disclosure to immigration enforcement" in request.decision_reason
    entry = AuditEntry.objects.get(target=request.reference, action="disclosure_request.refused")
    assert entry.detail["by_default"] is True


def test_the_refusal_reason_is_shown_when_registering_through_the_form(world, sign_in):
    client = sign_in(world.north.advocate, test_client=Client())
    response = client.post(
        f"{BASE}new/",
        {
            "agency_kind": IMMIGRATION,
            "agency_name": "Immigration Enforcement",
            "asked": "Address of the subject",
            "compulsion_claimed": "yes",
            "legal_basis_kind": "statutory_power",
            "legal_basis": "Immigration Act 1971",
            "names_immigration": "no",
        },
        follow=True,
    )
    entry = DisclosureRequest.objects.get()
    html = response.content.decode()
    assert entry.decision == Decision.REFUSED and entry.refused_by_default
    assert "relied on a legal basis other than a court order (statutory power)" in html
    assert 'id="decision-reason"' in html


def test_a_court_order_from_immigration_enforcement_needs_its_reference_and_a_copy(
    world, register, seeded_case, immigration_court_order
):
    with pytest.raises(RequestInvalid) as invalid:
        register(**immigration_court_order(seeded_case.report, court_order_reference=" ", court_order_copy=None))
    assert {"court_order_reference", "court_order_copy"} <= set(invalid.value.errors)
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize("agency_kind", ["other", "police", "court"])
def test_a_court_order_from_any_agency_needs_its_reference_and_a_copy(world, register, seeded_case, court_order, agency_kind):
    # The Home Office registered as "other" (or an immigration-crime unit as "police") must show the order too.
    fields = ("wants_immigration_advice", "immigration_advice_notes")
    with pytest.raises(RequestInvalid) as invalid:
        register(
            **{
                **court_order(seeded_case.report, fields=fields, names_immigration=True),
                "agency_kind": agency_kind,
                "court_order_reference": "",
                "court_order_copy": None,
            }
        )
    assert {"court_order_reference", "court_order_copy"} <= set(invalid.value.errors)
    assert not DisclosureRequest.objects.exists()


def test_immigration_data_to_any_agency_needs_the_approvers_written_legal_review(
    world, register, seeded_case, court_order, second_supervisor
):
    fields = ("wants_immigration_advice", "immigration_advice_notes")
    request = register(
        **{
            **court_order(seeded_case.report, fields=fields, names_immigration=True),
            "agency_kind": "other",
            "agency_name": "Home Office Immigration Enforcement",
        }
    )
    with pytest.raises(RequestInvalid) as invalid:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review="  ")
    assert "legal_review" in invalid.value.errors
    request.refresh_from_db()
    assert request.decision == Decision.PENDING and request.package_sealed is None
    refusal = AuditEntry.objects.get(target=request.reference, action="disclosure_request.approval_refused")
    assert refusal.detail["reason"] == "no_legal_review"
    package = package_for_download(_approve(world, second_supervisor, request), world.north.unlocked, world.north.supervisor)
    assert package["immigration"]["immigration_advice_notes"] == IMMIGRATION_NOTE  # with the review, as the order names


def test_an_order_already_registered_without_a_copy_cannot_be_approved_whoever_asked(
    world, register, seeded_case, court_order, second_supervisor
):
    # Registered before this rule: the order was demanded only of immigration enforcement then.
    request = register(**{**court_order(seeded_case.report), "agency_kind": "other", "agency_name": "Home Office"})
    DisclosureRequest.objects.filter(pk=request.pk).update(court_order_copy_sealed=None)
    request.refresh_from_db()
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review=LEGAL_REVIEW)
    assert refused.value.code == "court_order_missing"


def test_a_pending_immigration_request_without_a_court_order_cannot_be_approved(
    world, register, seeded_case, court_order, second_supervisor
):
    # A request entered before this rule, or changed behind the application's back.
    request = register(**{**court_order(seeded_case.report), "legal_basis_kind": "statutory_power"})
    DisclosureRequest.objects.filter(pk=request.pk).update(agency_kind=IMMIGRATION)
    request.refresh_from_db()
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review=LEGAL_REVIEW)
    assert refused.value.code == "not_a_court_order"
    request.refresh_from_db()
    assert request.decision == Decision.PENDING and request.package_sealed is None


def test_the_database_refuses_an_immigration_disclosure_without_an_attached_court_order(
    world, register, seeded_case, court_order, second_supervisor
):
    request = register(**court_order(seeded_case.report))
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(
            agency_kind=IMMIGRATION, decision=Decision.DISCLOSED, approved_by=second_supervisor
        )


def test_the_firewall_refuses_immigration_enforcement_any_basis_but_a_court_order():
    for basis_kind in ("statutory_power", "other"):
        ruling = compelled_rule(Compulsion(True, basis_kind, False, frozenset({"name"})), IMMIGRATION)
        assert not ruling.allowed and ruling.fields == frozenset()
    ruling = compelled_rule(Compulsion(True, "court_order", False, frozenset({"name"})), IMMIGRATION)
    assert ruling.allowed and ruling.fields == frozenset({"name"})


# --- the order's copy: sealed, type-checked, size-limited, never on disk -----------------------------------


def test_the_reference_and_copy_of_the_order_are_sealed_and_open_for_staff(
    world, sign_in, register, seeded_case, immigration_court_order
):
    request = register(**immigration_court_order(seeded_case.report))
    request.refresh_from_db()
    copy = pdf_bytes()
    assert bytes(request.court_order_copy_sealed) != copy and b"%PDF" not in bytes(request.court_order_copy_sealed)
    assert ORDER_REFERENCE.encode() not in bytes(request.court_order_reference_sealed)
    assert open_request(request, world.north.unlocked, world.north.advocate).court_order_reference == ORDER_REFERENCE
    client = sign_in(world.north.advocate, test_client=Client())
    assert ORDER_REFERENCE in client.get(f"{BASE}{request.reference}/").content.decode()
    response = client.get(f"{BASE}{request.reference}/court-order")
    assert response.status_code == 200 and response.content == copy
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{request.reference}-court-order.pdf"'
    assert AuditEntry.objects.filter(target=request.reference, action="disclosure_request.court_order_read").exists()
    other = sign_in(world.south.supervisor, test_client=Client())
    assert other.get(f"{BASE}{request.reference}/court-order").status_code == 404


def _court_order_form(report, upload, **overrides):
    data = {
        "agency_kind": IMMIGRATION,
        "agency_name": "Immigration Enforcement",
        "asked": "Name and phone",
        "report_reference": report.reference,
        "compulsion_claimed": "yes",
        "legal_basis_kind": "court_order",
        "legal_basis": "Order of the Upper Tribunal",
        "names_immigration": "no",
        "requested_fields": ["name"],
        "court_order_reference": ORDER_REFERENCE,
        "court_order_copy": upload,
        "withheld_reason": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("order.pdf", b"This is not a PDF at all", "Attach the court order as a PDF, PNG or JPEG file."),
        ("order.pdf", b"%PDF-1.7 truncated", "The file looks like a PDF but cannot be opened."),
        ("order.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "The file looks like a PNG but cannot be opened."),
        ("order.html", b"<script>alert(1)</script>", "Attach the court order as a PDF, PNG or JPEG file."),
        ("order.pdf", b"%PDF-" + b"0" * court_orders.MAX_COPY_BYTES, "The file is larger than 10 MB."),
    ],
)
def test_the_form_refuses_a_copy_that_is_not_a_readable_pdf_or_image_or_too_large(
    world, sign_in, seeded_case, name, content, message
):
    client = sign_in(world.north.supervisor, test_client=Client())
    response = client.post(f"{BASE}new/", _court_order_form(seeded_case.report, SimpleUploadedFile(name, content)))
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in html and message in html
    assert not DisclosureRequest.objects.exists()


def test_a_large_copy_is_kept_in_memory_and_never_written_to_a_temporary_file(world, sign_in, seeded_case, monkeypatch):
    def no_disk(*args, **kwargs):
        raise AssertionError("an uploaded court order was about to be written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_disk)
    out = io.BytesIO()  # noise does not compress: a PNG past Django's 2.5 MB in-memory default
    Image.frombytes("RGB", (1024, 1024), os.urandom(3 * 1024 * 1024)).save(out, format="PNG")
    big = out.getvalue()
    assert len(big) > 3 * 1024 * 1024
    client = sign_in(world.north.supervisor, test_client=Client())
    response = client.post(f"{BASE}new/", _court_order_form(seeded_case.report, SimpleUploadedFile("scan.png", big)))
    entry = DisclosureRequest.objects.get()
    assert response.status_code == 302 and entry.court_order_copy_type == "image/png"


def test_an_image_of_the_order_is_accepted_as_it_was_served(world, sign_in, seeded_case):
    client = sign_in(world.north.supervisor, test_client=Client())
    client.post(f"{BASE}new/", _court_order_form(seeded_case.report, SimpleUploadedFile("order.jpeg.txt", png_bytes())))
    entry = DisclosureRequest.objects.get()
    assert entry.court_order_copy_type == "image/png"  # from the bytes, not the name
    response = client.get(f"{BASE}{entry.reference}/court-order")
    assert response.content == png_bytes() and response["Content-Type"] == "image/png"


# --- approval: written legal review, dual control, only the named fields -----------------------------------


def test_approval_for_immigration_enforcement_needs_a_written_legal_review(
    world, register, seeded_case, immigration_court_order, second_supervisor
):
    request = register(**immigration_court_order(seeded_case.report))
    with pytest.raises(RequestInvalid) as invalid:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review="  ")
    assert "legal_review" in invalid.value.errors
    request.refresh_from_db()
    assert request.decision == Decision.PENDING and request.package_sealed is None
    request = _approve(world, second_supervisor, request)
    assert request.decision == Decision.DISCLOSED
    assert LEGAL_REVIEW.encode() not in bytes(request.legal_review_sealed)
    assert open_request(request, world.north.unlocked, world.north.supervisor).legal_review == LEGAL_REVIEW


def test_the_recording_supervisor_cannot_approve_an_immigration_disclosure(world, register, seeded_case, immigration_court_order):
    request = register(**immigration_court_order(seeded_case.report))
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, world.north.supervisor, world.north.unlocked, legal_review=LEGAL_REVIEW)
    assert refused.value.code == "same_person"


def test_the_approval_page_records_the_legal_review(
    world, sign_in, register, seeded_case, immigration_court_order, second_supervisor
):
    request = register(**immigration_court_order(seeded_case.report))
    client = sign_in(second_supervisor, test_client=Client())
    assert 'name="legal_review"' in client.get(f"{BASE}{request.reference}/").content.decode()
    response = client.post(f"{BASE}{request.reference}/approve/", {"confirm": "on"}, follow=True)
    assert "Not approved: Write down your legal review" in response.content.decode()
    request.refresh_from_db()
    assert request.decision == Decision.PENDING
    client.post(f"{BASE}{request.reference}/approve/", {"confirm": "on", "legal_review": LEGAL_REVIEW})
    request.refresh_from_db()
    assert request.decision == Decision.DISCLOSED and request.approved_by == second_supervisor
    assert LEGAL_REVIEW in client.get(f"{BASE}{request.reference}/").content.decode()


def test_only_the_fields_the_order_names_go_and_no_crime_facts_unless_named(
    world, register, seeded_case, immigration_court_order, second_supervisor
):
    request = _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report, fields=("name",))))
    package = package_for_download(request, world.north.unlocked, world.north.supervisor)
    assert package["contact"] == {"name": "Ana Lopez"} and package["disclosed_fields"] == ["name"]
    assert "crime" not in package and "narrative" not in package and "immigration" not in package
    text = json.dumps(package, ensure_ascii=False)
    for withheld in (CRIME_FACT, PHONE, "ana@example.org", IMMIGRATION_NOTE, seeded_case.report.crime_type):
        assert withheld not in text
    assert request.disclosed_fields == ["name"]


def test_crime_facts_go_to_immigration_enforcement_when_the_order_names_them(
    world, register, seeded_case, immigration_court_order, second_supervisor
):
    request = _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report, fields=("crime_facts",))))
    package = package_for_download(request, world.north.unlocked, world.north.supervisor)
    assert package["crime"]["type"] == seeded_case.report.crime_type and "contact" not in package
    assert request.disclosed_fields == ["crime_facts"]


# --- the reporter is told, with where to get legal help, unless the order forbids it ----------------------


def test_the_reporter_is_told_of_an_immigration_disclosure_with_where_to_get_legal_help(
    world, register, seeded_case, immigration_court_order, second_supervisor
):
    _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report)))
    html = _reporter(seeded_case.codename).get("/en/my-report/").content.decode()
    assert 'id="compelled-disclosures"' in html and "Immigration enforcement" in html
    assert 'id="immigration-legal-help"' in html and LEGAL_HELP in html


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_the_legal_help_advice_is_in_the_reporters_language(
    world, register, seeded_case, immigration_court_order, second_supervisor, lang, back_to_english
):
    _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report)))
    html = _reporter(seeded_case.codename, lang).get(f"/{lang}/my-report/").content.decode()
    with override(lang):
        translated = _(LEGAL_HELP)
    assert translated != LEGAL_HELP and translated in html and LEGAL_HELP not in html


def test_the_reporter_is_not_told_when_the_order_forbids_it(
    world, sign_in, register, seeded_case, immigration_court_order, second_supervisor
):
    request = _approve(
        world, second_supervisor, register(**immigration_court_order(seeded_case.report, order_forbids_telling=True))
    )
    assert request.withheld_from_reporter and request.order_forbids_telling
    assert request.withheld_reason == "The court order forbids telling the reporter."
    html = _reporter(seeded_case.codename).get("/en/my-report/").content.decode()
    assert 'id="compelled-disclosures"' not in html and 'id="immigration-legal-help"' not in html
    case = sign_in(world.north.advocate, test_client=Client()).get(f"/en/staff/cases/{seeded_case.report.reference}/")
    assert "withheld from the reporter" in case.content.decode()


def test_for_immigration_enforcement_only_the_order_can_keep_the_reporter_from_being_told(
    world, register, seeded_case, immigration_court_order, court_order
):
    with pytest.raises(RequestInvalid) as invalid:
        register(**immigration_court_order(seeded_case.report, withheld_reason="We would rather not say."))
    assert "withheld_reason" in invalid.value.errors
    with pytest.raises(RequestInvalid) as invalid:
        register(**{**court_order(seeded_case.report), "legal_basis_kind": "statutory_power"}, order_forbids_telling=True)
    assert "order_forbids_telling" in invalid.value.errors


# --- counted by agency in the transparency report ----------------------------------------------------------


def test_the_transparency_report_counts_compelled_disclosures_by_agency(
    world, register, seeded_case, immigration_court_order, court_order, second_supervisor, client
):
    _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report)))
    approve_compelled_disclosure(register(**court_order(seeded_case.report)), second_supervisor, world.north.unlocked)
    register(
        agency_kind=IMMIGRATION,
        agency_name="Immigration Enforcement",
        compulsion_claimed=True,
        legal_basis_kind="statutory_power",
        legal_basis="Immigration Act 1971",
    )
    into_last_quarter()
    row = next(csv.DictReader(io.StringIO(client.get("/en/transparency/report.csv").content.decode())))
    assert row["complied_immigration_enforcement"] == "fewer than 5" and row["complied_police"] == "fewer than 5"
    assert row["complied_court"] == "0" and "complied" not in row
    assert row["refused_immigration_without_court_order"] == "fewer than 5"
    assert row["received_immigration_enforcement"] == "fewer than 5"
    html = client.get("/en/transparency/").content.decode()
    assert "Compelled disclosures made to: Immigration enforcement" in html


def test_the_transparency_counts_are_exact_per_agency(world, register, seeded_case, immigration_court_order, second_supervisor):
    from safereport.firewall.transparency import counts

    for _n in range(2):
        _approve(world, second_supervisor, register(**immigration_court_order(seeded_case.report)))
    register(agency_kind=IMMIGRATION, agency_name="Immigration Enforcement")
    into_last_quarter()
    row = counts()[-1]
    assert row["complied_immigration_enforcement"] == 2 and row["complied_police"] == 0
    assert row["refused_immigration_without_court_order"] == 1 and row["received_immigration_enforcement"] == 3


# --- the command line keeps the same rules -----------------------------------------------------------------


def test_command_line_needs_the_order_and_a_legal_review_for_immigration_enforcement(
    world, seeded_case, second_supervisor, monkeypatch, tmp_path
):
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    monkeypatch.setattr("sys.stdin", StringIO("Name of the person in case SR"))
    order, review = tmp_path / "order.pdf", tmp_path / "review.txt"
    order.write_bytes(pdf_bytes())
    review.write_text(LEGAL_REVIEW, encoding="utf-8")
    out = StringIO()
    call_command(
        "disclosure_request",
        "register",
        "--as",
        world.north.supervisor.email,
        "--agency-kind",
        IMMIGRATION,
        "--agency-name",
        "Immigration Enforcement",
        "--report",
        seeded_case.report.reference,
        "--compulsion",
        "court_order",
        "--legal-basis",
        "Upper Tribunal order",
        "--field",
        "name",
        "--court-order-reference",
        ORDER_REFERENCE,
        "--court-order-copy",
        str(order),
        stdout=out,
    )
    reference = out.getvalue().split()[0]
    with pytest.raises(CommandError, match="legal_review"):
        call_command("disclosure_request", "approve", reference, "--as", second_supervisor.email, stdout=StringIO())
    out = StringIO()
    call_command(
        "disclosure_request", "approve", reference, "--as", second_supervisor.email, "--legal-review", str(review), stdout=out
    )
    assert out.getvalue().strip() == f"{reference} disclosed: name"


def test_the_register_form_still_checks_csrf_with_its_own_upload_handler(world, sign_in, seeded_case):
    client = sign_in(world.north.supervisor, test_client=Client())
    client.handler.enforce_csrf_checks = True
    response = client.post(f"{BASE}new/", _court_order_form(seeded_case.report, SimpleUploadedFile("o.pdf", pdf_bytes())))
    assert response.status_code == 403 and not DisclosureRequest.objects.exists()
