"""The directory of services: supervisors keep it, caseworkers read and filter it, other organisations never see it."""

import pytest
from django.test import Client

from safereport.audit.models import AuditEntry
from safereport.services import directory
from safereport.services.directory import InvalidService, ServiceDetails
from safereport.services.models import Service

GOOD = {
    "name": "Harbour Refuge",
    "kind": "refuge",
    "languages": ["ar", "ti"],
    "areas": ["north"],
    "eligibility": "Women and children fleeing abuse.",
    "contact": "0300 000 0000",
}


@pytest.fixture
def refuge(world):
    return directory.save_service(
        ServiceDetails(**{**GOOD, "languages": ("ar", "ti"), "areas": ("north",)}), world.north.supervisor
    )


def test_a_supervisor_adds_a_service_on_the_page_and_it_is_audited(world, sign_in):
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    assert supervisor.post("/en/staff/services/new/", GOOD).status_code == 302
    service = Service.objects.get()
    assert (service.organisation, service.name, service.languages, service.areas) == (
        world.north.org,
        "Harbour Refuge",
        ["ar", "ti"],
        ["north"],
    )
    entry = AuditEntry.objects.get(action="service.added")
    assert entry.target == f"service:{service.pk}" and entry.actor == f"staff:{world.north.supervisor.pk}"
    assert "Harbour Refuge" in supervisor.get("/en/staff/services/").content.decode()


@pytest.mark.parametrize(
    "field, value",
    [("name", ""), ("kind", "astrology"), ("languages", ["xx-YY"]), ("areas", ["atlantis"]), ("eligibility", "e" * 2001)],
)
def test_each_bad_value_is_refused_with_its_field_named_everything_typed_kept_and_nothing_saved(world, sign_in, field, value):
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    response = supervisor.post("/en/staff/services/new/", {**GOOD, field: value})
    html = response.content.decode()
    assert response.status_code == 422 and f'id="id_{field}_error"' in html and "Nothing was saved" in html
    for kept in ("Women and children fleeing abuse.", "0300 000 0000"):
        if field != "eligibility":
            assert kept in html
    assert not Service.objects.exists() and not AuditEntry.objects.filter(action="service.added").exists()


def test_the_action_refuses_bad_values_by_field_and_a_failed_edit_changes_nothing(world, refuge):
    for field, value in (("name", " "), ("kind", "x"), ("languages", ("zz",)), ("areas", ("mars",)), ("contact", "c" * 301)):
        with pytest.raises(InvalidService) as refused:
            directory.save_service(ServiceDetails(**{**GOOD, field: value}), world.north.supervisor, refuge)
        assert refused.value.field == field
    refuge.refresh_from_db()
    assert (refuge.name, refuge.kind, refuge.contact) == ("Harbour Refuge", "refuge", "0300 000 0000")
    assert not AuditEntry.objects.filter(action="service.changed").exists()


def test_a_supervisor_edits_and_removes_a_service_audited(world, sign_in, refuge):
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    assert supervisor.post(f"/en/staff/services/{refuge.pk}/", {**GOOD, "name": "Harbour House"}).status_code == 302
    refuge.refresh_from_db()
    assert refuge.name == "Harbour House"
    assert supervisor.post(f"/en/staff/services/{refuge.pk}/remove/").status_code == 302
    assert not Service.objects.exists()
    assert [e.action for e in AuditEntry.objects.filter(target=f"service:{refuge.pk}")] == [
        "service.added",
        "service.changed",
        "service.removed",
    ]


def test_an_advocate_reads_and_filters_the_directory_but_cannot_change_it(world, sign_in, refuge):
    lawyers = directory.save_service(
        ServiceDetails(name="Northgate Law Centre", kind="legal", languages=("en",), areas=()), world.north.supervisor
    )
    advocate = sign_in(world.north.advocate, test_client=Client())
    listed = advocate.get("/en/staff/services/").content.decode()
    assert "Harbour Refuge" in listed and "Northgate Law Centre" in listed and "Add a service" not in listed
    for query, shown, hidden in (
        ("kind=refuge", "Harbour Refuge", "Northgate Law Centre"),
        ("language=ti", "Harbour Refuge", "Northgate Law Centre"),
        ("language=en", "Northgate Law Centre", "Harbour Refuge"),
        ("area=south", "Northgate Law Centre", "Harbour Refuge"),  # no areas: it covers every area
    ):
        html = advocate.get(f"/en/staff/services/?{query}").content.decode()
        assert shown in html and hidden not in html, query
    bad = advocate.get("/en/staff/services/?kind=astrology")
    assert bad.status_code == 422 and 'id="id_kind_error"' in bad.content.decode()
    assert advocate.get("/en/staff/services/new/").status_code == 404
    assert advocate.post("/en/staff/services/new/", GOOD).status_code == 404
    assert advocate.post(f"/en/staff/services/{lawyers.pk}/", {**GOOD, "name": "Changed"}).status_code == 404
    assert advocate.post(f"/en/staff/services/{lawyers.pk}/remove/").status_code == 404
    assert Service.objects.count() == 2 and Service.objects.get(pk=lawyers.pk).name == "Northgate Law Centre"


def test_another_organisations_service_is_404_and_never_listed(world, sign_in, refuge):
    south = sign_in(world.south.supervisor, test_client=Client())
    assert "Harbour Refuge" not in south.get("/en/staff/services/").content.decode()
    assert south.get(f"/en/staff/services/{refuge.pk}/").status_code == 404
    assert south.post(f"/en/staff/services/{refuge.pk}/", {**GOOD, "name": "Taken"}).status_code == 404
    assert south.post(f"/en/staff/services/{refuge.pk}/remove/").status_code == 404
    with pytest.raises(Service.DoesNotExist):
        directory.remove_service(refuge, world.south.supervisor)
    assert Service.objects.get(pk=refuge.pk).name == "Harbour Refuge"


def test_a_police_liaison_never_reaches_the_directory(world, sign_in, refuge):
    liaison = sign_in(world.police.police_liaison, test_client=Client())
    for url in ("/en/staff/services/", "/en/staff/services/new/", f"/en/staff/services/{refuge.pk}/"):
        assert liaison.get(url).status_code == 404
    assert directory.find_services(world.police.police_liaison) == []
