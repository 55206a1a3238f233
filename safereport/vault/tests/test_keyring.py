"""Organisation keys, staff access, password changes and recovery: nobody locked out, nobody let in."""

import base64
from io import StringIO

import nacl.pwhash
import pytest
from django.core.management import call_command

from safereport.accounts.actions import add_staff, create_organisation, remove_staff
from safereport.accounts.models import User
from safereport.audit.models import AuditEntry
from safereport.vault import crypto, keyring, records
from safereport.vault.models import OrganisationKeyGrant, StaffKey
from safereport.vault.records import RecordCipher

NEW_PASSWORD = "a-brand-new-password-2026"


def read_narrative(report, unlocked):
    key = records.open_with_organisation(report.data_key_id, unlocked)
    return RecordCipher(key, report.record_id).open("narrative", report.narrative_sealed)


def encodings(secret: bytes) -> set[str]:
    """Every way a key could plausibly be written into a text column."""
    forms = {secret.hex(), secret.hex().upper(), base64.b64encode(secret).decode(), base64.urlsafe_b64encode(secret).decode()}
    forms |= {f.rstrip("=") for f in forms}
    return forms


def audit_text() -> str:
    parts = []
    for entry in AuditEntry.objects.all():
        parts += [entry.actor, entry.action, entry.target, repr(entry.detail)]
    return "\n".join(parts)


@pytest.fixture
def lonely_org(db):
    """An organisation with exactly one supervisor, serving the east: the worst case for a lost password."""
    org, supervisor, words = create_organisation(
        "East Refuge",
        "support",
        supervisor_email="only@east.test",
        supervisor_password="the-only-password-1",
        areas=["east"],
        slug="east",
    )
    return org, supervisor, words


def test_supervisor_unlocks_own_organisation_key(world, make_report):
    report, _codename = make_report(narrative="north narrative")
    unlocked = keyring.unlock_organisation(world.north.supervisor, world.password)
    assert unlocked.organisation_id == world.north.org.pk
    assert read_narrative(report, unlocked) == "north narrative"


def test_wrong_password_does_not_unlock(world):
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(world.north.supervisor, "not-the-password")


def test_other_organisations_key_cannot_open_a_report(world, make_report):
    report, _codename = make_report(area="north")
    for other in (world.south.unlocked, world.police.unlocked):
        with pytest.raises(keyring.AccessDenied):
            records.open_with_organisation(report.data_key_id, other)


def test_new_staff_are_locked_until_granted(world, make_report):
    report, _codename = make_report(narrative="for the newcomer")
    newcomer = add_staff(world.north.org, "new@north.test", world.password, User.Role.ADVOCATE, actor="test")
    assert not keyring.has_access(newcomer)
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(newcomer, world.password)
    keyring.grant_access(world.north.unlocked, newcomer, actor="test")
    assert keyring.has_access(newcomer)
    assert read_narrative(report, keyring.unlock_organisation(newcomer, world.password)) == "for the newcomer"


def test_grant_across_organisations_is_refused(world):
    with pytest.raises(keyring.AccessDenied):
        keyring.grant_access(world.north.unlocked, world.south.advocate, actor="test")
    assert not OrganisationKeyGrant.objects.filter(user=world.south.advocate, org_key__organisation=world.north.org).exists()


def test_revoked_staff_cannot_unlock(world):
    assert keyring.revoke_access(world.north.advocate, actor="test") == 1
    assert not keyring.has_access(world.north.advocate)
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(world.north.advocate, world.password)


def test_password_change_rewraps_so_only_the_new_password_opens(world, make_report):
    reports = [make_report(narrative=f"report number {i}")[0] for i in range(3)]
    advocate = world.north.advocate
    keyring.change_password(advocate, world.password, NEW_PASSWORD, actor="test")
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(advocate, world.password)
    unlocked = keyring.unlock_organisation(advocate, NEW_PASSWORD)
    assert [read_narrative(r, unlocked) for r in reports] == [f"report number {i}" for i in range(3)]
    from django.contrib.auth import authenticate

    assert authenticate(username=advocate.email, password=NEW_PASSWORD) == advocate
    assert authenticate(username=advocate.email, password=world.password) is None


def test_password_change_with_wrong_old_password_changes_nothing(world):
    advocate = world.north.advocate
    before = bytes(StaffKey.objects.get(user=advocate).wrapped_secret)
    with pytest.raises(keyring.AccessDenied):
        keyring.change_password(advocate, "wrong-old-password", NEW_PASSWORD, actor="test")
    assert bytes(StaffKey.objects.get(user=advocate).wrapped_secret) == before
    keyring.unlock_organisation(advocate, world.password)


