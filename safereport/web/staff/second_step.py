"""The second step of staff sign-in, enrolment of the authenticator app, and recovery codes.

After the password (accounts.sign_in) the browser holds a pending sign-in (pending.py) and nothing else. A code
from the app, or one unused recovery code, signs the person in and moves the keys to the signed-in slot. Someone
with no app yet is sent to enrol, which also needs the one-time setup code handed over with the password.
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereport.accounts import code_throttle, second_factor, sign_in_throttle
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record

from . import idle, pending
from .unlock import home_for, keep_unlocked, staff_required

CODE_ATTRS = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )


class EnrolForm(forms.Form):
    setup_code = forms.CharField(
        label=gettext_lazy("Setup code"),
        max_length=40,
        help_text=gettext_lazy("The one-time code you were given with your password."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        help_text=gettext_lazy("The 6-digit code the app shows after you added this account."),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )


class RegenerateForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )


def _pending_or_restart(request):
    if request.user.is_authenticated:
        return None, None
    sign_in = pending.recall(request)
    user = sign_in.user if sign_in else None
    return sign_in, user


def _restart(request, message: str):
    messages.info(request, message)
    response = redirect("accounts:login")
    pending.forget(request, response)
    return response


def _too_many(request, template: str, context: dict, wait: int):
    context["form"].add_error(None, _("Too many wrong codes. Wait %(seconds)d seconds and try again.") % {"seconds": wait})
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _wrong(request, sign_in, attempt, template: str, context: dict, stage: str):
    """Counted, recorded and, after MAX_WRONG_CODES, the password again; the page keeps what was typed."""
    code_throttle.note_failure(attempt)
    user = sign_in.user
    record(AuditAction.STAFF_SECOND_FACTOR_FAILED, actor=actor_of(user), stage=stage)
    sign_in = sign_in.missed()
    if sign_in.wrong_codes >= pending.MAX_WRONG_CODES:
        return _restart(request, _("Too many wrong codes for one sign-in. Enter your password again."))
    response = render(request, template, context)
    pending.keep(request, response, sign_in)
    return response


def _signed_in(request, user, sign_in, attempt, method, response):
    """The second factor passed: sign in, and only now move the opened keys where pages can use them."""
    login(request, user)  # a new session key; the pending slot moves with it and is dropped below
    pending.forget(request, response)
    unlocked = sign_in.unlocked()
    if unlocked is not None:
        keep_unlocked(request, response, unlocked)
    idle.start(request)
    record(AuditAction.STAFF_SIGNED_IN, actor=actor_of(user), second_factor=str(method))
    # This browser has now signed in to the account: from here on it is counted on its own (sign_in_throttle).
    sign_in_throttle.remember_device(attempt, response)
    return response


def _next_url(user, sign_in) -> str:
    return reverse(home_for(user)) if sign_in.keys is not None else reverse("accounts:locked")


def code_step(request):
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    sign_in, user = _pending_or_restart(request)
    if sign_in is None or user is None:
        return _restart(request, _("Enter your email and password first."))
    if not second_factor.has_device(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        attempt = sign_in_throttle.attempt(request, user.email)
        if wait := code_throttle.wait_seconds(attempt):
            return _too_many(request, "accounts/second_factor.html", context, wait)
        method = second_factor.verify(user, form.cleaned_data["code"])
        if method is None:
            form.add_error("code", _("That code is not right. Check the app shows this account, and type the newest code."))
            return _wrong(request, sign_in, attempt, "accounts/second_factor.html", context, stage="sign_in")
        if method is second_factor.Method.RECOVERY_CODE:
            left = second_factor.recovery_codes_left(user)
            messages.warning(
                request,
                _("You used a recovery code; %(left)d left. Make new ones on the Two-step sign-in page.") % {"left": left},
            )
        return _signed_in(request, user, sign_in, attempt, method, redirect(_next_url(user, sign_in)))
    return render(request, "accounts/second_factor.html", context)


ENROL_ERRORS = {
    ("setup_code", "wrong"): gettext_lazy("That is not the setup code for this account. Check it with whoever gave it to you."),
    ("setup_code", "expired"): gettext_lazy(
        "This account has no valid setup code. Ask a supervisor or your administrator for a new one."
    ),
    ("code", "wrong"): gettext_lazy("That code is not right. Check the app's clock, and type the newest code."),
}


def enrol(request):
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    sign_in, user = _pending_or_restart(request)
    if sign_in is None or user is None:
        return _restart(request, _("Enter your email and password first."))
    if second_factor.has_device(user):
        return redirect("accounts:second_factor")
    fresh = sign_in.candidate_secret is None
    if fresh:
        sign_in = sign_in.with_candidate(second_factor.new_secret())
    secret = sign_in.candidate_secret
    assert secret is not None  # noqa: S101 (just set above)
    uri = second_factor.otpauth_uri(user, secret)
    form = EnrolForm(request.POST or None)
    context = {
        "form": form,
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        "secret": second_factor.readable_secret(secret),
        "email": user.email,
    }
    if request.method == "POST" and form.is_valid():
        attempt = sign_in_throttle.attempt(request, user.email)
        if wait := code_throttle.wait_seconds(attempt):
            return _too_many(request, "accounts/enrol.html", context, wait)
        try:
            codes = second_factor.enrol(user, secret, setup_code=form.cleaned_data["setup_code"], code=form.cleaned_data["code"])
        except second_factor.Refused as refused:
            form.add_error(refused.field, ENROL_ERRORS[(refused.field, refused.message)])
            return _wrong(request, sign_in, attempt, "accounts/enrol.html", context, stage="enrolment")
        page = render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(user, sign_in), "enrolled": True}
        )
        return _signed_in(request, user, sign_in, attempt, second_factor.Method.TOTP, page)
    response = render(request, "accounts/enrol.html", context)
    if fresh:
        pending.keep(request, response, sign_in)  # the same secret on a reload, so a scanned code stays right
    return response


@staff_required(unlocked=False)
def two_step(request):
    """Where a signed-in person sees their recovery codes left and makes new ones (shown once, on this response)."""
    user = request.user
    form = RegenerateForm(request.POST or None)
    context = {"form": form, "left": second_factor.recovery_codes_left(user)}
    if request.method == "POST" and form.is_valid():
        attempt = sign_in_throttle.attempt(request, user.email)
        if wait := code_throttle.wait_seconds(attempt):
            return _too_many(request, "accounts/two_step.html", context, wait)
        try:
            codes = second_factor.regenerate_recovery_codes(user, code=form.cleaned_data["code"])
        except second_factor.Refused:
            code_throttle.note_failure(attempt)
            record(AuditAction.STAFF_SECOND_FACTOR_FAILED, actor=actor_of(user), stage="new_recovery_codes")
            form.add_error("code", _("That code is not right. Type the newest code the app shows."))
            return render(request, "accounts/two_step.html", context)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse(home_for(user))})
    return render(request, "accounts/two_step.html", context)
