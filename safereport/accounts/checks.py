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
