"""Tie a signed-in staff session to the organisation keys it unlocked at sign-in."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from safereport.vault import session_keys
from safereport.vault.keyring import AccessDenied, UnlockedOrganisation, has_access

LABEL = "staff"


def keep_unlocked(request, response, unlocked: UnlockedOrganisation) -> None:
    session_keys.remember(request, response, LABEL, unlocked.to_bytes())


def forget_unlocked(request, response) -> None:
    session_keys.forget(request, response, LABEL)


def unlocked_for(request) -> UnlockedOrganisation | None:
    data = session_keys.recall(request, LABEL)
    if data is None:
        return None
    unlocked = UnlockedOrganisation.from_bytes(data)
    return unlocked if unlocked.organisation_id == request.user.organisation_id else None


def home_for(user) -> str:
    """Where a member of staff lands: the referrals for a police liaison, the queue for casework, and the staff and
    access page for a police force's supervisor (who does no casework)."""
    if user.is_police:
        return "cases:referrals"
    return "cases:queue" if user.works_cases else "accounts:access"


def staff_required(*roles, unlocked=True, any_organisation=False):
    """Signed in, in one of `roles`, and (by default) holding the organisation's unlocked keys.

    Advocates' and supervisors' pages are casework, which only support organisations do: a police force has a
    supervisor too, but only to manage its own staff and their access (`any_organisation=True` on those pages).
    So a force never files, reads or holds a report, immigration advice included, whatever roles its staff hold.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect("accounts:login")
            if roles and user.role not in roles:
                raise Http404()
            if not any_organisation and not user.is_police and not user.works_cases:
                raise Http404()
            request.unlocked = unlocked_for(request)
            if request.unlocked is not None and not has_access(user):
                # Access was revoked after this session unlocked: its copy of the keys dies now.
                forget_unlocked(request, HttpResponse())
                request.unlocked = None
            if unlocked and request.unlocked is None:
                return redirect("accounts:locked")
            try:
                return view(request, *args, **kwargs)
            except AccessDenied:
                # The keys in this session are out of date (e.g. the organisation key was rotated).
                logout(request)
                messages.info(request, _("Your organisation's keys have changed. Please sign in again."))
                return redirect("accounts:login")

        return wrapper

    return decorate
