"""Referrals of a case to a service: recorded with their outcome, sealed at one size, immigration ones for advisers only."""

from datetime import date, timedelta

import pytest
from django.test import Client

from safereport.accounts.actions import add_staff
from safereport.audit.models import AuditEntry
from safereport.services import referrals
from safereport.services.models import Service, ServiceReferral
from safereport.vault import keyring
from safereport.vault.records import RecordCipher

NOTE = "Spoke to Dorcas at intake; bed from Friday."
MADE_ON = date.today() - timedelta(days=6)
OUTCOME_ON = date.today() - timedelta(days=2)


@pytest.fixture
def case(make_report):
    report, _codename = make_report()
    return report


@pytest.fixture
def refuge(world):
    return Service.objects.create(organisation=world.north.org, name="Harbour Refuge", kind="refuge")


@pytest.fixture
def law_centre(world):
    return Service.objects.create(organisation=world.north.org, name="Northgate Law Centre", kind="immigration_advice")


@pytest.fixture
def caseworker(world):
    member = add_staff(world.north.org, "caseworker@north.test", world.password, "advocate", actor="test")
    keyring.grant_access(world.north.unlocked, member, actor="test")
    return member


def _refer(client, case, service, **overrides):
    data = {"service": service.pk, "made_on": MADE_ON.isoformat(), "note": NOTE, **overrides}
    return client.post(f"/en/staff/cases/{case.reference}/services/refer/", data)


def test_a_referral_and_its_outcome_are_recorded_on_the_case_sealed_and_audited(world, sign_in, case, refuge):
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert _refer(advocate, case, refuge).status_code == 302
    referral = ServiceReferral.objects.get(report=case)
    assert NOTE.encode() not in bytes(referral.details_sealed) and b"Harbour" not in bytes(referral.details_sealed)
    url = f"/en/staff/cases/{case.reference}/services/{referral.pk}/"
    assert advocate.post(url, {"outcome": "accepted", "outcome_on": OUTCOME_ON.isoformat()}).status_code == 302
    (opened,) = referrals.referrals_for(case, world.north.unlocked, world.north.advocate)
    assert (opened.service_name, opened.made_on, opened.outcome, opened.outcome_on, opened.note) == (
        "Harbour Refuge",
        MADE_ON,
        "accepted",
        OUTCOME_ON,
        NOTE,
    )
    html = advocate.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert "Harbour Refuge" in html and "Accepted by the service" in html
    actions = [e.action for e in AuditEntry.objects.filter(target=case.reference)]
    assert "case.service_referral_recorded" in actions and "case.service_referral_outcome" in actions
    assert all(NOTE not in str(e.detail) for e in AuditEntry.objects.all())


@pytest.mark.parametrize(
    "field, value",
    [("made_on", (date.today() + timedelta(days=3)).isoformat()), ("made_on", "not a date"), ("note", "n" * 1001)],
)
def test_a_bad_referral_is_refused_with_the_field_named_the_text_kept_and_nothing_saved(
    world, sign_in, case, refuge, field, value
):
    advocate = sign_in(world.north.advocate, test_client=Client())
    response = _refer(advocate, case, refuge, **{field: value})
    html = response.content.decode()
    assert response.status_code == 422 and f'id="id_{field}_error"' in html
    if field != "note":
        assert NOTE in html  # what was typed is still there
    assert not ServiceReferral.objects.exists()
    assert not AuditEntry.objects.filter(action="case.service_referral_recorded").exists()


@pytest.mark.parametrize(
    "outcome, outcome_on, field",
    [
        ("accepted", "", "outcome_on"),
        ("accepted", (MADE_ON - timedelta(days=2)).isoformat(), "outcome_on"),
        ("accepted", (date.today() + timedelta(days=3)).isoformat(), "outcome_on"),
        ("maybe", OUTCOME_ON.isoformat(), "outcome"),
    ],
)
def test_a_bad_outcome_is_refused_with_the_field_named_and_nothing_changes(
    world, sign_in, case, refuge, outcome, outcome_on, field
):
    advocate = sign_in(world.north.advocate, test_client=Client())
    _refer(advocate, case, refuge)
    referral = ServiceReferral.objects.get()
    sealed = bytes(referral.details_sealed)
    response = advocate.post(
        f"/en/staff/cases/{case.reference}/services/{referral.pk}/", {"outcome": outcome, "outcome_on": outcome_on}
    )
    assert response.status_code == 422 and f'id="id_{field}_error"' in response.content.decode()
    assert bytes(ServiceReferral.objects.get().details_sealed) == sealed
    assert not AuditEntry.objects.filter(action="case.service_referral_outcome").exists()


