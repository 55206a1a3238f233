"""The languages a member of staff works in: the queue offers them reports written in these."""

from __future__ import annotations

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.languages import report_language


class LanguagesRefused(Exception):
    """A code not on the list of report languages; nothing was saved."""


@transaction.atomic
def set_staff_languages(member: User, codes: list[str], user: User) -> None:
    """Each member sets their own (a supervisor's staff pages may later set others'); codes from the closed list."""
    if member.pk != user.pk:
        raise LanguagesRefused("Only the member of staff sets their own languages.")
    unknown = [code for code in codes if report_language(code) is None]
    if unknown:
        raise LanguagesRefused(f"Not report language codes: {', '.join(unknown)}.")
    languages = sorted(set(codes))
    User.objects.filter(pk=member.pk).update(languages=languages)
    member.languages = languages
    record(AuditAction.STAFF_LANGUAGES_CHANGED, actor=actor_of(user), target=f"staff:{member.pk}", languages=languages)
