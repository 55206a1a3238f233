"""The reporter's "what the police would receive": on the report form's consent step (from the sealed draft) and on their report's page.

Nothing the reporter wrote travels in these pages' forms: they send back only the numbers of
the parts to keep back, checked against the narrative held on the server (sealed in the visit's
draft, or in the report). Every post ends in a redirect, or in the page again with the mistake.
"""

from __future__ import annotations

import secrets

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache

from safereport.firewall import contact_arrangements, police_preview, reporter_withholding
from safereport.intake import actions, withheld
from safereport.intake.routing import NoReceivingOrganisation, receiving_organisation
from safereport.intake.withheld import WithheldInvalid

from . import report_draft
from . import session as reporter_session
from .forms import STEPS
from .report_draft import Draft
from .report_form import STEP_NAMES, check

SAVED = "reporter:withheld_saved"
_YES_NO = {"yes": True, "no": False}


def _contact_choice(request, chosen: bool) -> bool:
    """The contact consent to preview: the one being chosen, or the other one when the page's link asks for it."""
    return _YES_NO.get(request.GET.get("contact", ""), chosen)


def _again(request) -> str:
    """This page once more, showing the same contact choice."""
    contact = request.GET.get("contact")
    return f"{request.path}?contact={contact}" if contact in _YES_NO else request.path


def _page(request, built, *, status=200, **context):
    preview, share_narrative = built
    other = "no" if preview.share_contact else "yes"
    return render(
        request,
        "intake/police_preview.html",
        {
            "preview": preview,
            "share_narrative": share_narrative,
            "other_contact_url": f"{request.path}?contact={other}",
            "action": f"{request.path}?contact={'yes' if preview.share_contact else 'no'}",
            "saved": request.session.pop(SAVED, None),
            **context,
        },
        status=status,
    )


# --- during the report form -------------------------------------------------------------------------------


def _from_draft(request, draft: Draft):
    """(narrative, preview, whether the narrative is to be shared, chosen words no longer found) from the draft."""
    answers = MultiValueDict(draft.answers)
    first_bad, _forms, submission = check(answers, 0)
    if submission is None:
        return None
    ranges, stale = report_draft.withheld_ranges(draft, submission.narrative)
    preview = police_preview.preview(
        submission.narrative,
        submission.language,
        withheld_ranges=ranges,
        share_contact=_contact_choice(request, answers.get("police_share_contact") == "yes"),
        area=police_preview.area_as_sent(submission.area_code, submission.area_detail, submission.language),
    )
    return submission.narrative, preview, answers.get("police_share_narrative") == "yes", stale


def _arrangements_from_draft(draft: Draft, share_contact: bool) -> dict | None:
    """How the package would say to make contact, from the whole form; None while a step has a mistake."""
    _first_bad, _forms, submission = check(MultiValueDict(draft.answers), len(STEPS) - 1)
    if submission is None:
        return None
    try:
        organisation = receiving_organisation(submission.area_code).name
    except NoReceivingOrganisation:
        return None
    return contact_arrangements.arrangements(
        organisation=organisation,
        advocate=None,
        wants_interpreter="interpreter" in submission.wants,
        wants_police_visit="police_visit" in submission.wants,
        safe=submission.clean_safe_contact,
        language=submission.language,
        share_contact=share_contact,
    )


@never_cache
def during_report(request):
    if request.method == "POST":
        with report_draft.claimed(request):  # one post at a time per browser, as the form's own steps
            return _choose_during_report(request)
    state = report_draft.load(request)
    built = _from_draft(request, state) if isinstance(state, Draft) else None
    if built is None or not isinstance(state, Draft):
        return redirect("intake:report")  # no draft (expired, or the visit was ended), or step one not done
    _narrative, preview, share_narrative, stale = built
    return _page(
        request,
        (preview, share_narrative),
        arrangements=_arrangements_from_draft(state, preview.share_contact),
        during_report=True,
        form_token=state.token,
        stale=bool(stale),
        back_url=f"{reverse('intake:report')}?step={STEP_NAMES[-1]}",
    )


def _choose_during_report(request):
    state = report_draft.load(request)
    token = request.POST.get("form_token", "")
    if not (isinstance(state, Draft) and token and secrets.compare_digest(token.encode(), state.token.encode())):
        return redirect("intake:report")
    built = _from_draft(request, state)
    if built is None:
        return redirect("intake:report")
    narrative, preview, share_narrative, stale = built
    try:
        ranges = withheld.chosen(narrative, request.POST.getlist("withhold"))
    except WithheldInvalid as invalid:
        return _page(
            request,
            (preview, share_narrative),
            status=400,
            error=str(invalid),
            during_report=True,
            form_token=state.token,
            stale=bool(stale),
            back_url=f"{reverse('intake:report')}?step={STEP_NAMES[-1]}",
        )
    # Kept by their words, so an edit to the narrative afterwards cannot move the choice (report_draft.withheld_ranges).
    state.withheld = [narrative[start:end] for start, end in withheld.parts(narrative) if withheld.covered(ranges, start, end)]
    request.session[SAVED] = {"count": len(state.withheld)}
    if "done" in request.POST:
        response = redirect(f"{reverse('intake:report')}?step={STEP_NAMES[-1]}")
    else:
        response = redirect(_again(request))
    report_draft.save(request, response, state)
    return response


# --- on the reporter's page, after the report --------------------------------------------------------------


@never_cache
def on_my_report(request):
    access = reporter_session.current(request)
    if access is None:
        return redirect("intake:return")
    consent = actions.current_consent(access.report, "police")
    preview = police_preview.of_report(
        access.report, access.cipher, share_contact=_contact_choice(request, bool(consent and consent.share_contact))
    )
    built = (preview, bool(consent and consent.share_narrative))
    context = {
        "already_sent": access.report.referrals.exists(),
        "back_url": reverse("intake:my_report"),
        "arrangements": contact_arrangements.of_report(access.report, access.cipher, share_contact=preview.share_contact),
    }
    if request.method != "POST":
        return _page(request, built, **context)
    try:
        ranges = withheld.chosen(
            access.cipher.open("narrative", access.report.narrative_sealed), request.POST.getlist("withhold")
        )
        change = reporter_withholding.change_withheld(access.report, access.cipher, ranges)
    except WithheldInvalid as invalid:
        return _page(request, built, status=400, error=str(invalid), **context)
    request.session[SAVED] = {"count": len(request.POST.getlist("withhold")), "police_told": bool(change.forces_told)}
    if "done" in request.POST:
        return redirect("intake:my_report")
    return redirect(_again(request))
