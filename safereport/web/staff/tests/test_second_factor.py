"""Staff second factor: a password alone reaches nothing; codes, recovery codes, enrolment, expiry and the audit."""

import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from safereport.accounts import code_throttle, second_factor
from safereport.accounts.actions import add_staff, remove_staff
from safereport.accounts.models import RecoveryCode, SetupCode, User
from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.ratelimit import clock, rotating_key
from safereport.web.staff import idle, pending

SIGN_IN, CODE, ENROL = "/en/staff/sign-in/", "/en/staff/sign-in/code/", "/en/staff/sign-in/enrol/"
STAFF_PAGES = [
    "/en/staff/",
    "/en/staff/police/",
    "/en/staff/disclosure/",
    "/en/staff/access/",
    "/en/staff/password/",
    "/en/staff/locked/",
    "/en/staff/two-step/",
]
START = (1_800_000_000 // rotating_key.ROTATION_SECONDS) * rotating_key.ROTATION_SECONDS + 1


def password_step(client, user, password):
    response = client.post(SIGN_IN, {"email": user.email, "password": password})
    assert response.status_code == 302 and response["Location"].endswith(CODE)
    return response


def wrong_code(user) -> str:
    right = second_factor.code_for_user(user)
    return f"{(int(right) + 1) % 1_000_000:06d}"


def actions_for(user) -> list[str]:
    return list(AuditEntry.objects.filter(actor=f"staff:{user.pk}").values_list("action", flat=True))


def enrol_page_secret(client) -> bytes:
    page = client.get(ENROL)
    assert page.status_code == 200
    shown = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page.content.decode()).group(1)
    text = shown.replace(" ", "")
    return b32decode(text + "=" * (-len(text) % 8))


@pytest.fixture
def later(monkeypatch):
    """The limiter's clock, stopped at START; `later(seconds)` moves it on."""
    moment = [START]
    monkeypatch.setattr(clock, "now", lambda: moment[0])
    return lambda seconds: moment.__setitem__(0, moment[0] + seconds)


def test_a_password_without_the_code_reaches_no_staff_page_and_no_key(world):
    client = Client()
    response = password_step(client, world.north.supervisor, world.password)
    assert "sr_k_staff" not in response.cookies  # the signed-in slot's key cookie is not even sent
    for url in STAFF_PAGES:
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith(SIGN_IN), url
    session = Session.objects.get(session_key=client.cookies["sessionid"].value).get_decoded()
    assert "_auth_user_id" not in session and "vault:staff" not in session
    assert set(session) == {f"vault:{pending.LABEL}"}


def test_the_right_code_signs_in_and_unlocks(world, second_factor_code):
    client = Client()
    password_step(client, world.north.advocate, world.password)
    assert client.get(CODE).status_code == 200
    response = client.post(CODE, {"code": second_factor_code(world.north.advocate)})
    assert response.status_code == 302 and response["Location"].endswith("/en/staff/")
    assert client.get("/en/staff/").status_code == 200
    assert "sr_k_staff" in client.cookies
    actions = actions_for(world.north.advocate)
    assert actions[-2:] == [AuditAction.STAFF_PASSWORD_ACCEPTED, AuditAction.STAFF_SIGNED_IN]
    assert AuditEntry.objects.filter(action=AuditAction.STAFF_SIGNED_IN).last().detail == {"second_factor": "totp"}


def test_a_wrong_code_is_refused_clearly_keeping_what_was_typed_and_signing_nobody_in(world):
    client = Client()
    advocate = world.north.advocate
    password_step(client, advocate, world.password)
    typed = wrong_code(advocate)
    page = client.post(CODE, {"code": typed})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="id_code_error"' in html and "That code is not right" in html
    assert f'value="{typed}"' in html
    assert client.get("/en/staff/").status_code == 302
    assert actions_for(advocate)[-1] == AuditAction.STAFF_SECOND_FACTOR_FAILED


def test_three_wrong_codes_end_the_pending_sign_in_so_the_right_code_then_opens_nothing(world, second_factor_code):
    client = Client()
    advocate = world.north.advocate
    password_step(client, advocate, world.password)
    for _ in range(pending.MAX_WRONG_CODES - 1):
        assert client.post(CODE, {"code": wrong_code(advocate)}).status_code == 200
    last = client.post(CODE, {"code": wrong_code(advocate)})
    assert last.status_code == 302 and last["Location"].endswith(SIGN_IN)
    after = client.post(CODE, {"code": second_factor_code(advocate)})
    assert after.status_code == 302 and after["Location"].endswith(SIGN_IN)
    assert client.get("/en/staff/").status_code == 302


