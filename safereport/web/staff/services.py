"""The directory of support services (supervisors keep it, caseworkers read it) and referrals of a case to one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safereport.accounts.models import User
from safereport.services import directory, referrals
from safereport.services.models import Service, ServiceReferral
from safereport.web.staff.cases import CASEWORK, _case, _case_page
from safereport.web.staff.service_forms import DirectoryFilter, OutcomeForm, ServiceForm, ServiceReferralForm, language_name
from safereport.web.staff.unlock import staff_required


@staff_required(*CASEWORK, unlocked=False)
def directory_page(request):
    filters = DirectoryFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    services = directory.find_services(
        request.user, kind=chosen.get("kind", ""), language=chosen.get("language", ""), area=chosen.get("area", "")
    )
    return render(
        request,
        "services/directory.html",
        {"services": services, "filters": filters, "language_name": language_name},
        status=422 if filters.errors else 200,
    )


def _details(form: ServiceForm) -> directory.ServiceDetails:
    data = form.cleaned_data
    return directory.ServiceDetails(
        name=data["name"],
        kind=data["kind"],
        languages=tuple(data["languages"]),
        areas=tuple(data["areas"]),
        eligibility=data["eligibility"],
        contact=data["contact"],
    )


def _edit(request, service: Service | None):
    initial = None
    if service is not None:
        initial = {f: getattr(service, f) for f in ("name", "kind", "languages", "areas", "eligibility", "contact")}
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.save_service(_details(form), request.user, service)
        except directory.InvalidService as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Service saved."))
            return redirect("services:directory")
    return render(request, "services/edit.html", {"form": form, "service": service}, status=422 if form.errors else 200)


@staff_required(User.Role.SUPERVISOR, unlocked=False)
def new_service(request):
    return _edit(request, None)


@staff_required(User.Role.SUPERVISOR, unlocked=False)
def edit_service(request, pk):
    return _edit(request, get_object_or_404(Service.objects.visible_to(request.user), pk=pk))


@require_POST
@staff_required(User.Role.SUPERVISOR, unlocked=False)
def remove_service(request, pk):
    directory.remove_service(get_object_or_404(Service.objects.visible_to(request.user), pk=pk), request.user)
    messages.success(request, _("Service removed from the directory. Referrals already made keep its name."))
    return redirect("services:directory")


@require_POST
@staff_required(*CASEWORK)
def refer(request, reference):
    report = _case(request, reference)
    form = ServiceReferralForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referrals.refer_to_service(report, data["service"], data["made_on"], data["note"], request.unlocked, request.user)
        except referrals.InvalidReferral as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("Referral to %(service)s recorded.") % {"service": data["service"].name})
            return redirect("cases:case", reference=reference)
    return _case_page(request, report, refused="service_referral_form", form=form)


def _referral(request, reference, pk):
    report = _case(request, reference)
    item = get_object_or_404(ServiceReferral.objects.visible_to(request.user).select_related("report"), pk=pk, report=report)
    try:
        return report, item, referrals.open_referral(item, request.unlocked, request.user)
    except referrals.NotAnAdviser:
        # The same answer as for a referral that does not exist: it says nothing of what the case holds.
        raise Http404() from None


@staff_required(*CASEWORK)
def outcome(request, reference, pk):
    report, item, opened = _referral(request, reference, pk)
    form = OutcomeForm(request.POST or None, initial={"outcome": opened.outcome, "outcome_on": opened.outcome_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referrals.record_outcome(item, data["outcome"], data["outcome_on"], request.unlocked, request.user)
        except referrals.InvalidReferral as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("cases:case", reference=reference)
    return render(
        request,
        "services/outcome.html",
        {"report": report, "opened": opened, "form": form},
        status=422 if form.errors else 200,
    )
