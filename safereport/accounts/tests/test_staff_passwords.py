"""Every path that sets a staff password runs the same validators, with a clear error and nothing changed."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport.accounts.actions import add_staff, create_organisation
from safereport.accounts.models import Organisation, User
from safereport.vault import keyring
from safereport.vault.models import OrganisationKeyGrant

COMMON = "password1234"  # 12 characters, on Django's common-password list


def change(client, old, new):
    return client.post("/en/staff/password/", {"old_password": old, "new_password": new})


@pytest.mark.parametrize(
    "new, error",
    [
        (COMMON, "This password is too common."),
        ("advocate@north.test", "The password is too similar to the email"),
        ("short-one", "This password is too short. It must contain at least 12 characters."),
    ],
)
def test_the_password_page_refuses_a_weak_password_on_the_field(world, sign_in, client, new, error):
    sign_in(world.north.advocate)
    page = change(client, world.password, new)
    assert page.status_code == 200
    assert error in page.content.decode()
    assert 'id="id_new_password_error"' in page.content.decode()
    assert authenticate(username=world.north.advocate.email, password=world.password) is not None


def test_the_password_page_says_what_a_password_needs(world, sign_in, client):
    sign_in(world.north.advocate)
    assert "At least 12 characters, not a commonly used password" in client.get("/en/staff/password/").content.decode()


def test_the_password_page_accepts_a_strong_password(world, sign_in, client):
    sign_in(world.north.advocate)
    assert change(client, world.password, "tangerine-lantern-orbit-47").status_code == 302
    assert authenticate(username=world.north.advocate.email, password="tangerine-lantern-orbit-47") is not None


@pytest.mark.parametrize("new", ["x", COMMON, "supervisor@north.test"])
def test_reset_password_refuses_a_weak_password_and_keeps_the_grants(world, monkeypatch, new):
    supervisor = world.north.supervisor
    grants = OrganisationKeyGrant.objects.filter(user=supervisor).count()
    monkeypatch.setenv("SAFEREPORT_NEW_PASSWORD", new)
    with pytest.raises(CommandError, match="That password cannot be used"):
        call_command("reset_password", supervisor.email, stdout=StringIO())
    assert OrganisationKeyGrant.objects.filter(user=supervisor).count() == grants
    assert keyring.unlock_organisation(supervisor, world.password)


def test_add_staff_refuses_a_password_like_the_email_and_creates_nobody(world):
    with pytest.raises(ValueError, match="too similar to the email"):
        add_staff(world.north.org, "marisol.quintero@north.test", "marisol.quintero", "advocate", actor="test")
    assert not User.objects.filter(username="marisol.quintero@north.test").exists()


def test_add_staff_command_refuses_a_common_password(world, monkeypatch):
    monkeypatch.setenv("SAFEREPORT_NEW_PASSWORD", COMMON)
    with pytest.raises(CommandError, match="too common"):
        call_command("add_staff", "new.person@north.test", "--org", "north", "--role", "advocate", stdout=StringIO())
    assert not User.objects.filter(username="new.person@north.test").exists()


def test_create_organisation_refuses_a_common_supervisor_password_and_leaves_nothing(db):
    with pytest.raises(ValueError, match="too common"):
        create_organisation("West Refuge", "support", supervisor_email="lead@west.test", supervisor_password=COMMON)
    assert not Organisation.objects.filter(slug="west-refuge").exists()
    assert not User.objects.exists()


def test_every_setter_of_a_password_runs_the_validators(world):
    advocate = world.north.advocate
    with pytest.raises(ValidationError, match="too common"):
        keyring.change_password(advocate, world.password, COMMON, actor="test")
    with pytest.raises(ValidationError, match="too common"):
        keyring.reset_forgotten_password(advocate, COMMON, actor="test")
    assert authenticate(username=advocate.email, password=world.password) == advocate
