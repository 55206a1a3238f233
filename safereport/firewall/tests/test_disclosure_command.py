"""The `disclosure` command: prints the package as JSON, or refuses with a reason and a non-zero exit."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safereport.audit.models import AuditEntry
from safereport.cases.actions import save_immigration_advice

IMMIGRATION_NOTE = "Zebulon: leave to remain refused 2024, appeal pending"


@pytest.fixture
def consented(make_report, world):
    report, _codename = make_report(
        narrative="Three men attacked me outside the mosque.",
        wants={"immigration_advice"},
        contact={"name": "Omar", "phone": "+44 7700 900456"},
        consent={"police": {"share_contact": True, "share_narrative": True}},
    )
    save_immigration_advice(report, IMMIGRATION_NOTE, world.north.unlocked, world.north.advocate)
    return report


@pytest.fixture
def password(world, monkeypatch):
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)


def run(reference, kind, email):
    out, err = StringIO(), StringIO()
    call_command("disclosure", reference, "--recipient-kind", kind, "--as", email, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_the_police_package_as_json(world, consented, password):
    out, _err = run(consented.reference, "police", world.north.advocate.email)
    package = json.loads(out)
    assert package["reference"] == consented.reference and package["recipient_kind"] == "police"
    assert "attacked me outside the mosque" in package["narrative"]
    assert package["contact"]["name"] == "Omar"
    assert AuditEntry.objects.filter(action="disclosure.made", target=consented.reference).exists()


def test_never_prints_immigration_notes_or_the_immigration_advice_flag(world, consented, password):
    out, err = run(consented.reference, "police", world.north.supervisor.email)
    for printed in (out, err):
        assert IMMIGRATION_NOTE not in printed and "Zebulon" not in printed and "leave to remain" not in printed
        assert "immigration_advice" not in printed and "wants_immigration" not in printed


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("immigration_enforcement", "immigration enforcement"),
        ("local_authority", "not consented"),
        ("support_service", "not consented"),
    ],
)
def test_refusal_exits_non_zero_with_a_clear_reason_and_prints_nothing(world, consented, password, kind, reason):
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("disclosure", consented.reference, "--recipient-kind", kind, "--as", world.north.advocate.email, stdout=out)
    assert str(refused.value).startswith("Refused") and reason in str(refused.value)
    assert out.getvalue() == ""
    assert IMMIGRATION_NOTE not in str(refused.value)
    assert AuditEntry.objects.get(action="disclosure.refused", target=consented.reference).detail["recipient_kind"] == kind


def test_refused_when_the_reporter_withdrew_consent(world, make_report, password):
    report, _codename = make_report()
    with pytest.raises(CommandError, match="Refused"):
        run(report.reference, "police", world.north.advocate.email)


def test_unknown_reference_and_other_organisations_report_are_not_found(world, make_report, password):
    south_report, _codename = make_report(area="south")
    with pytest.raises(CommandError, match="No report"):
        run("SR-NOPE-NOPE", "police", world.north.advocate.email)
    with pytest.raises(CommandError, match="No report"):
        run(south_report.reference, "police", world.north.advocate.email)


def test_wrong_password_is_refused(world, consented, monkeypatch):
    monkeypatch.setenv("SAFEREPORT_PASSWORD", "not-the-password")
    with pytest.raises(CommandError, match="do not match"):
        run(consented.reference, "police", world.north.advocate.email)


def test_police_liaison_cannot_run_it(world, consented, password):
    with pytest.raises(CommandError, match="police_liaison"):
        run(consented.reference, "police", world.police.police_liaison.email)


def test_without_a_password_in_the_environment_or_a_terminal_it_says_what_to_do(world, consented, monkeypatch):
    monkeypatch.delenv("SAFEREPORT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="SAFEREPORT_PASSWORD"):
        run(consented.reference, "police", world.north.advocate.email)


def test_unknown_recipient_kind_is_rejected(world, consented, password):
    with pytest.raises(CommandError, match="recipient-kind"):
        run(consented.reference, "newspaper", world.north.advocate.email)


def test_password_is_not_accepted_as_an_argument(world, consented, password):
    with pytest.raises(CommandError):
        call_command(
            "disclosure",
            consented.reference,
            "--recipient-kind",
            "police",
            "--as",
            world.north.advocate.email,
            "--password",
            world.password,
        )