def test_another_organisations_service_or_referral_is_404_and_cannot_be_referred_to(world, sign_in, case, refuge, make_report):
    advocate = sign_in(world.north.advocate, test_client=Client())
    _refer(advocate, case, refuge)
    referral = ServiceReferral.objects.get()
    south = sign_in(world.south.advocate, test_client=Client())
    assert south.get(f"/en/staff/cases/{case.reference}/services/{referral.pk}/").status_code == 404
    assert south.post(f"/en/staff/cases/{case.reference}/services/{referral.pk}/", {"outcome": "declined"}).status_code == 404
    assert _refer(south, case, refuge).status_code == 404
    south_service = Service.objects.create(organisation=world.south.org, name="South Refuge", kind="refuge")
    response = _refer(advocate, case, south_service)
    assert response.status_code == 422 and 'id="id_service_error"' in response.content.decode()
    with pytest.raises(Service.DoesNotExist):
        referrals.refer_to_service(case, south_service, MADE_ON, "", world.north.unlocked, world.north.advocate)
    # A referral of another case of the same organisation is not reached through this case's address either.
    other, _ = make_report()
    assert advocate.get(f"/en/staff/cases/{other.reference}/services/{referral.pk}/").status_code == 404
    assert ServiceReferral.objects.count() == 1


def test_a_police_liaison_never_reaches_a_service_referral(world, sign_in, case, refuge):
    advocate = sign_in(world.north.advocate, test_client=Client())
    _refer(advocate, case, refuge)
    referral = ServiceReferral.objects.get()
    liaison = sign_in(world.police.police_liaison, test_client=Client())
    assert _refer(liaison, case, refuge).status_code == 404
    assert liaison.get(f"/en/staff/cases/{case.reference}/services/{referral.pk}/").status_code == 404
    assert ServiceReferral.objects.visible_to(world.police.police_liaison).count() == 0


def test_a_referral_to_an_immigration_service_is_for_advisers_only_and_its_existence_stays_hidden(
    world, sign_in, case, refuge, law_centre, caseworker
):
    adviser = sign_in(world.north.advocate, test_client=Client())
    assert _refer(adviser, case, law_centre).status_code == 302
    referral = ServiceReferral.objects.get()
    client = sign_in(caseworker, test_client=Client())
    page = client.get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert "Northgate Law Centre" not in page and "No referrals to services." in page
    offered = page.split('id="service-referral-form"', 1)[1].split("</form>", 1)[0]  # (other forms list staff ids)
    assert f'value="{law_centre.pk}"' not in offered and f'value="{refuge.pk}"' in offered  # not offered
    assert client.get(f"/en/staff/cases/{case.reference}/services/{referral.pk}/").status_code == 404
    assert client.post(f"/en/staff/cases/{case.reference}/services/{referral.pk}/", {"outcome": "declined"}).status_code == 404
    refused = _refer(client, case, law_centre)
    assert refused.status_code == 422 and 'id="id_service_error"' in refused.content.decode()
    with pytest.raises(referrals.NotAnAdviser):
        referrals.refer_to_service(case, law_centre, MADE_ON, "", world.north.unlocked, caseworker)
    with pytest.raises(referrals.NotAnAdviser):
        referrals.record_outcome(referral, "declined", OUTCOME_ON, world.north.unlocked, caseworker)
    assert referrals.referrals_for(case, world.north.unlocked, caseworker) == []
    assert ServiceReferral.objects.count() == 1
    # The same advocate can still refer to a refuge.
    assert _refer(client, case, refuge).status_code == 302


def test_referral_details_are_sealed_at_one_size_whatever_the_service_and_note(world, case, refuge, law_centre):
    for service, note in ((refuge, ""), (law_centre, "🧕" * 1000), (refuge, NOTE)):
        referrals.refer_to_service(case, service, MADE_ON, note, world.north.unlocked, world.north.advocate)
    sizes = {len(bytes(r.details_sealed)) for r in ServiceReferral.objects.all()}
    assert sizes == {RecordCipher.sealed_length(referrals.DETAILS_PADDED_BYTES)}
    referral = ServiceReferral.objects.first()
    referrals.record_outcome(referral, "no_response", OUTCOME_ON, world.north.unlocked, world.north.advocate)
    assert len(bytes(ServiceReferral.objects.get(pk=referral.pk).details_sealed)) in sizes
