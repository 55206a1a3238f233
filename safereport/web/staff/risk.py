"""Risk assessment pages of a case: answer the questionnaire, read an earlier assessment."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereport.intake.models import Report
from safereport.risk import actions
from safereport.risk.models import Questionnaire, RiskAssessment
from safereport.risk.questionnaire import ANSWER_LABELS, ANSWERS, BAND_LABELS, HIGH, MEDIUM, STANDARD, Definition
from safereport.risk.sets import current_sets, set_key_for
from safereport.web.staff.unlock import staff_required

from .cases import CASEWORK

JUDGEMENTS = [
    (STANDARD, gettext_lazy("No: the answers decide the band")),
    (MEDIUM, gettext_lazy("Yes: at least medium risk")),
    (HIGH, gettext_lazy("Yes: high risk")),
]


def field_name(question_id: str) -> str:
    return f"q-{question_id}"


class RiskForm(forms.Form):
    """One yes / no / not known choice per question, all required, and the professional judgement."""

    def __init__(self, definition: Definition, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        unanswered = gettext_lazy("Answer this question: yes, no or not known.")
        for question in definition.questions:
            self.fields[field_name(question.id)] = forms.ChoiceField(
                label=_(question.text),
                help_text=_(question.help) if question.help else "",
                choices=[(answer, ANSWER_LABELS[answer]) for answer in ANSWERS],
                widget=forms.RadioSelect,
                error_messages={"required": unanswered, "invalid_choice": unanswered},
            )
        self.fields["judgement"] = forms.ChoiceField(
            label=gettext_lazy("Does your professional judgement put this case in a higher band than the answers do?"),
            choices=JUDGEMENTS,
            initial=STANDARD,
            widget=forms.RadioSelect,
            error_messages={"required": gettext_lazy("Choose whether your judgement raises the band.")},
        )
        self.definition = definition

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data[field_name(q.id)] for q in self.definition.questions}

    def question_fields(self):
        """(number, question, bound field) for the template, in the set's order."""
        return [(n, q, self[field_name(q.id)]) for n, q in enumerate(self.definition.questions, start=1)]


def _case(request, reference) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user), reference=reference)


def _posted_questionnaire(request) -> Questionnaire:
    try:
        return get_object_or_404(
            Questionnaire.objects.usable_by(request.user.organisation_id), pk=request.POST.get("questionnaire")
        )
    except ValidationError:  # not a UUID at all
        raise Http404() from None


def _page(request, report, questionnaire, sets, form, *, status=200):
    return render(
        request,
        "cases/risk_assess.html",
        {
            "report": report,
            "questionnaire": questionnaire,
            "definition": questionnaire.parsed,
            "form": form,
            "other_sets": [(key, row.parsed.title) for key, row in sets.items() if row.pk != questionnaire.pk],
        },
        status=status,
    )


@staff_required(*CASEWORK)
def assess(request, reference):
    report = _case(request, reference)
    sets = current_sets(request.user.organisation_id)
    if request.method != "POST":
        key = request.GET.get("set") or set_key_for(report.crime_type, sets)
        if key not in sets:
            raise Http404()
        return _page(request, report, sets[key], sets, RiskForm(sets[key].parsed))
    questionnaire = _posted_questionnaire(request)
    form = RiskForm(questionnaire.parsed, request.POST)
    if not form.is_valid():
        return _page(request, report, questionnaire, sets, form, status=422)
    try:
        assessment = actions.assess(
            report, questionnaire, form.answers(), request.unlocked, request.user, judgement=form.cleaned_data["judgement"]
        )
    except actions.MissingAnswers as missing:  # the form asks for every answer; the action checks again
        for question in missing.questions:
            form.add_error(field_name(question.id), _("Answer this question: yes, no or not known."))
        return _page(request, report, questionnaire, sets, form, status=422)
    messages.success(
        request,
        _("Risk assessed: %(band)s (score %(score)s). Recommended next step: %(step)s")
        % {
            "band": BAND_LABELS[assessment.band],
            "score": assessment.score,
            "step": _(questionnaire.parsed.next_steps[assessment.band]),
        },
    )
    return redirect("cases:case", reference=reference)


@staff_required(*CASEWORK)
def assessment(request, reference, sequence):
    report = _case(request, reference)
    item = get_object_or_404(
        RiskAssessment.objects.visible_to(request.user).select_related("questionnaire", "assessed_by", "report"),
        report=report,
        sequence=sequence,
    )
    opened = actions.open_assessment(item, request.unlocked, request.user)
    return render(
        request,
        "cases/risk_assessment.html",
        {
            "report": report,
            "opened": opened,
            "rows": [(n, _(q.text), q.trigger, ANSWER_LABELS[answer]) for n, (q, answer) in enumerate(opened.rows, start=1)],
            "triggers": [_(q.text) for q in opened.triggers],
            "judgement_raised": opened.judgement != STANDARD,
            "judgement_label": BAND_LABELS[opened.judgement],
            "next_step": opened.definition.next_steps[item.band],
        },
    )
