"""A supervisor's page for what routes reports to their organisation: areas, specialisms, languages, unrouted reports."""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereport.accounts.models import Organisation, Specialism, User
from safereport.intake.routing import RoutingRefused, set_routing
from safereport.web.staff.queue_form import language_choice_label, languages_field
from safereport.web.staff.unlock import staff_required


class RoutingForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("Areas you serve"), required=False, choices=settings.AREAS, widget=forms.CheckboxSelectMultiple
    )
    receives_unrouted = forms.BooleanField(
        label=gettext_lazy("Also receive reports from areas no organisation serves"), required=False
    )
    specialisms = forms.MultipleChoiceField(
        label=gettext_lazy("What you specialise in"),
        required=False,
        choices=Specialism.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = languages_field(gettext_lazy("Languages your staff work in"))


def _speakers(organisation: Organisation) -> Counter:
    """How many active caseworkers set each language on their own page."""
    counts: Counter = Counter()
    staff = User.objects.filter(organisation=organisation, is_active=True, role__in=(User.Role.ADVOCATE, User.Role.SUPERVISOR))
    for languages in staff.values_list("languages", flat=True):
        counts.update(languages or [])
    return counts


@staff_required(User.Role.SUPERVISOR, unlocked=False)
def routing(request):
    organisation = request.user.organisation  # a support organisation: staff_required() refuses a force's supervisor
    initial = {f: getattr(organisation, f) for f in ("areas", "receives_unrouted", "specialisms", "languages")}
    form = RoutingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_routing(organisation, user=request.user, **form.cleaned_data)
        except RoutingRefused as refusal:
            form.add_error(refusal.field or None, refusal.message)
        else:
            messages.success(request, _("Saved. Reports submitted from now on are routed by these."))
            return redirect("cases:routing")
    speakers = _speakers(organisation)
    languages = [(language_choice_label(code), speakers[code]) for code in organisation.languages]
    return render(
        request,
        "accounts/routing.html",
        {"organisation": organisation, "form": form, "languages": languages},
        status=422 if form.errors else 200,
    )