def test_forgotten_password_reset_leaves_person_locked_until_supervisor_regrants(world, make_report):
    report, _codename = make_report(narrative="still here after the reset")
    advocate = world.north.advocate
    keyring.reset_forgotten_password(advocate, NEW_PASSWORD, actor="operator")
    from django.contrib.auth import authenticate

    assert authenticate(username=advocate.email, password=NEW_PASSWORD) == advocate
    assert authenticate(username=advocate.email, password=world.password) is None
    assert not keyring.has_access(advocate)
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(advocate, NEW_PASSWORD)
    keyring.grant_access(world.north.unlocked, advocate, actor=f"staff:{world.north.supervisor.pk}")
    assert read_narrative(report, keyring.unlock_organisation(advocate, NEW_PASSWORD)) == "still here after the reset"


def test_forgotten_password_reset_is_undone_by_recovery_words(world, make_report):
    report, _codename = make_report(narrative="recovered by words")
    supervisor = world.north.supervisor
    keyring.reset_forgotten_password(supervisor, NEW_PASSWORD, actor="operator")
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(supervisor, NEW_PASSWORD)
    keyring.recover_with_words(supervisor, world.north.words, actor="test")
    assert read_narrative(report, keyring.unlock_organisation(supervisor, NEW_PASSWORD)) == "recovered by words"


def test_recovery_words_are_forgiving_about_case_and_separators(world):
    supervisor = world.north.supervisor
    keyring.reset_forgotten_password(supervisor, NEW_PASSWORD, actor="operator")
    typed = "  " + world.north.words.upper().replace(" ", "-  ") + " "
    unlocked = keyring.recover_with_words(supervisor, typed, actor="test")
    assert unlocked.keys == world.north.unlocked.keys


def test_another_organisations_recovery_words_do_not_recover(world):
    supervisor = world.north.supervisor
    keyring.reset_forgotten_password(supervisor, NEW_PASSWORD, actor="operator")
    with pytest.raises(keyring.AccessDenied):
        keyring.recover_with_words(supervisor, world.south.words, actor="test")
    assert not keyring.has_access(supervisor)


def test_failed_recovery_attempt_is_audited(world):
    """Guessing at recovery words must leave a trace, even though the attempt itself fails."""
    with pytest.raises(keyring.AccessDenied):
        keyring.recover_with_words(world.north.supervisor, world.south.words, actor="test")
    assert AuditEntry.objects.filter(action="key.recovery_failed", target=f"organisation:{world.north.org.pk}").exists()


def test_worst_case_only_supervisor_forgets_password_and_recovery_words_restore_every_report(
    lonely_org, world, client, monkeypatch, pass_second_factor
):
    """The only supervisor forgets their password; the admin resets it; the printed words bring every report back."""
    org, supervisor, words = lonely_org
    from safereport.intake.actions import submit_report
    from safereport.intake.submission import Submission

    narratives = [f"east report {i}: something happened" for i in range(4)]
    reports = [submit_report(Submission(crime_type="theft", narrative=n, language="en", area="east"))[0] for n in narratives]
    assert {r.organisation_id for r in reports} == {org.pk}
    assert keyring.people_who_can_unlock(org) == 1

    monkeypatch.setenv("SAFEREPORT_NEW_PASSWORD", NEW_PASSWORD)
    call_command("reset_password", supervisor.email, stdout=StringIO())

    # Signing in works (the reset took the second factor too; the test's phone is enrolled again), but the keys
    # stay locked: the page explains the way back instead of a dead end.
    client.post("/en/staff/sign-in/", {"email": supervisor.email, "password": NEW_PASSWORD})
    response = pass_second_factor(client, supervisor)
    assert response.status_code == 302 and response.url.endswith("/staff/locked/")
    locked_page = client.get(response.url)
    assert locked_page.status_code == 200 and b"recovery words" in locked_page.content.lower()
    assert client.get(f"/en/staff/cases/{reports[0].reference}/").url.endswith("/staff/locked/")

    restored = client.post("/en/staff/locked/", {"words": words})
    assert restored.status_code == 302 and restored.url.endswith("/staff/access/")
    for report, narrative in zip(reports, narratives):
        page = client.get(f"/en/staff/cases/{report.reference}/")
        assert page.status_code == 200
        assert narrative in page.content.decode()

    # And the next sign-in, with the new password alone, opens them too.
    unlocked = keyring.unlock_organisation(User.objects.get(pk=supervisor.pk), NEW_PASSWORD)
    assert [read_narrative(r, unlocked) for r in reports] == narratives


def test_removed_staff_cannot_open_anything(world, make_report, sign_in, client):
    report, _codename = make_report()
    advocate = world.north.advocate
    sign_in(advocate)
    assert client.get(f"/en/staff/cases/{report.reference}/").status_code == 200

    remove_staff(advocate, actor=f"staff:{world.north.supervisor.pk}")
    advocate = User.objects.get(pk=advocate.pk)
    assert not advocate.is_active
    assert not StaffKey.objects.filter(user=advocate).exists()
    assert not OrganisationKeyGrant.objects.filter(user=advocate).exists()
    with pytest.raises(keyring.AccessDenied):
        keyring.unlock_organisation(advocate, world.password)
    # The session they already had no longer opens the case either.
    stale = client.get(f"/en/staff/cases/{report.reference}/")
    assert stale.status_code == 302 and "/staff/sign-in/" in stale.url
    again = client.post("/en/staff/sign-in/", {"email": advocate.email, "password": world.password})
    assert again.status_code == 200  # the form again, with an error: no account to sign in to


