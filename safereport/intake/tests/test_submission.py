"""Validating a submission names each offending field; routing sends each report to one organisation."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.accounts.actions import create_organisation
from safereport.accounts.models import Organisation
from safereport.audit.models import AuditEntry
from safereport.intake.actions import submit_report
from safereport.intake.models import Consent, Report
from safereport.intake.routing import NoReceivingOrganisation, receiving_organisation
from safereport.intake.submission import WANTS, Submission, SubmissionInvalid
from safereport.vault.models import DataKey


def valid(**overrides) -> Submission:
    fields = dict(crime_type="assault", narrative="Someone pushed me at the bus stop.", language="en")
    fields.update(overrides)
    return Submission(**fields)


def stored_counts():
    return (Report.objects.count(), Consent.objects.count(), DataKey.objects.count(), AuditEntry.objects.count())


# Two days ahead, not one: computed at import, it must still be in the future if the run crosses midnight.
TOMORROW = timezone.localdate() + timedelta(days=2)

INVALID = [
    ("crime_type", dict(crime_type="jaywalking")),
    ("crime_type", dict(crime_type="")),
    ("narrative", dict(narrative="")),
    ("narrative", dict(narrative="   \n\t ")),
    ("narrative", dict(narrative="x" * (settings.NARRATIVE_MAX_CHARS + 1))),
    ("narrative", dict(narrative="hidden \x00 byte")),
    ("language", dict(language="zz")),
    ("language", dict(language="English please")),
    ("language", dict(language="")),
    ("occurred_on", dict(occurred_on=TOMORROW)),
    ("area", dict(area="a" * 201)),
    ("area", dict(area="near the \x00 station")),
    ("wants", dict(wants={"advocate", "a lawyer"})),
    ("interpreter_language", dict(interpreter_language="x" * 41)),
    ("contact", dict(contact={"address": "1 High Street"})),
    ("contact.name", dict(contact={"name": "n" * 201})),
    ("contact.name", dict(contact={"name": "bell\x07"})),
    ("contact.phone", dict(contact={"phone": "call me maybe"})),
    ("contact.phone", dict(contact={"phone": "12"})),
    ("contact.email", dict(contact={"email": "not-an-email"})),
    ("contact.email", dict(contact={"email": "a@b"})),
    ("consent", dict(consent={"immigration_enforcement": {"share_contact": True}})),
    ("consent.police", dict(consent={"police": {"share_everything": True}})),
]


@pytest.mark.parametrize("field, overrides", INVALID, ids=[f"{f}-{i}" for i, (f, _o) in enumerate(INVALID)])
def test_invalid_submission_names_the_offending_field(field, overrides):
    with pytest.raises(SubmissionInvalid) as invalid:
        valid(**overrides).validate()
    assert field in invalid.value.errors
    assert invalid.value.errors[field]  # a message a person can read, not an empty marker


def test_every_offending_field_is_named_at_once():
    with pytest.raises(SubmissionInvalid) as invalid:
        valid(crime_type="nope", narrative="", language="xx", area="m" * 300, contact={"email": "bad"}).validate()
    assert {"crime_type", "narrative", "language", "area", "contact.email"} <= set(invalid.value.errors)


def test_valid_submission_passes_and_trims_the_narrative():
    submission = valid(
        narrative="  what happened  ",
        occurred_on=timezone.localdate(),
        area="south",
        wants=set(WANTS),
        interpreter_language="Tigrinya",
        contact={"name": "Ana", "phone": "+44 7700 900123", "email": "ana@example.org"},
        consent={"police": {"share_contact": True, "share_narrative": False}},
    )
    assert submission.validate() is submission
    assert submission.narrative == "what happened"


def test_narrative_at_exactly_the_limit_is_accepted():
    valid(narrative="x" * settings.NARRATIVE_MAX_CHARS).validate()


@pytest.mark.parametrize("field, overrides", INVALID[:6] + INVALID[-3:])
def test_invalid_submission_stores_nothing(world, field, overrides):
    before = stored_counts()
    with pytest.raises(SubmissionInvalid):
        submit_report(valid(**overrides))
    assert stored_counts() == before


def test_report_is_routed_to_the_organisation_serving_its_area(world):
    assert receiving_organisation("south") == world.south.org
    assert receiving_organisation("north") == world.north.org
    report, _codename = submit_report(valid(area="south"))
    assert report.organisation == world.south.org


@pytest.mark.parametrize("area", ["", "west", "centre"])
def test_unrouted_report_goes_to_the_organisation_receiving_unrouted_reports(world, area):
    report, _codename = submit_report(valid(area=area))
    assert report.organisation == world.north.org and world.north.org.receives_unrouted


def test_police_forces_never_receive_reports_directly(world):
    Organisation.objects.filter(pk=world.police.org.pk).update(areas=["east"])
    assert receiving_organisation("east").kind == Organisation.Kind.SUPPORT


def test_without_an_unrouted_receiver_the_first_support_organisation_takes_the_report(world):
    Organisation.objects.filter(receives_unrouted=True).update(receives_unrouted=False)
    assert receiving_organisation("west") == Organisation.objects.filter(kind="support").order_by("pk").first()


def test_no_support_organisation_means_no_report_is_stored(db):
    create_organisation(
        "Shire Police", "police", supervisor_email="s@police.test", supervisor_password="a-long-password-1", slug="police"
    )
    before = stored_counts()
    with pytest.raises(NoReceivingOrganisation):
        submit_report(valid())
    # The organisation's own creation is audited; the failed submission adds nothing.
    assert stored_counts() == before


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=st.sampled_from([""] + [code for code, _label in settings.AREAS]))
def test_every_report_lands_in_a_support_organisation_serving_its_area_or_the_fallback(world, area):
    report, _codename = submit_report(valid(area=area))
    organisation = report.organisation
    assert organisation.kind == Organisation.Kind.SUPPORT
    served = area and any(area in org.areas for org in Organisation.objects.filter(kind="support"))
    if served:
        assert area in organisation.areas
    else:
        assert organisation.receives_unrouted
