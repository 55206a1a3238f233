"""The disclosure-request register and compelled disclosure under dual control (firewall rule 4)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from safereport.audit.log import verify
from safereport.audit.models import AuditEntry
from safereport.firewall.disclosure import disclose_compelled
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.policy import Compulsion, compelled_rule
from safereport.firewall.requests import (
    DualControlRefused,
    RequestInvalid,
    RequestNotAllowed,
    approve_compelled_disclosure,
    compelled_disclosures_for,
    open_request,
    package_for_download,
    refuse_request,
)
from safereport.intake.actions import erase_report
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.rotation import rotate_organisation_key

from .conftest import CRIME_FACT, IMMIGRATION_NOTE, PHONE, STATUS_STATEMENT, pdf_bytes

Decision = DisclosureRequest.Decision


def _actions(reference):
    return list(AuditEntry.objects.filter(target=reference).values_list("action", flat=True))


LEGAL_REVIEW = "The order names these fields and compels this organisation to give them; nothing more goes."


def _approved_package(world, second_supervisor, request) -> dict:
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked, legal_review=LEGAL_REVIEW)
    request.refresh_from_db()
    assert request.decision == Decision.DISCLOSED
    return package_for_download(request, world.north.unlocked, world.north.supervisor)


def test_immigration_enforcement_without_compulsion_is_refused_at_registration(world, register):
    request = register(world.north.advocate, agency_kind="immigration_enforcement", agency_name="Immigration Enforcement")
    assert request.decision == Decision.REFUSED and request.refused_by_default
    assert "without a legal compulsion" in request.decision_reason and request.decided_at is not None
    assert _actions(request.reference) == ["disclosure_request.registered", "disclosure_request.refused"]
    assert AuditEntry.objects.get(target=request.reference, action="disclosure_request.refused").detail["by_default"] is True


def test_immigration_enforcement_with_a_court_order_waits_for_a_decision(world, register, seeded_case, immigration_court_order):
    request = register(**immigration_court_order(seeded_case.report))
    assert request.decision == Decision.PENDING and not request.refused_by_default


def test_other_agencies_without_compulsion_wait_for_a_decision(world, register):
    request = register(world.north.advocate, agency_kind="police", agency_name="Northshire Police")
    assert request.decision == Decision.PENDING


def test_police_liaison_cannot_register_a_request(world, register):
    with pytest.raises(RequestNotAllowed):
        register(world.police.police_liaison)
    assert not DisclosureRequest.objects.exists()


def test_a_case_of_another_organisation_cannot_be_named(world, register, make_report):
    south_report, _codename = make_report(area="south")
    with pytest.raises(RequestInvalid) as invalid:
        register(report=south_report)
    assert "report" in invalid.value.errors


def test_compulsion_without_a_legal_basis_is_not_registered(world, register):
    with pytest.raises(RequestInvalid) as invalid:
        register(compulsion_claimed=True)
    assert {"legal_basis_kind", "legal_basis"} <= set(invalid.value.errors)


def test_what_was_asked_is_sealed_and_opens_for_signed_in_staff(world, register):
    request = register(asked="Everything about Maria Oliveira, born 1990")
    request.refresh_from_db()
    assert b"Maria Oliveira" not in bytes(request.asked_sealed)
    opened = open_request(request, world.north.unlocked, world.north.advocate)
    assert opened.asked == "Everything about Maria Oliveira, born 1990"
    assert "disclosure_request.read" in _actions(request.reference)


def test_the_same_supervisor_cannot_record_and_approve(world, register, seeded_case, court_order):
    request = register(**court_order(seeded_case.report))
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, world.north.supervisor, world.north.unlocked)
    assert refused.value.code == "same_person"
    request.refresh_from_db()
    assert request.decision == Decision.PENDING and request.package_sealed is None and request.approved_by is None
    entry = AuditEntry.objects.get(target=request.reference, action="disclosure_request.approval_refused")
    assert entry.detail["reason"] == "same_person" and entry.actor == f"staff:{world.north.supervisor.pk}"
    assert not AuditEntry.objects.filter(action="disclosure.compelled").exists()


def test_an_advocate_cannot_approve(world, register, seeded_case, court_order):
    request = register(**court_order(seeded_case.report))
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, world.north.advocate, world.north.unlocked)
    assert refused.value.code == "not_supervisor"
    request.refresh_from_db()
    assert request.decision == Decision.PENDING


def test_a_request_recorded_by_an_advocate_needs_a_supervisor_to_record_it(world, register, seeded_case, court_order):
    request = register(world.north.advocate, **court_order(seeded_case.report))
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, world.north.supervisor, world.north.unlocked)
    assert refused.value.code == "recorder_not_supervisor"


def test_a_request_without_compulsion_cannot_be_approved(world, register, seeded_case, second_supervisor):
    request = register(
        report=seeded_case.report, agency_kind="police", agency_name="Northshire Police", requested_fields=("narrative",)
    )
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    assert refused.value.code == "no_compulsion"


def test_a_supervisor_of_another_organisation_cannot_approve(world, register, seeded_case, court_order):
    request = register(**court_order(seeded_case.report))
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, world.south.supervisor, world.south.unlocked)
    assert refused.value.code == "other_organisation"


def test_the_database_refuses_an_approval_by_the_recorder(world, register, seeded_case, court_order):
    request = register(**court_order(seeded_case.report))
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(approved_by=world.north.supervisor, decision=Decision.APPROVED)


def test_the_database_refuses_approval_without_compulsion(world, register, second_supervisor):
    request = register(agency_kind="police")
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureRequest.objects.filter(pk=request.pk).update(approved_by=second_supervisor, decision=Decision.APPROVED)


def test_a_second_supervisor_approves_and_the_package_is_sealed(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report))
    package = _approved_package(world, second_supervisor, request)
    request.refresh_from_db()
    assert request.approved_by == second_supervisor and request.recorded_by == world.north.supervisor
    assert CRIME_FACT.encode() not in bytes(request.package_sealed)
    assert package["purpose"] == "compelled" and package["legal_basis"]["kind"] == "court_order"
    assert package["crime"]["type"] == seeded_case.report.crime_type
    assert CRIME_FACT in package["narrative"] and package["contact"] == {"name": "Ana Lopez"}
    assert request.disclosed_fields == ["crime_facts", "name", "narrative"]
    assert _actions(request.reference) == [
        "disclosure_request.registered",
        "disclosure_request.approved",
        "disclosure_request.disclosed",
        "disclosure_request.package_downloaded",
    ]
    assert AuditEntry.objects.filter(target=seeded_case.report.reference, action="disclosure.compelled").exists()
    assert verify().ok


def test_a_decided_request_cannot_be_approved_again(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report))
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    request.refresh_from_db()
    with pytest.raises(DualControlRefused) as refused:
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    assert refused.value.code == "already_decided"


def test_court_order_not_naming_immigration_carries_no_immigration_value(
    world, register, seeded_case, court_order, second_supervisor
):
    fields = ("narrative", "name", "phone", "email", "wants_immigration_advice", "immigration_advice_notes")
    request = register(**court_order(seeded_case.report, fields=fields, names_immigration=False))
    package = _approved_package(world, second_supervisor, request)
    text = json.dumps(package, ensure_ascii=False)
    assert "immigration" not in package
    assert "QUOKKA-7731" not in text and "concession" not in text
    assert STATUS_STATEMENT not in text and "visa" not in package["narrative"].lower()
    assert package["withheld_fields"] == ["immigration_advice_notes", "wants_immigration_advice"]
    assert package["contact"] == {"name": "Ana Lopez", "phone": PHONE, "email": "ana@example.org"}


def test_legal_basis_naming_immigration_discloses_only_the_requested_immigration_field(
    world, register, seeded_case, court_order, second_supervisor
):
    request = register(**court_order(seeded_case.report, fields=("wants_immigration_advice",), names_immigration=True))
    package = _approved_package(world, second_supervisor, request)
    assert package["immigration"] == {"wants_immigration_advice": True}
    text = json.dumps(package, ensure_ascii=False)
    assert "QUOKKA-7731" not in text and CRIME_FACT not in text and "Ana Lopez" not in text


def test_legal_basis_naming_immigration_can_compel_the_advice_notes(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report, fields=("immigration_advice_notes",), names_immigration=True))
    package = _approved_package(world, second_supervisor, request)
    assert package["immigration"] == {"immigration_advice_notes": IMMIGRATION_NOTE}
    assert "narrative" not in package and "contact" not in package


def test_unrequested_phone_is_redacted_from_the_narrative(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report, fields=("narrative",)))
    package = _approved_package(world, second_supervisor, request)
    assert PHONE not in package["narrative"] and CRIME_FACT in package["narrative"]
    assert "contact" not in package


def test_supervisor_refuses_with_a_reason(world, register):
    request = register(agency_kind="local_authority", agency_name="Northshire Council")
    refuse_request(request, world.north.supervisor, "No legal basis; the reporter has not consented.")
    request.refresh_from_db()
    assert request.decision == Decision.REFUSED and request.decided_by == world.north.supervisor
    assert not request.refused_by_default
    assert _actions(request.reference)[-1] == "disclosure_request.refused"


def test_an_advocate_cannot_refuse(world, register):
    request = register(agency_kind="police")
    with pytest.raises(RequestNotAllowed):
        refuse_request(request, world.north.advocate, "No.")
    request.refresh_from_db()
    assert request.decision == Decision.PENDING


def test_a_refused_request_cannot_then_be_approved(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report))
    refuse_request(request, second_supervisor, "The order does not cover this organisation.")
    request.refresh_from_db()
    with pytest.raises(DualControlRefused):
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)


def test_reporter_sees_a_compelled_disclosure_unless_lawfully_withheld(
    world, register, seeded_case, court_order, second_supervisor
):
    shown = register(**court_order(seeded_case.report))
    withheld = register(**court_order(seeded_case.report), withheld_reason="The order forbids telling the subject.")
    for request in (shown, withheld):
        approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    assert list(compelled_disclosures_for(seeded_case.report)) == [shown]
    assert set(compelled_disclosures_for(seeded_case.report, include_withheld=True)) == {shown, withheld}


def test_erasing_the_report_keeps_the_register_entry(world, register, seeded_case, court_order, second_supervisor):
    request = register(**court_order(seeded_case.report))
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    erase_report(seeded_case.report)
    request.refresh_from_db()
    assert request.report is None and request.decision == Decision.DISCLOSED


def test_approval_with_no_linked_report_discloses_nothing(world, register, court_order, second_supervisor):
    request = register(**court_order(None))
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    request.refresh_from_db()
    assert request.decision == Decision.APPROVED and request.package_sealed is None


def test_key_rotation_reseals_the_register(world, register, seeded_case, court_order, second_supervisor):
    request = register(asked="Records about Maria", **court_order(seeded_case.report))
    approve_compelled_disclosure(request, second_supervisor, world.north.unlocked)
    result = rotate_organisation_key(world.north.unlocked, actor="test")
    only_new = UnlockedOrganisation(
        world.north.org.pk, {result.new_fingerprint: world.north.unlocked.keys[result.new_fingerprint]}
    )
    request.refresh_from_db()
    assert request.sealed_to == result.new_fingerprint
    assert open_request(request, only_new, world.north.supervisor).asked == "Records about Maria"
    assert package_for_download(request, only_new, world.north.supervisor)["reference"] == seeded_case.report.reference


def test_command_line_keeps_dual_control(world, seeded_case, second_supervisor, monkeypatch, tmp_path):
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    order = tmp_path / "order.pdf"
    order.write_bytes(pdf_bytes())
    monkeypatch.setattr("sys.stdin", StringIO("Records about Maria Oliveira"))
    out = StringIO()
    call_command(
        "disclosure_request",
        "register",
        "--as",
        world.north.supervisor.email,
        "--agency-kind",
        "court",
        "--agency-name",
        "Crown Court",
        "--report",
        seeded_case.report.reference,
        "--compulsion",
        "court_order",
        "--legal-basis",
        "Order 12/2026",
        "--court-order-reference",
        "CC/12/2026",
        "--court-order-copy",
        str(order),
        "--field",
        "narrative",
        stdout=out,
    )
    reference = out.getvalue().split()[0]
    with pytest.raises(CommandError, match="You recorded this request"):
        call_command("disclosure_request", "approve", reference, "--as", world.north.supervisor.email, stdout=StringIO())
    out = StringIO()
    call_command("disclosure_request", "approve", reference, "--as", second_supervisor.email, stdout=out)
    assert out.getvalue().strip() == f"{reference} disclosed: crime facts, narrative"


@pytest.mark.parametrize("basis_kind", ["", "court_order"])
def test_compelled_policy_never_opens_without_a_claimed_compulsion(basis_kind):
    ruling = compelled_rule(
        Compulsion(
            claimed=False,
            basis_kind=basis_kind,
            names_immigration=True,
            fields=frozenset({"narrative", "immigration_advice_notes"}),
        ),
        "court",
    )
    assert not ruling.allowed and ruling.fields == frozenset()


def test_compelled_package_without_compulsion_is_refused_and_audited(world, seeded_case):
    compulsion = Compulsion(claimed=False, basis_kind="", names_immigration=True, fields=frozenset({"narrative"}))
    decision = disclose_compelled(
        seeded_case.report,
        compulsion,
        recipient_kind="immigration_enforcement",
        recipient_name="Immigration Enforcement",
        request_reference="DR-TEST-0000",
        unlocked=world.north.unlocked,
        actor="test",
    )
    assert not decision.allowed and decision.package == {}
    entry = AuditEntry.objects.filter(target=seeded_case.report.reference, action="disclosure.refused").get()
    assert entry.detail["purpose"] == "compelled" and entry.detail["request"] == "DR-TEST-0000"