def test_kdf_parameters_are_stored_beside_each_wrap(world, settings):
    expected = crypto.KdfParams.for_profile(settings.VAULT_KDF_PROFILE)
    for user in (world.north.supervisor, world.north.advocate, world.police.police_liaison):
        staff_key = StaffKey.objects.get(user=user)
        assert (staff_key.opslimit, staff_key.memlimit) == (expected.opslimit, expected.memlimit)
        assert staff_key.kdf == "argon2id13"
        assert len(bytes(staff_key.salt)) == nacl.pwhash.argon2id.SALTBYTES


def test_wrap_at_lower_cost_is_rewrapped_at_configured_cost_on_next_unlock(world, make_report, settings):
    report, _codename = make_report(narrative="costs went up")
    advocate = world.north.advocate
    settings.VAULT_KDF_PROFILE = "minimum"
    keyring.change_password(advocate, world.password, NEW_PASSWORD, actor="test")
    low = StaffKey.objects.get(user=advocate)
    assert (low.opslimit, low.memlimit) == (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)

    settings.VAULT_KDF_PROFILE = "interactive"
    unlocked = keyring.unlock_organisation(advocate, NEW_PASSWORD)
    high = StaffKey.objects.get(user=advocate)
    target = crypto.KdfParams.for_profile("interactive")
    assert (high.opslimit, high.memlimit) == (target.opslimit, target.memlimit)
    assert bytes(high.salt) != bytes(low.salt) and bytes(high.wrapped_secret) != bytes(low.wrapped_secret)
    assert bytes(high.public_key) == bytes(low.public_key)  # the same key, only wrapped harder
    assert read_narrative(report, unlocked) == "costs went up"

    # At the configured cost already: the next unlock leaves the wrap alone.
    keyring.unlock_organisation(advocate, NEW_PASSWORD)
    assert bytes(StaffKey.objects.get(user=advocate).wrapped_secret) == bytes(high.wrapped_secret)


def test_audit_records_grant_revocation_recovery_and_reset_by_fingerprint(world):
    supervisor, advocate = world.north.supervisor, world.north.advocate
    org_fp = next(iter(world.north.unlocked.keys))
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    keyring.revoke_access(advocate, actor="test")
    keyring.grant_access(world.north.unlocked, advocate, actor="test")
    keyring.reset_forgotten_password(supervisor, NEW_PASSWORD, actor="operator")
    keyring.recover_with_words(supervisor, world.north.words, actor="test")

    entries = {e.action: e for e in AuditEntry.objects.filter(id__gt=start)}
    assert entries["key.revoked"].detail == {"fingerprint": org_fp}
    assert entries["key.revoked"].target == f"staff:{advocate.pk}"
    assert entries["key.granted"].detail == {"fingerprint": org_fp}
    assert entries["key.recovered"].detail == {"fingerprint": org_fp}
    new_staff_key = StaffKey.objects.get(user=supervisor)
    assert entries["key.password_reset"].detail == {"fingerprint": crypto.fingerprint(bytes(new_staff_key.public_key))}
    assert entries["key.password_reset"].target == f"staff:{supervisor.pk}"


def test_audit_log_never_contains_key_bytes_or_recovery_words(world, make_report):
    reports = [make_report()[0] for _ in range(2)]
    keyring.change_password(world.north.advocate, world.password, NEW_PASSWORD, actor="test")
    keyring.reset_forgotten_password(world.north.supervisor, NEW_PASSWORD, actor="operator")
    keyring.recover_with_words(world.north.supervisor, world.north.words, actor="test")
    keyring.revoke_access(world.south.advocate, actor="test")

    secrets = []
    for org in (world.north, world.south, world.police):
        for pair in org.unlocked.keys.values():
            secrets += [pair.secret, pair.secret[:32], pair.secret[32:]]
    for user, password in (
        (world.north.advocate, NEW_PASSWORD),
        (world.north.supervisor, NEW_PASSWORD),
        (world.south.supervisor, world.password),
    ):
        pair = keyring.unlock_staff(user, password)
        secrets += [pair.secret, pair.secret[:32], pair.secret[32:]]
    secrets += [records.open_with_organisation(r.data_key_id, world.north.unlocked) for r in reports]

    text = audit_text()
    assert AuditEntry.objects.count() > 10
    for secret in secrets:
        for form in encodings(secret):
            assert form not in text
    for org in (world.north, world.south, world.police):
        assert org.words not in text
        assert org.words.split()[0] + " " + org.words.split()[1] not in text
    assert NEW_PASSWORD not in text and world.password not in text


def test_people_who_can_unlock_counts_active_grants(world, lonely_org):
    org, supervisor, _words = lonely_org
    assert keyring.people_who_can_unlock(org) == 1
    assert keyring.people_who_can_unlock(world.north.org) == 2
    remove_staff(world.north.advocate, actor="test")
    assert keyring.people_who_can_unlock(world.north.org) == 1