def test_a_code_already_used_is_refused(world):
    advocate = world.north.advocate
    TOTPDevice.objects.filter(user=advocate).update(last_t=-1)
    code = second_factor.code_for_user(advocate)
    first = Client()
    password_step(first, advocate, world.password)
    assert first.post(CODE, {"code": code}).status_code == 302
    replay = Client()
    password_step(replay, advocate, world.password)
    assert replay.post(CODE, {"code": code}).status_code == 200
    assert replay.get("/en/staff/").status_code == 302


def test_recovery_codes_each_sign_in_once_and_can_be_made_again(world, sign_in, second_factor_code):
    advocate = world.north.advocate
    client = sign_in(advocate, test_client=Client())
    made = client.post("/en/staff/two-step/", {"code": second_factor_code(advocate)})
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", made.content.decode())
    assert len(codes) == second_factor.RECOVERY_CODES
    assert RecoveryCode.objects.filter(user=advocate).count() == second_factor.RECOVERY_CODES
    assert not any(code in str(list(RecoveryCode.objects.values_list("code_hash", flat=True))) for code in codes)

    fresh = Client()
    password_step(fresh, advocate, world.password)
    signed_in = fresh.post(CODE, {"code": codes[0].upper().replace("-", " ")})  # forgiving about case and spacing
    queue = fresh.get("/en/staff/")
    assert signed_in.status_code == 302 and queue.status_code == 200
    assert "9 left" in queue.content.decode()
    assert actions_for(advocate)[-2:] == [AuditAction.STAFF_RECOVERY_CODE_USED, AuditAction.STAFF_SIGNED_IN]

    again = Client()
    password_step(again, advocate, world.password)
    assert again.post(CODE, {"code": codes[0]}).status_code == 200
    # Making new ones replaces every old one.
    client.post("/en/staff/two-step/", {"code": second_factor_code(advocate)})
    assert again.post(CODE, {"code": codes[1]}).status_code == 200
    detail = str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert not any(code in detail or code.replace("-", "") in detail for code in codes)


def test_new_recovery_codes_need_a_current_code(world, sign_in):
    advocate = world.north.advocate
    client = sign_in(advocate, test_client=Client())
    page = client.post("/en/staff/two-step/", {"code": wrong_code(advocate)})
    assert page.status_code == 200 and "That code is not right" in page.content.decode()
    assert not RecoveryCode.objects.filter(user=advocate).exists()


@pytest.fixture
def newcomer(world):
    """A new advocate whose account was just made: a password and a setup code, no phone yet."""
    user = add_staff(world.north.org, "newcomer@north.test", world.password, User.Role.ADVOCATE, actor="test")
    return user, second_factor.issue_setup_code(user, actor="test")


def test_staff_without_a_device_must_enrol_before_any_page(world, newcomer):
    user, _setup = newcomer
    client = Client()
    password_step(client, user, world.password)
    assert client.get(CODE)["Location"].endswith(ENROL)
    for url in STAFF_PAGES:
        assert client.get(url)["Location"].startswith(SIGN_IN), url


