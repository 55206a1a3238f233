"""The three-step report form: each post answered by a redirect, answers kept sealed on the server, a report sent once.

Post/redirect/get everywhere, so the browser's history holds only plain GETs of pages drawn
from the sealed draft (`report_draft`): once the visit ends (quick exit, the report sent, or
DRAFT_MINUTES without a step) Back, Reload and "resend the form" show an empty form.
Validation is `Submission.validate()` itself, run at every step on what is known so far,
with its errors put on the form's own fields: the form and the API can never disagree,
and nothing a reporter types can reach the submission unchecked (and answer 500).
"""

from __future__ import annotations

import secrets

from django.forms import MultipleChoiceField
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language

from safereport.intake import actions
from safereport.intake.submission import Submission, SubmissionInvalid

from . import report_draft
from .forms import STEPS
from .report_draft import Draft, Sent

STEP_NAMES = [name for name, _form in STEPS]
# Submission's names for the answers that are not spelled as a form field.
_FIELD_FOR = {
    "contact.name": "name",
    "contact.phone": "phone",
    "contact.email": "email",
    "consent": "police_share_contact",
    "consent.police": "police_share_contact",
    "safe_contact.call": "safe_to_call",
    "safe_contact.text": "safe_to_text",
    "safe_contact.leave_message": "safe_to_leave_message",
    "safe_contact.times": "safe_times",
}
_SAFE_CONTACT_FIELDS = {"call": "safe_to_call", "text": "safe_to_text", "leave_message": "safe_to_leave_message"}


def show(request):
    """GET: the step asked for, filled in from the draft; a later step only once the earlier ones are complete."""
    state = report_draft.load(request)
    draft = state if isinstance(state, Draft) else None
    answers = MultiValueDict(draft.answers if draft else {})
    index = _index(request.GET.get("step")) if draft else 0
    if index:
        first_bad, _forms, _submission = check(answers, index - 1)
        index = index if first_bad is None else first_bad
    if draft and draft.show_errors_on == STEP_NAMES[index]:
        forms = check(answers, index)[1]
        form = forms[index]
    else:
        form = _prefilled(STEPS[index][1], answers)
    return render(
        request,
        "intake/report_step.html",
        {
            "form": form,
            "step": STEP_NAMES[index],
            "step_number": index + 1,
            "step_count": len(STEPS),
            "is_last": index == len(STEPS) - 1,
            "form_token": draft.token if draft else "",
            "restarted": bool(draft and draft.restarted),
            "draft_minutes": report_draft.DRAFT_MINUTES,
            **(_kept_back(draft, answers) if draft and index == len(STEPS) - 1 else {}),
        },
    )


def _kept_back(draft: Draft, answers) -> dict:
    """For the consent step: how many parts the reporter keeps back, and whether an edit has unsettled that choice."""
    _ranges, stale = report_draft.withheld_ranges(draft, (answers.get("narrative") or "").strip())
    return {"withheld_count": len(draft.withheld) - len(stale), "withheld_stale": bool(stale)}


def receive(request):
    """POST: keep this step's answers, then go to the next step, back, to a mistake, or send the report."""
    with report_draft.claimed(request):  # posts from one browser are taken one at a time
        return _receive(request)


def _receive(request):
    index = _index(request.POST.get("step"))
    token = request.POST.get("form_token", "")
    state = report_draft.load(request)
    if isinstance(state, Sent) and _same(token, state.token):
        # The form was sent already: a resend (or a double tap) sends nothing and makes no new codename.
        return redirect("intake:report_sent") if state.codename else sent_already(request)
    if isinstance(state, Draft) and _same(token, state.token):
        draft = state
        draft.restarted = False
    else:
        # No draft for this form (it expired, or the visit was ended): the earlier steps must be typed again.
        draft = Draft(restarted=index > 0)
    form_class = STEPS[index][1]
    draft.answers.update({name: request.POST.getlist(name) for name in form_class.base_fields})
    draft.show_errors_on = None
    if "back" in request.POST:
        return _go(request, draft, max(index - 1, 0))
    if draft.restarted:
        return _go(request, draft, 0)
    if "preview" in request.POST and index == len(STEPS) - 1:
        # This step's answers are kept (the contact choice decides what the preview keeps); its mistakes wait.
        response = redirect("intake:report_police_preview")
        report_draft.save(request, response, draft)
        return response
    first_bad, _forms, submission = check(MultiValueDict(draft.answers), index)
    if first_bad is not None:
        draft.show_errors_on = STEP_NAMES[first_bad]
        return _go(request, draft, first_bad)
    if index < len(STEPS) - 1:
        return _go(request, draft, index + 1)
    submission.withheld, stale = report_draft.withheld_ranges(draft, submission.narrative)
    if stale and submission.consent["police"]["share_narrative"]:
        # The narrative was edited after parts were kept back: nothing is sent until the reporter has looked again.
        return _go(request, draft, index)
    created, codename = actions.submit_report(submission)
    response = redirect("intake:report_sent")
    report_draft.save(request, response, Sent(draft.token, codename, created.reference))
    return response


