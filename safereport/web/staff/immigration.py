"""The immigration-advice eligibility helper: for an immigration adviser of the case's organisation only."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereport.cases import actions, eligibility
from safereport.web.staff.cases import CASEWORK, _case, refuse_unless_adviser
from safereport.web.staff.unlock import staff_required

ANSWER_CHOICES = [
    (eligibility.YES, gettext_lazy("Yes")),
    (eligibility.NO, gettext_lazy("No")),
    (eligibility.UNKNOWN, gettext_lazy("Not known")),
]


class EligibilityForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in eligibility.QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Answer yes, no or not known.")},
            )


@staff_required(*CASEWORK)
def eligibility_helper(request, reference):
    refuse_unless_adviser(request)
    report = _case(request, reference)
    form = EligibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.assess_eligibility(report, form.cleaned_data, request.unlocked, request.user)
        messages.success(request, _("Answers saved. They never leave this organisation."))
        return redirect("cases:eligibility", reference=reference)
    view = actions.open_case(report, request.unlocked, request.user)
    latest = view.eligibility[-1] if view.eligibility else None
    if latest is not None and not form.is_bound:
        form = EligibilityForm(initial=latest.answers)
    return render(
        request,
        "cases/eligibility.html",
        {"report": report, "form": form, "latest": latest, "history": view.eligibility},
        status=422 if form.errors else 200,
    )
