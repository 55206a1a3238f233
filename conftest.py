"""Project-wide pytest fixtures: organisations with keys, staff with access, reports."""

import os
from types import SimpleNamespace

import pytest
from hypothesis import settings

from safereport.accounts.actions import add_staff, create_organisation
from safereport.intake.actions import submit_report
from safereport.intake.submission import Submission
from safereport.vault import keyring

PASSWORD = "correct-horse-battery-staple"

# The suite (and so CI) draws the same examples on every run: a property test passes or fails
# for the code, never for the luck of the draw. `make fuzz` draws fresh examples, many more.
settings.register_profile("suite", derandomize=True, print_blob=True)
settings.register_profile("fuzz", derandomize=False, max_examples=3000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def _organisation(name, kind, slug, areas=(), unrouted=False, staff=()):
    org, supervisor, words = create_organisation(
        name,
        kind,
        supervisor_email=f"supervisor@{slug}.test",
        supervisor_password=PASSWORD,
        areas=list(areas),
        slug=slug,
        receives_unrouted=unrouted,
    )
    unlocked = keyring.unlock_organisation(supervisor, PASSWORD)
    members = {"supervisor": supervisor}
    for role in staff:
        member = add_staff(org, f"{role}@{slug}.test", PASSWORD, role, actor="test")
        keyring.grant_access(unlocked, member, actor="test")
        members[role] = member
    if kind == "support":
        # Their caseworkers are the organisation's immigration advisers unless a test says otherwise
        # (tests of the permission add a caseworker without it).
        for member in members.values():
            member.gives_immigration_advice = True
            member.save(update_fields=["gives_immigration_advice"])
    return SimpleNamespace(org=org, words=words, unlocked=unlocked, **members)


@pytest.fixture
def world(db):
    """Two support organisations and a police force, each with staff who can unlock its keys."""
    return SimpleNamespace(
        password=PASSWORD,
        north=_organisation("North Support", "support", "north", areas=["north"], unrouted=True, staff=["advocate"]),
        south=_organisation("South Support", "support", "south", areas=["south"], staff=["advocate"]),
        police=_organisation("Shire Police", "police", "shire-police", staff=["police_liaison"]),
    )


@pytest.fixture
def make_report(world):
    """Submit a report as an anonymous reporter; returns (report, codename)."""

    def make(**overrides):
        fields = dict(crime_type="assault", narrative="A man hit me outside the shop on Monday.", language="en", area="north")
        fields.update(overrides)
        return submit_report(Submission(**fields))

    return make


@pytest.fixture
def sign_in(client):
    """Sign a member of staff in through the real sign-in page, which unlocks their organisation key."""

    def do(user, password=PASSWORD, test_client=None):
        c = test_client or client
        response = c.post("/en/staff/sign-in/", {"email": user.email, "password": password})
        assert response.status_code == 302, response.content[:500]
        return c

    return do
