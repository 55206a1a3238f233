"""Assigning a case, a supervisor handing over every open case of someone who leaves, and one's own languages."""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safereport.accounts.models import User
from safereport.cases.assignment import AssignmentRefused, assign_case, caseworkers, hand_over_cases
from safereport.cases.staff_languages import set_staff_languages
from safereport.intake.models import Report
from safereport.web.staff.queue_form import languages_field
from safereport.web.staff.unlock import staff_required

CASEWORK = (User.Role.ADVOCATE, User.Role.SUPERVISOR)


def _colleague_or_404(request, raw: str) -> User:
    """A member of staff of the signed-in user's organisation; anyone else's id is 404, as if unknown."""
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404() from None
    return get_object_or_404(User.objects.filter(organisation_id=request.user.organisation_id), pk=pk)


@require_POST
@staff_required(*CASEWORK)
def assign(request, reference):
    report = get_object_or_404(Report.objects.visible_to(request.user), reference=reference)
    raw = request.POST.get("assignee", "")
    assignee = _colleague_or_404(request, raw) if raw else None
    try:
        assign_case(report, assignee, request.user)
    except AssignmentRefused:
        messages.error(request, _("Assigned to: choose an active advocate or supervisor of this organisation."))
    else:
        if assignee is None:
            messages.success(request, _("The case is now unassigned."))
        else:
            messages.success(request, _("Case assigned to %(who)s.") % {"who": assignee.get_full_name() or assignee.email})
    return redirect("cases:case", reference=reference)


class HandOverForm(forms.Form):
    leaving = forms.ModelChoiceField(label=gettext_lazy("Whose open cases"), queryset=User.objects.none())
    successor = forms.ModelChoiceField(label=gettext_lazy("Hand them over to"), queryset=User.objects.none())

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone already removed (inactive) may still hold cases: they can be handed over, not given any.
        cast(forms.ModelChoiceField, self.fields["leaving"]).queryset = User.objects.filter(
            organisation_id=organisation_id, role__in=CASEWORK
        ).order_by("email")
        cast(forms.ModelChoiceField, self.fields["successor"]).queryset = caseworkers(organisation_id)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("leaving") and cleaned.get("leaving") == cleaned.get("successor"):
            self.add_error("successor", _("Choose someone other than the person whose cases are handed over."))
        return cleaned


@staff_required(User.Role.SUPERVISOR)
def hand_over(request):
    """One action for someone who leaves: every open case they hold goes to one colleague."""
    organisation_id = request.user.organisation_id
    form = HandOverForm(request.POST or None, organisation_id=organisation_id)
    if request.method == "POST":
        for name in ("leaving", "successor"):
            if request.POST.get(name):
                _colleague_or_404(request, request.POST[name])  # another organisation's staff: 404
        if form.is_valid():
            leaving, successor = form.cleaned_data["leaving"], form.cleaned_data["successor"]
            try:
                moved = hand_over_cases(leaving, successor, request.user)
            except AssignmentRefused:
                form.add_error("successor", _("Choose an active advocate or supervisor of this organisation."))
            else:
                messages.success(
                    request,
                    _("%(count)d open cases of %(leaving)s handed over to %(successor)s.")
                    % {"count": moved, "leaving": leaving.email, "successor": successor.email},
                )
                return redirect("cases:hand_over")
    return render(request, "cases/hand_over.html", {"form": form}, status=422 if form.errors else 200)


class LanguagesForm(forms.Form):
    languages = languages_field(gettext_lazy("Languages you work in"))


@staff_required(*CASEWORK)
def my_languages(request):
    """The queue marks reports written in these and can show only those."""
    form = LanguagesForm(request.POST or None, initial={"languages": request.user.languages})
    if request.method == "POST" and form.is_valid():
        set_staff_languages(request.user, form.cleaned_data["languages"], request.user)
        messages.success(request, _("Your languages are saved."))
        return redirect("cases:my_languages")
    return render(request, "cases/my_languages.html", {"form": form}, status=422 if form.errors else 200)
