"""A supervisor sets what routes reports to their organisation; new reports follow it, bad codes are refused by field."""

from safereport.audit.models import AuditEntry
from safereport.intake.routing import receiving_organisation

ROUTING = "/en/staff/routing/"


def test_a_supervisor_sets_areas_specialisms_and_languages_and_new_reports_follow(world, as_user):
    assert receiving_organisation("north", "domestic_abuse", "ar") == world.north.org
    supervisor = as_user(world.south.supervisor)
    response = supervisor.post(
        ROUTING, {"areas": ["north", "south"], "specialisms": ["domestic_abuse"], "languages": ["ar", "ti"]}
    )
    assert response.status_code == 302
    world.south.org.refresh_from_db()
    assert (world.south.org.areas, world.south.org.specialisms, world.south.org.languages) == (
        ["north", "south"],
        ["domestic_abuse"],
        ["ar", "ti"],
    )
    assert not world.south.org.receives_unrouted
    assert receiving_organisation("north", "domestic_abuse", "ar") == world.south.org  # North is not a specialist
    entry = AuditEntry.objects.get(action="organisation.routing_changed")
    assert entry.actor == f"staff:{world.south.supervisor.pk}" and entry.detail["languages"] == ["ar", "ti"]
    page = supervisor.get(ROUTING).content.decode()
    assert 'id="language-cover"' in page and "nobody has set this language yet" in page
    assert 'value="north" id="id_areas_0" checked' in page and 'value="east" id="id_areas_2">' in page


def test_an_unknown_code_is_refused_by_field_and_nothing_is_saved(world, as_user):
    supervisor = as_user(world.south.supervisor)
    response = supervisor.post(ROUTING, {"areas": ["north", "atlantis"], "languages": ["ar"]})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_areas_error"' in page and "atlantis" in page
    world.south.org.refresh_from_db()
    assert world.south.org.areas == ["south"] and world.south.org.languages == []
    assert not AuditEntry.objects.filter(action="organisation.routing_changed").exists()


def test_advocates_and_police_cannot_change_routing(world, as_user):
    assert as_user(world.south.advocate).post(ROUTING, {"areas": ["north"]}).status_code == 404
    police = as_user(world.police.supervisor)
    assert police.get(ROUTING).status_code == 404
    assert police.post(ROUTING, {"areas": ["north"]}).status_code == 404
    world.police.org.refresh_from_db()
    assert world.police.org.areas == []
    world.south.org.refresh_from_db()
    assert world.south.org.areas == ["south"]
