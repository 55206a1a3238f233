"""Staff pages of the disclosure-request register and compelled disclosure."""

import json

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from safereport.accounts.models import User
from safereport.firewall import court_orders, requests
from safereport.firewall.models import DisclosureRequest
from safereport.firewall.review import Decisions
from safereport.web.downloads import attachment
from safereport.web.staff.unlock import staff_required

from .disclosure_forms import ApproveForm, RefuseForm, RegisterForm

CASEWORK = (User.Role.ADVOCATE, User.Role.SUPERVISOR)


def _request(request, reference) -> DisclosureRequest:
    return get_object_or_404(DisclosureRequest.objects.visible_to(request.user), reference=reference)


@staff_required(*CASEWORK)
def register(request):
    entries = DisclosureRequest.objects.visible_to(request.user)
    return render(request, "firewall/register.html", {"entries": entries})


@court_orders.uploads_kept_in_memory
@staff_required(*CASEWORK)
def new(request):
    form = RegisterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = requests.register_request(form.new_request(), user=request.user)
        except requests.RequestInvalid as invalid:
            for name, message in invalid.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except requests.RequestNotAllowed as refused:
            messages.error(request, str(refused))
            return redirect("firewall:register")
        else:
            if entry.refused_by_default:
                messages.info(
                    request,
                    _("Registered as %(reference)s. %(reason)s")
                    % {"reference": entry.reference, "reason": entry.decision_reason},
                )
            else:
                messages.success(request, _("Registered as %(reference)s.") % {"reference": entry.reference})
            return redirect("firewall:detail", reference=entry.reference)
    return render(request, "firewall/new.html", {"form": form})


@staff_required(*CASEWORK)
def detail(request, reference):
    entry = _request(request, reference)
    opened = requests.open_request(entry, request.unlocked, request.user)
    blocker = requests.approval_blocker(entry, request.user) if entry.is_pending else None
    return render(
        request,
        "firewall/detail.html",
        {
            "entry": entry,
            "opened": opened,
            "approval_blocker": blocker and blocker[1],
            "refuse_form": RefuseForm(),
            "approve_form": ApproveForm(),
            "review_preview": requests.review_preview(entry, request.unlocked) if blocker is None else None,
        },
    )


@require_POST
@staff_required(User.Role.SUPERVISOR)
def refuse(request, reference):
    entry, form = _request(request, reference), RefuseForm(request.POST)
    if not form.is_valid():
        given = request.POST.get("reason", "").strip()
        messages.error(
            request,
            " ".join(str(error) for error in form.errors["reason"]) if given else _("Write down why the request is refused."),
        )
        return redirect("firewall:detail", reference=reference)
    try:
        requests.refuse_request(entry, request.user, form.cleaned_data["reason"])
    except (requests.RequestNotAllowed, requests.RequestInvalid) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Request refused. The refusal is recorded and counted."))
    return redirect("firewall:detail", reference=reference)


@require_POST
@staff_required(User.Role.SUPERVISOR)
def approve(request, reference):
    entry, form = _request(request, reference), ApproveForm(request.POST)
    if not form.is_valid():
        if "legal_review" in form.errors:
            messages.error(request, " ".join(str(error) for error in form.errors["legal_review"]))
        else:
            messages.error(request, _("Confirm that you have checked the legal basis."))
        return redirect("firewall:detail", reference=reference)
    try:
        shown = requests.review_preview(entry, request.unlocked)
        decisions = Decisions.from_form(request.POST, len(shown.marks)) if shown else None
        entry = requests.approve_compelled_disclosure(
            entry, request.user, request.unlocked, legal_review=form.cleaned_data["legal_review"], decisions=decisions
        )
    except requests.RequestNotAllowed as refused:
        messages.error(request, _("Not approved: %(reason)s") % {"reason": refused})
    except requests.RequestInvalid as invalid:
        messages.error(request, _("Not approved: %(reason)s") % {"reason": " ".join(invalid.errors.values())})
    else:
        if entry.decision == DisclosureRequest.Decision.DISCLOSED:
            messages.success(request, _("Approved. The package is ready to download."))
        else:
            messages.info(request, _("Approved, but no report is linked, so there is nothing to disclose."))
    return redirect("firewall:detail", reference=reference)


@staff_required(User.Role.SUPERVISOR)
def package(request, reference):
    entry = _request(request, reference)
    try:
        body = requests.signed_package_for_download(entry, request.unlocked, request.user)
    except requests.PackageErased as erased:
        # Gone, not missing: the record of the disclosure stays, its content does not.
        return render(request, "firewall/package_erased.html", {"entry": entry, "explanation": str(erased)}, status=410)
    except requests.RequestNotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("firewall:detail", reference=reference)
    return attachment(
        json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True),
        "application/json; charset=utf-8",
        f"{entry.reference}.json",
    )


@require_safe
@staff_required(*CASEWORK)
def court_order(request, reference):
    entry = _request(request, reference)
    try:
        copy = requests.court_order_copy_for_download(entry, request.unlocked, request.user)
    except requests.RequestNotAllowed as refused:
        messages.error(request, str(refused))
        return redirect("firewall:detail", reference=reference)
    return attachment(copy.content, copy.media_type, court_orders.download_name(entry.reference, copy.media_type))