def test_enrolment_needs_the_setup_code_as_well_as_the_password(world, newcomer):
    user, setup = newcomer
    client = Client()
    password_step(client, user, world.password)
    secret = enrol_page_secret(client)
    assert enrol_page_secret(client) == secret  # a reload shows the same secret, so the scanned code stays right
    wrong = client.post(ENROL, {"setup_code": "aaaa-bbbb-cccc-dddd", "code": second_factor.code_now(secret)})
    html = wrong.content.decode()
    assert wrong.status_code == 200 and 'id="id_setup_code_error"' in html and "not the setup code" in html
    assert 'value="aaaa-bbbb-cccc-dddd"' in html
    assert not second_factor.has_device(user) and client.get("/en/staff/").status_code == 302

    done = client.post(ENROL, {"setup_code": setup, "code": second_factor.code_now(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", done.content.decode())
    assert len(codes) == second_factor.RECOVERY_CODES
    assert second_factor.device_of(user).bin_key == secret
    assert not SetupCode.objects.filter(user=user).exists()  # used up
    assert client.get("/en/staff/locked/").status_code == 200  # signed in; no grant yet, so the locked page
    assert AuditAction.STAFF_SECOND_FACTOR_ENROLLED in actions_for(user)


def test_an_account_without_a_setup_code_cannot_enrol_a_phone(world):
    user = add_staff(world.north.org, "nocode@north.test", world.password, User.Role.ADVOCATE, actor="test")
    client = Client()
    password_step(client, user, world.password)
    secret = enrol_page_secret(client)
    page = client.post(ENROL, {"setup_code": "aaaa-bbbb-cccc-dddd", "code": second_factor.code_now(secret)})
    assert page.status_code == 200 and "no valid setup code" in page.content.decode()
    assert not second_factor.has_device(user)


def test_an_expired_setup_code_enrols_nothing(world, newcomer):
    user, setup = newcomer
    SetupCode.objects.filter(user=user).update(expires_at=SetupCode.objects.get(user=user).expires_at - timedelta(days=15))
    client = Client()
    password_step(client, user, world.password)
    secret = enrol_page_secret(client)
    page = client.post(ENROL, {"setup_code": setup, "code": second_factor.code_now(secret)})
    assert "no valid setup code" in page.content.decode() and not second_factor.has_device(user)


def test_a_removed_account_keeps_no_second_factor(world, sign_in, second_factor_code):
    advocate = world.north.advocate
    client = sign_in(advocate, test_client=Client())
    client.post("/en/staff/two-step/", {"code": second_factor_code(advocate)})
    remove_staff(advocate, actor="operator")
    assert not TOTPDevice.objects.filter(user=advocate).exists()
    assert not RecoveryCode.objects.filter(user=advocate).exists()
    assert AuditEntry.objects.filter(action=AuditAction.STAFF_SECOND_FACTOR_RESET, target=f"staff:{advocate.pk}").exists()


def test_a_reset_password_takes_the_second_factor_and_prints_a_new_setup_code(world, monkeypatch):
    advocate = world.north.advocate
    monkeypatch.setenv("SAFEREPORT_NEW_PASSWORD", "a-brand-new-long-password")
    out = StringIO()
    call_command("reset_password", advocate.email, stdout=out)
    assert not second_factor.has_device(advocate)
    setup = re.search(r"setup code.*: ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})", out.getvalue()).group(1)
    client = Client()
    password_step(client, advocate, "a-brand-new-long-password")
    secret = enrol_page_secret(client)
    assert client.post(ENROL, {"setup_code": setup, "code": second_factor.code_now(secret)}).status_code == 200
    assert second_factor.has_device(advocate)


def test_reset_second_factor_command_prints_a_setup_code_and_removes_the_phone(world):
    advocate = world.north.advocate
    out = StringIO()
    call_command("reset_second_factor", advocate.email, stdout=out)
    assert not second_factor.has_device(advocate) and SetupCode.objects.filter(user=advocate).exists()
    assert re.search(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", out.getvalue())


def test_an_idle_staff_session_ends_and_is_recorded(world, sign_in, monkeypatch, settings):
    advocate = world.north.advocate
    client = sign_in(advocate, test_client=Client())
    start = idle.now()
    monkeypatch.setattr(idle, "now", lambda: start + (settings.STAFF_IDLE_MINUTES - 1) * 60)
    assert client.get("/en/staff/").status_code == 200  # active within the period: and the period starts again
    monkeypatch.setattr(idle, "now", lambda: start + (2 * settings.STAFF_IDLE_MINUTES - 2) * 60)
    assert client.get("/en/staff/").status_code == 200
    monkeypatch.setattr(idle, "now", lambda: start + (3 * settings.STAFF_IDLE_MINUTES) * 60)
    response = client.get("/en/staff/")
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert AuditEntry.objects.filter(action=AuditAction.STAFF_SESSION_EXPIRED).last().detail == {"reason": "idle"}
    assert "without activity" in client.get(SIGN_IN).content.decode()
    assert client.get("/en/staff/").status_code == 302  # and it stays ended


def test_a_busy_staff_session_still_ends_at_its_maximum(world, sign_in, monkeypatch, settings):
    client = sign_in(world.north.advocate, test_client=Client())
    start = idle.now()
    step = (settings.STAFF_IDLE_MINUTES - 1) * 60
    moment = start
    while moment + step < start + settings.SESSION_COOKIE_AGE:
        moment += step
        monkeypatch.setattr(idle, "now", lambda m=moment: m)
        assert client.get("/en/staff/").status_code == 200
    monkeypatch.setattr(idle, "now", lambda: start + settings.SESSION_COOKIE_AGE)
    assert client.get("/en/staff/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.STAFF_SESSION_EXPIRED).last().detail == {"reason": "maximum"}


def test_code_guessing_elsewhere_never_refuses_the_owner_in_their_own_browser(world, later, second_factor_code):
    advocate = world.north.advocate
    owner = Client(REMOTE_ADDR="192.0.2.10")
    password_step(owner, advocate, world.password)
    assert owner.post(CODE, {"code": second_factor_code(advocate)}).status_code == 302  # the device cookie
    owner.post("/en/staff/sign-out/")
    refused = 0
    for n in range(4):  # someone with the password, guessing codes from four addresses: past the account brake
        guesser = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        for _ in range(code_throttle.PER_ACCOUNT_AND_CLIENT.failures):
            if guesser.get(CODE).status_code != 200:
                password_step(guesser, advocate, world.password)
            refused += guesser.post(CODE, {"code": wrong_code(advocate)}).status_code == 429
    assert refused  # the brake is on for browsers the account has not signed in from
    stranger = Client(REMOTE_ADDR="203.0.113.99")
    password_step(stranger, advocate, world.password)
    delayed = stranger.post(CODE, {"code": second_factor_code(advocate)})
    assert delayed.status_code == 429 and 0 < int(delayed["Retry-After"]) <= code_throttle.ACCOUNT_SPACING.seconds
    password_step(owner, advocate, world.password)
    again = owner.post(CODE, {"code": second_factor_code(advocate)})
    assert again.status_code == 302 and again["Location"].endswith("/en/staff/")


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_the_demo_prints_its_authenticator_keys_and_totp_code_serves_demo_accounts_only(db, settings):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().count("authenticator key:") == User.objects.filter(organisation__isnull=False).count()
    demo = User.objects.get(username="advocate@northside.example")
    # The command serves the embedded demo only, and reads which database it runs on from the settings
    # (this suite also runs on PostgreSQL): first as the demo, then as a real deployment.
    default = settings.DATABASES["default"]
    settings.DATABASES = {"default": {**default, "ENGINE": "django.db.backends.sqlite3"}}
    code = StringIO()
    call_command("totp_code", demo.email, stdout=code)
    assert code.getvalue().strip() == second_factor.code_for_user(demo)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("totp_code", "someone@elsewhere.test")
    settings.DATABASES = {"default": {**default, "ENGINE": "django.db.backends.postgresql"}}
    with pytest.raises(CommandError, match="never on a real deployment"):
        call_command("totp_code", demo.email)


def test_a_supervisor_resets_a_colleagues_two_step_sign_in_and_sees_the_setup_code_once(world, sign_in):
    advocate = world.north.advocate
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    assert "reset-two-step" in supervisor.get("/en/staff/access/").content.decode()
    page = supervisor.post(f"/en/staff/access/{advocate.pk}/reset-two-step/")
    setup = re.search(r'<code id="setup-code">([a-z2-9-]+)</code>', page.content.decode()).group(1)
    assert not second_factor.has_device(advocate)
    entry = AuditEntry.objects.filter(action=AuditAction.STAFF_SECOND_FACTOR_RESET).last()
    assert entry.actor == f"staff:{world.north.supervisor.pk}" and entry.target == f"staff:{advocate.pk}"
    assert setup not in str(entry.detail) and setup.replace("-", "") not in str(entry.detail)
    client = Client()
    password_step(client, advocate, world.password)
    secret = enrol_page_secret(client)
    assert client.post(ENROL, {"setup_code": setup, "code": second_factor.code_now(secret)}).status_code == 200
    assert second_factor.device_of(advocate).bin_key == secret


def test_a_supervisor_cannot_reset_their_own_or_another_organisations_two_step_sign_in(world, sign_in):
    supervisor = sign_in(world.north.supervisor, test_client=Client())
    own = supervisor.post(f"/en/staff/access/{world.north.supervisor.pk}/reset-two-step/")
    assert own.status_code == 302 and second_factor.has_device(world.north.supervisor)
    other = supervisor.post(f"/en/staff/access/{world.south.advocate.pk}/reset-two-step/")
    assert other.status_code == 404 and second_factor.has_device(world.south.advocate)
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/access/{world.north.supervisor.pk}/reset-two-step/").status_code == 404
    assert second_factor.has_device(world.north.supervisor)


def test_safereport_check_warns_about_staff_who_cannot_set_up_two_step_sign_in(world):
    from safereport.accounts.checks import staff_can_set_up_two_step_sign_in

    assert staff_can_set_up_two_step_sign_in() == []
    user = add_staff(world.north.org, "stranded@north.test", world.password, User.Role.ADVOCATE, actor="test")
    (warning,) = staff_can_set_up_two_step_sign_in()
    assert warning.id == "accounts.W001" and "stranded" not in warning.msg  # counted, never named in the output
    second_factor.issue_setup_code(user, actor="operator")
    assert staff_can_set_up_two_step_sign_in() == []
