"""Project-wide pytest fixtures: organisations with keys, staff with access, reports."""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import settings

from safereport.accounts import second_factor
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


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /ar/… leaves Arabic active on the thread after it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def epoch_key_dir(tmp_path, monkeypatch):
    """Each test its own epoch-key directory (vault.epochs): no test sees or sweeps another's key files."""
    # On the real settings, like the checkpoint files below (pytest-django's override hides SETTINGS_MODULE).
    monkeypatch.setattr(django_settings, "VAULT_EPOCH_KEY_DIR", tmp_path / "epoch-keys")
    return django_settings.VAULT_EPOCH_KEY_DIR


@pytest.fixture(autouse=True)
def audit_checkpoint_files(tmp_path, monkeypatch):
    """Each test signs audit checkpoints with its own key and log file, never the ones in var/."""
    # Set on the real settings, not through pytest-django's `settings` (an override would hide
    # SETTINGS_MODULE from every test, and tests that read it would break).
    monkeypatch.setattr(django_settings, "AUDIT_CHECKPOINT_KEY_FILE", tmp_path / "keys" / "audit-checkpoint.key")
    monkeypatch.setattr(django_settings, "AUDIT_CHECKPOINT_LOG", tmp_path / "audit-checkpoints.jsonl")
    monkeypatch.setattr(django_settings, "AUDIT_CHECKPOINT_TRUSTED_KEYS", [])


@pytest.fixture(autouse=True)
def erasure_ledger_file(tmp_path, monkeypatch):
    """Each test lists its erasures in its own ledger file (vault.erasure_ledger), never var/'s."""
    monkeypatch.setattr(django_settings, "ERASURE_LEDGER", tmp_path / "erasure-ledger.jsonl")
    return django_settings.ERASURE_LEDGER


@pytest.fixture(autouse=True)
def evidence_storage_dir(tmp_path, monkeypatch):
    """Each test its own evidence directory (safereport.evidence.storage), never var/evidence."""
    from django.core.files.storage import storages

    location = tmp_path / "evidence"
    monkeypatch.setitem(
        django_settings.STORAGES,
        "evidence",
        {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
        },
    )
    _forget_evidence_storage(storages)
    yield location
    _forget_evidence_storage(storages)


def _forget_evidence_storage(storages):
    """Django caches each storage and the STORAGES it read: both forgotten, so the next use reads the setting."""
    storages._storages.pop("evidence", None)
    storages._backends = None
    storages.__dict__.pop("backends", None)


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
    second_factor.provision(supervisor, actor="test")
    members = {"supervisor": supervisor}
    for role in staff:
        member = add_staff(org, f"{role}@{slug}.test", PASSWORD, role, actor="test")
        keyring.grant_access(unlocked, member, actor="test")
        second_factor.provision(member, actor="test")
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


SIGN_IN, SECOND_STEP = "/en/staff/sign-in/", "/en/staff/sign-in/code/"


def current_code(user) -> str:
    """The code the person's authenticator app shows now (a device is provisioned if they have none yet).

    django-otp refuses a code from a 30-second step already used (no replay), and tests sign the same person in
    several times a second: each simulated sign-in counts as its own moment, so the replay mark is cleared.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not second_factor.has_device(user):
        second_factor.provision(user, actor="test")
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    return second_factor.code_for_user(user)


def pass_second_factor_step(test_client, user):
    """After a right password: type the current code on the second step; returns that response."""
    return test_client.post(SECOND_STEP, {"code": current_code(user)})


@pytest.fixture
def second_factor_code():
    """`second_factor_code(user)`: what the person's authenticator app shows now."""
    return current_code


@pytest.fixture
def pass_second_factor():
    """`pass_second_factor(test_client, user)`: finish a sign-in whose password step a test posted itself."""
    return pass_second_factor_step


@pytest.fixture
def sign_in(client):
    """Sign a member of staff in through the real pages (password, then the app's code), unlocking their keys."""

    def do(user, password=PASSWORD, test_client=None):
        c = test_client or client
        response = c.post(SIGN_IN, {"email": user.email, "password": password})
        assert response.status_code == 302 and response["Location"].endswith(SECOND_STEP), response.content[:500]
        response = pass_second_factor_step(c, user)
        assert response.status_code == 302, response.content[:500]
        return c

    return do
