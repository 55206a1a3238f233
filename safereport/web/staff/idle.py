"""A staff session ends after STAFF_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE after sign-in at most.

A signed-in browser left open on a shared office computer is the likeliest way into an account with the second
factor in place. Reporters are never signed in (their return visit has its own 30-minute limit inside its sealed
slot, web/reporter/session.py), so this touches staff sessions only. The deadlines are kept in the session to the
minute: staff are not anonymous, and their reads are in the audit log anyway.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record

IDLE_UNTIL, SIGNED_IN_UNTIL = "staff:idle_until", "staff:signed_in_until"
# Refreshing the idle deadline writes the session row; once a minute is often enough.
REFRESH_SECONDS = 60


def now() -> int:
    return int(time.time())


def _idle_seconds() -> int:
    return settings.STAFF_IDLE_MINUTES * 60


def start(request) -> None:
    """At sign-in: both clocks start."""
    request.session[IDLE_UNTIL] = now() + _idle_seconds()
    request.session[SIGNED_IN_UNTIL] = now() + settings.SESSION_COOKIE_AGE


class StaffIdleExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            moment = now()
            idle_until = request.session.get(IDLE_UNTIL, 0)
            if moment >= idle_until or moment >= request.session.get(SIGNED_IN_UNTIL, 0):
                idle = moment >= idle_until
                record(AuditAction.STAFF_SESSION_EXPIRED, actor=actor_of(user), reason="idle" if idle else "maximum")
                logout(request)  # flushes the session and its sealed keys: the key cookie left behind opens nothing
                if idle:
                    message = _("You were signed out after %(minutes)d minutes without activity.") % {
                        "minutes": settings.STAFF_IDLE_MINUTES
                    }
                else:
                    message = _("You were signed out: a session lasts %(hours)d hours at most.") % {
                        "hours": settings.SESSION_COOKIE_AGE // 3600
                    }
                messages.info(request, message)
            elif idle_until - moment <= _idle_seconds() - REFRESH_SECONDS:
                request.session[IDLE_UNTIL] = moment + _idle_seconds()
        return self.get_response(request)