def sent(request):
    """The page after a report: the codename, shown this once and then forgotten by the server too."""
    state = report_draft.load(request)
    if not (isinstance(state, Sent) and state.codename):
        return render(request, "intake/sent_once.html", {"resent": False})
    response = render(request, "intake/confirmation.html", {"codename": state.codename, "reference": state.reference})
    report_draft.save(request, response, Sent(state.token, None, None))
    return response


def sent_already(request):
    return render(request, "intake/sent_once.html", {"resent": True}, status=409)


def check(answers, upto: int):
    """Validate steps 0..upto as the submission would: (first step with a mistake or None, bound forms, submission)."""
    forms = [form_class(answers) for _name, form_class in STEPS[: upto + 1]]
    for index, form in enumerate(forms):
        if not form.is_valid():
            return index, forms, None
    submission = _submission(forms)
    try:
        submission.validate()
    except SubmissionInvalid as invalid:
        return _put_on_fields(invalid.errors, forms), forms, None
    return None, forms, submission


def _submission(forms) -> Submission:
    """The report as far as it is known; steps not reached yet count as left empty."""
    what, wants, contact = ([form.cleaned_data for form in forms] + [{}, {}])[:3]
    return Submission(
        crime_type=what["crime_type"],
        narrative=what["narrative"],
        language=get_language(),
        occurred_on=what.get("occurred_on"),
        area=what.get("area") or "",
        wants=set(wants.get("wants") or []),
        interpreter_language=wants.get("interpreter_language", ""),
        contact={k: contact[k] for k in ("name", "phone", "email") if contact.get(k)},
        reported_by=what.get("reported_by") or "",
        safe_contact={
            **{key: contact[name] for key, name in _SAFE_CONTACT_FIELDS.items() if contact.get(name) is not None},
            **({"times": contact["safe_times"]} if contact.get("safe_times") else {}),
        },
        consent={
            "police": {
                "share_contact": contact.get("police_share_contact", False),
                "share_narrative": contact.get("police_share_narrative", False),
            }
        },
    )


def _put_on_fields(errors: dict[str, str], forms) -> int:
    """Show each of Submission's errors on the field it is about; returns the earliest step with one."""
    first = len(forms) - 1
    for key, message in errors.items():
        name: str | None = _FIELD_FOR.get(key, key)
        step = next((i for i, form in enumerate(forms) if name in form.fields), None)
        if step is None:  # not a field of the form (the page's language): said at the top of the last step
            step, name = len(forms) - 1, None
        forms[step].add_error(name, message)
        first = min(first, step)
    return first


def _prefilled(form_class, answers):
    """An unbound form showing what the reporter already typed, without error messages."""
    initial = {}
    for name, field in form_class.base_fields.items():
        values = [v for v in answers.getlist(name) if v != ""]
        if values:
            initial[name] = values if isinstance(field, MultipleChoiceField) else values[0]
    return form_class(initial=initial)


def _go(request, draft: Draft, index: int):
    response = redirect(f"{reverse('intake:report')}?step={STEP_NAMES[index]}")
    report_draft.save(request, response, draft)
    return response


def _index(step) -> int:
    return STEP_NAMES.index(step) if step in STEP_NAMES else 0


def _same(given: str, expected: str) -> bool:
    return bool(given) and secrets.compare_digest(given.encode(), expected.encode())
