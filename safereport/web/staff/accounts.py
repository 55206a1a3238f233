"""Staff sign-in and sign-out, locked access and its recovery, and access management."""

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safereport.accounts import second_factor, sign_in_throttle
from safereport.accounts.actions import NotAllowed, set_immigration_adviser
from safereport.accounts.checks import MIN_UNLOCKERS
from safereport.accounts.emails import normalise_email
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.vault import derivation_slots, keyring

from . import pending
from .unlock import forget_unlocked, home_for, keep_unlocked, staff_required

User = get_user_model()


class SignInForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class RecoveryForm(forms.Form):
    words = forms.CharField(label=gettext_lazy("Recovery words"), widget=forms.Textarea(attrs={"rows": 3}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=gettext_lazy("Current password"), widget=forms.PasswordInput, strip=False)
    # Its rules are AUTH_PASSWORD_VALIDATORS, run by the vault on every path that sets a password.
    new_password = forms.CharField(
        label=gettext_lazy("New password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=gettext_lazy("At least 12 characters, not a commonly used password, and not like your email."),
    )


def _refused(request, form, message: str, wait: int):
    form.add_error(None, message)
    response = render(request, "accounts/sign_in.html", {"form": form}, status=429)
    response["Retry-After"] = str(wait)
    return response


def sign_in(request):
    """The password step. It opens the keys but signs nobody in: the second step (second_step.py) does."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = sign_in_throttle.attempt(request, form.cleaned_data["email"])
        try:
            # The slot first: under a flood, most attempts end here, before any query.
            with derivation_slots.slot(reserved=attempt.device is not None):
                if wait := sign_in_throttle.wait_seconds(attempt):
                    message = _("Too many attempts. Wait %(seconds)d seconds and try again.") % {"seconds": wait}
                    return _refused(request, form, message, wait)
                user = authenticate(request, username=form.cleaned_data["email"], password=form.cleaned_data["password"])
        except derivation_slots.Busy:
            return _refused(
                request,
                form,
                _("Many people are signing in at this moment. Try again in a few seconds."),
                derivation_slots.Busy.retry_after_seconds,
            )
        if user is None or user.organisation_id is None:
            sign_in_throttle.note_failure(attempt)
            record(AuditAction.STAFF_SIGN_IN_FAILED, actor="unknown")
            form.add_error(None, _("That email and password do not match an account."))
        else:
            if request.user.is_authenticated:
                logout(request)  # whoever was signed in here is signed out before anyone else's keys arrive
            record(AuditAction.STAFF_PASSWORD_ACCEPTED, actor=actor_of(user))
            try:
                unlocked = keyring.unlock_organisation(user, staff_pair=user.staff_pair)
            except keyring.AccessDenied:
                unlocked = None
            to_second_step = redirect("accounts:second_factor")
            pending.keep(request, to_second_step, pending.start(user, unlocked))
            return to_second_step
    page = render(request, "accounts/sign_in.html", {"form": form})
    if request.method == "GET":
        pending.forget(request, page)  # a half-finished sign-in in this browser is abandoned
    return page


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        record(AuditAction.STAFF_SIGNED_OUT, actor=actor_of(request.user))
    response = redirect("accounts:login")
    forget_unlocked(request, response)
    pending.forget(request, response)
    logout(request)  # flushes the session, and with it anything else it held
    return response


@login_required
def locked(request):
    """A clear way back for someone whose access cannot be opened: never a dead end."""
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and request.user.is_supervisor and form.is_valid():
        try:
            unlocked = keyring.recover_with_words(request.user, form.cleaned_data["words"], actor=actor_of(request.user))
        except keyring.AccessDenied:
            form.add_error("words", _("Those recovery words do not match this organisation's key."))
        else:
            messages.success(request, _("Access restored with the recovery words. Grant access to your colleagues now."))
            response = redirect("accounts:access")
            keep_unlocked(request, response, unlocked)
            return response
    return render(request, "accounts/locked.html", {"form": form, "has_access": keyring.has_access(request.user)})


@staff_required(User.Role.SUPERVISOR, any_organisation=True)
def access(request):
    staff = User.objects.filter(organisation=request.user.organisation).order_by("email")
    with_access = set(
        staff.filter(
            key_grants__org_key__organisation=request.user.organisation, key_grants__org_key__retired_at__isnull=True
        ).values_list("pk", flat=True)
    )
    unlockers = keyring.people_who_can_unlock(request.user.organisation)
    return render(
        request,
        "accounts/access.html",
        {
            "staff": staff,
            "with_access": with_access,
            "unlockers": unlockers,
            "min_unlockers": MIN_UNLOCKERS,
        },
    )


def _colleague(request, pk):
    colleague = get_object_or_404(User, pk=pk, organisation=request.user.organisation)
    if not hasattr(colleague, "staff_key"):
        raise Http404()
    return colleague


@require_POST
@staff_required(User.Role.SUPERVISOR, unlocked=False)
def immigration_adviser(request, pk):
    colleague = get_object_or_404(User, pk=pk, organisation=request.user.organisation)
    allowed = request.POST.get("allowed") == "yes"
    try:
        set_immigration_adviser(colleague, allowed, by=request.user)
    except NotAllowed:
        messages.error(request, _("Only advocates and supervisors can give immigration advice."))
    else:
        if allowed:
            messages.success(request, _("%(email)s now reads and writes immigration advice.") % {"email": colleague.email})
        else:
            messages.success(request, _("%(email)s no longer reads immigration advice.") % {"email": colleague.email})
    return redirect("accounts:access")


@require_POST
@staff_required(User.Role.SUPERVISOR, any_organisation=True)
def grant(request, pk):
    colleague = _colleague(request, pk)
    keyring.grant_access(request.unlocked, colleague, actor=actor_of(request.user))
    messages.success(request, _("%(email)s can now open the organisation's reports.") % {"email": colleague.email})
    return redirect("accounts:access")


@require_POST
@staff_required(User.Role.SUPERVISOR, any_organisation=True)
def revoke(request, pk):
    colleague = _colleague(request, pk)
    if colleague == request.user:
        messages.error(request, _("You cannot remove your own access."))
    else:
        keyring.revoke_access(colleague, actor=actor_of(request.user))
        messages.success(request, _("%(email)s can no longer open the organisation's reports.") % {"email": colleague.email})
    return redirect("accounts:access")


@require_POST
@staff_required(User.Role.SUPERVISOR, any_organisation=True)
def reset_two_step(request, pk):
    """A colleague lost their phone and recovery codes: remove both and show a setup code, once, to hand over."""
    colleague = _colleague(request, pk)
    if colleague == request.user:
        # Otherwise a hijacked supervisor session could move the supervisor's own second factor to another phone.
        messages.error(request, _("Ask another supervisor or your administrator to reset your own two-step sign-in."))
        return redirect("accounts:access")
    setup_code = second_factor.issue_setup_code(colleague, actor=actor_of(request.user))
    return render(request, "accounts/setup_code.html", {"colleague": colleague, "setup_code": setup_code})


@login_required
def change_password(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with derivation_slots.slot(reserved=True):
                keyring.change_password(
                    request.user,
                    form.cleaned_data["old_password"],
                    form.cleaned_data["new_password"],
                    actor=actor_of(request.user),
                )
        except derivation_slots.Busy:
            form.add_error(None, _("Many people are signing in at this moment. Try again in a few seconds."))
            response = render(request, "accounts/change_password.html", {"form": form}, status=429)
            response["Retry-After"] = str(derivation_slots.Busy.retry_after_seconds)
            return response
        except ValidationError as exc:
            form.add_error("new_password", exc)
        except keyring.AccessDenied:
            form.add_error("old_password", _("That is not your current password."))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Password changed. Your access moved with it."))
            return redirect(home_for(request.user))
    return render(request, "accounts/change_password.html", {"form": form})
