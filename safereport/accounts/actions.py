"""Operator and supervisor actions on organisations and staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.vault import keyring

from . import second_factor
from .emails import normalise_email
from .models import Organisation, PendingNotice, User


@transaction.atomic
def create_organisation(
    name: str,
    kind: str,
    *,
    supervisor_email: str,
    supervisor_password: str,
    areas: list[str] | None = None,
    slug: str = "",
    receives_unrouted: bool = False,
    actor: str = "operator",
) -> tuple[Organisation, User, str]:
    """Create an organisation, its key pair and first supervisor; return the recovery words (shown once)."""
    if kind not in Organisation.Kind.values:
        raise ValueError(f"kind must be one of {', '.join(Organisation.Kind.values)}")
    organisation = Organisation.objects.create(
        name=name, slug=slug or slugify(name), kind=kind, areas=areas or [], receives_unrouted=receives_unrouted
    )
    record(AuditAction.ORGANISATION_CREATED, actor=actor, target=f"organisation:{organisation.pk}", kind=kind)
    org_key, pair, words = keyring.create_organisation_key(organisation, actor=actor)
    supervisor = add_staff(organisation, supervisor_email, supervisor_password, User.Role.SUPERVISOR, actor=actor)
    unlocked = keyring.UnlockedOrganisation(organisation.pk, {org_key.fingerprint: pair})
    keyring.grant_access(unlocked, supervisor, actor=actor)
    return organisation, supervisor, words


@transaction.atomic
def add_staff(organisation: Organisation, email: str, password: str, role: str, *, actor: str) -> User:
    """A new member of staff with their own key; they can open reports once a supervisor grants access."""
    if role not in User.Role.values:
        raise ValueError(f"role must be one of {', '.join(User.Role.values)}")
    if role == User.Role.ADVOCATE and organisation.kind != Organisation.Kind.SUPPORT:
        raise ValueError("A police force has no advocates: casework is done in support organisations.")
    if role == User.Role.POLICE_LIAISON and organisation.kind != Organisation.Kind.POLICE:
        raise ValueError("Police liaisons belong to a police force.")
    if User.objects.filter(username=normalise_email(email)).exists():
        raise ValueError(f"{email} already has an account.")
    user = User.objects.create_staff(email, organisation, role)
    try:
        keyring.enrol_staff(user, password)  # runs the password validators, with the new account's email
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None  # and the account is rolled back with it
    record(AuditAction.STAFF_ADDED, actor=actor, target=f"staff:{user.pk}", role=role, organisation=organisation.pk)
    return user


@transaction.atomic
def remove_staff(user: User, *, actor: str) -> None:
    """Deactivate the account and delete every wrapped copy of the keys it held."""
    keyring.revoke_access(user, actor=actor)
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.staff_key.delete() if hasattr(user, "staff_key") else None
    PendingNotice.objects.filter(user=user).delete()
    second_factor.remove_second_factor(user, actor=actor)
    record(AuditAction.STAFF_REMOVED, actor=actor, target=f"staff:{user.pk}")


@transaction.atomic
def reset_password(user: User, new_password: str, *, actor: str) -> str:
    """An administrator's reset of a forgotten password: a new key, no grants, no second factor.

    Returns the one-time setup code (shown once) the person needs, with the new password, to enrol again:
    whoever asked for the reset may not be the person, so the old phone stops counting too.
    """
    keyring.reset_forgotten_password(user, new_password, actor=actor)
    return second_factor.issue_setup_code(user, actor=actor)


def reset_second_factor(user: User, *, actor: str) -> str:
    """A lost phone and lost recovery codes: remove the second factor and return a new setup code (shown once)."""
    return second_factor.issue_setup_code(user, actor=actor)


class NotAllowed(ValueError):
    """A change a supervisor of this organisation may not make."""


@transaction.atomic
def set_immigration_adviser(colleague: User, allowed: bool, *, by: User) -> None:
    """A supervisor names (or stops naming) a colleague a regulated immigration adviser; audited either way."""
    if not by.is_supervisor or by.organisation_id is None or by.organisation_id != colleague.organisation_id:
        raise NotAllowed("Only a supervisor of the same organisation can change who gives immigration advice.")
    if allowed and not colleague.works_cases:
        raise NotAllowed("Only advocates and supervisors can give immigration advice.")
    User.objects.filter(pk=colleague.pk).update(gives_immigration_advice=allowed)
    colleague.gives_immigration_advice = allowed
    record(AuditAction.STAFF_IMMIGRATION_ADVISER_CHANGED, actor=f"staff:{by.pk}", target=f"staff:{colleague.pk}", allowed=allowed)
