"""Telling staff that something is waiting for them, by email, without saying what.

A notice names no reporter, case, crime or count, and is sent only by `send_notices`, which an
operator runs on a schedule (docs/operations.md): however many reports, replies or police
updates arrived since the last run, each person gets one identical email, so neither its
content nor its timing says more than "something happened since the last batch". The link
leads to the sign-in page, never to a case.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from safereport.audit.actions import AuditAction
from safereport.audit.log import record

from .models import Organisation, PendingNotice, User

CASEWORK_ROLES = (User.Role.ADVOCATE, User.Role.SUPERVISOR)


def notify(users: Iterable[User]) -> None:
    """Mark each active member of staff as having something waiting (once, however often it is called)."""
    PendingNotice.objects.bulk_create([PendingNotice(user=user) for user in users if user.is_active], ignore_conflicts=True)


def notify_organisation(organisation: Organisation, roles: Iterable[str] = CASEWORK_ROLES) -> None:
    """Everyone in the organisation who works in one of `roles`: one INSERT … SELECT, whoever they are.

    Every submission calls this; reading the staff into Python to insert them again cost a statement and the
    building of a model per person. Both engines read `ON CONFLICT DO NOTHING` (SQLite needs the WHERE the query has).
    """
    staff = User.objects.filter(organisation=organisation, is_active=True, role__in=list(roles)).order_by().values("pk")
    select, params = staff.query.sql_with_params()
    table, column = (connection.ops.quote_name(name) for name in (PendingNotice._meta.db_table, "user_id"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({column}) {select} ON CONFLICT DO NOTHING", params)  # noqa: S608 (names, not input)


def notice_text() -> tuple[str, str]:
    """The subject and body every notice carries, word for word."""
    with override(settings.LANGUAGE_CODE):
        subject = _("SafeReport: something is waiting for you")
        body = _(
            "There is new activity for you in SafeReport.\n\n"
            "Sign in to see it: %(url)s\n\n"
            "This email never says what it is about. If you did not expect it, tell your supervisor."
        ) % {"url": settings.SITE_URL.rstrip("/") + "/en/staff/sign-in/"}
    return subject, body


def send_pending() -> tuple[int, int]:
    """Send one notice to each person with something waiting; returns (sent, failed).

    A notice that cannot be sent stays pending for the next run; one that was sent is
    forgotten in the same transaction that records it.
    """
    subject, body = notice_text()
    sent = failed = 0
    for notice in PendingNotice.objects.select_related("user").order_by("pk"):
        user = notice.user
        if not user.is_active or not user.email:
            notice.delete()
            continue
        with transaction.atomic():
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            except OSError:
                failed += 1
                continue
            PendingNotice.objects.filter(pk=notice.pk).delete()
            record(AuditAction.NOTICE_SENT, actor="system", target=f"staff:{user.pk}")
            sent += 1
    return sent, failed
