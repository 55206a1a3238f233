"""System check: warn when an organisation could be locked out of its own reports."""

from django.core import checks
from django.db import DatabaseError

MIN_UNLOCKERS = 2


def organisations_at_risk():
    from safereport.accounts.models import Organisation
    from safereport.vault.keyring import people_who_can_unlock

    return [(org, n) for org in Organisation.objects.all() if (n := people_who_can_unlock(org)) < MIN_UNLOCKERS]


@checks.register(checks.Tags.security, deploy=False)
def organisations_can_be_unlocked(app_configs=None, databases=None, **kwargs):
    try:
        at_risk = organisations_at_risk()
    except DatabaseError:
        return []  # not migrated yet
    return [
        checks.Warning(
            f"Only {n} person(s) can unlock {org.name}'s reports.",
            hint="A supervisor should grant access to a second colleague; keep the recovery words safe offline.",
            id="vault.W001",
        )
        for org, n in at_risk
    ]


def staff_who_cannot_enrol():
    """Active staff with neither a second factor nor a live setup code: they cannot sign in until given one."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safereport.accounts.models import SetupCode, User

    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    with_code = SetupCode.objects.filter(expires_at__gt=timezone.now()).values("user_id")
    return list(
        User.objects.filter(is_active=True, organisation__isnull=False)
        .exclude(pk__in=enrolled)
        .exclude(pk__in=with_code)
        .values_list("email", flat=True)
    )


@checks.register(checks.Tags.security, deploy=False)
def staff_can_set_up_two_step_sign_in(app_configs=None, databases=None, **kwargs):
    try:
        stranded = staff_who_cannot_enrol()
    except DatabaseError:
        return []  # not migrated yet
    if not stranded:
        return []
    return [
        checks.Warning(
            f"{len(stranded)} member(s) of staff have no two-step sign-in and no setup code, so cannot sign in.",
            hint="Run `safereport reset_second_factor EMAIL` for each and hand over the setup code it prints.",
            id="accounts.W001",
        )
    ]
