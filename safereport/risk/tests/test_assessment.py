"""Assessing a case: sealed answers, history kept, every answer required, audited without content; the queue's view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safereport.audit.actions import AuditAction
from safereport.audit.models import AuditEntry
from safereport.firewall import classification, policy
from safereport.intake.actions import erase_report
from safereport.intake.models import Report
from safereport.risk import actions
from safereport.risk.models import RiskAssessment
from safereport.risk.questionnaire import HIGH, MEDIUM, NO, NOT_KNOWN, STANDARD, YES
from safereport.risk.queue import filter_by_risk, high_risk_first, with_current_risk
from safereport.risk.sets import current_sets, load_questionnaire
from safereport.risk.tests.test_sets import LICENSED
from safereport.vault.crypto import DecryptionFailed


@pytest.fixture
def da_set(world):
    return current_sets(world.north.org.pk)["domestic_abuse"]


def all_answered(questionnaire, yes=(), default=NO):
    return {q.id: (YES if q.id in yes else default) for q in questionnaire.parsed.questions}


def assess(world, report, questionnaire, yes=(), default=NO, **kwargs):
    answers = all_answered(questionnaire, yes, default)
    return actions.assess(report, questionnaire, answers, world.north.unlocked, world.north.advocate, **kwargs)


def test_an_assessment_keeps_band_score_and_day_clear_and_seals_the_answers(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    item = assess(world, report, da_set, yes=["strangulation", "injury"], default=NOT_KNOWN)
    assert (item.band, item.score, item.sequence) == (HIGH, 2, 1)
    assert item.assessed_on.hour == 0 and item.assessed_on.minute == 0  # the day only
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM risk_riskassessment WHERE id = %s", [item.pk.hex])
        row = cursor.fetchone()
    raw = b"".join(bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode() for v in row)
    for word in (b"strangulation", b"injury", b"not_known", b"yes", b'"y"', b'"u"', b"standard"):
        assert word not in raw
    opened = actions.open_assessment(item, world.north.unlocked, world.north.advocate)
    assert opened.answers["strangulation"] == YES and opened.answers["afraid"] == NOT_KNOWN
    assert [q.id for q in opened.triggers] == ["strangulation"]


def test_sealed_answers_are_the_same_length_however_they_were_answered(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    none = assess(world, report, da_set)
    every = assess(world, report, da_set, yes=[q.id for q in da_set.parsed.questions], judgement=HIGH)
    unknown = assess(world, report, da_set, default=NOT_KNOWN)
    assert len(bytes(none.answers_sealed)) == len(bytes(every.answers_sealed)) == len(bytes(unknown.answers_sealed))


def test_sealed_answers_cannot_be_moved_to_another_assessment(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    first, second = assess(world, report, da_set), assess(world, report, da_set, yes=["stalking"])
    second.answers_sealed = first.answers_sealed
    with pytest.raises(DecryptionFailed):
        actions.open_assessment(second, world.north.unlocked, world.north.advocate)


def test_a_missing_answer_is_refused_naming_it_and_nothing_is_saved(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    answers = all_answered(da_set)
    del answers["honour"]
    answers["weapon"] = "maybe"
    before = AuditEntry.objects.count()
    with pytest.raises(actions.MissingAnswers) as refused:
        actions.assess(report, da_set, answers, world.north.unlocked, world.north.advocate)
    assert [q.id for q in refused.value.questions] == ["honour", "weapon"]
    assert not RiskAssessment.objects.exists()
    assert AuditEntry.objects.count() == before


def test_reassessment_keeps_history_and_the_latest_is_current(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    assess(world, report, da_set, yes=["threats_to_kill"])
    assess(world, report, da_set, judgement=MEDIUM)
    latest = assess(world, report, da_set)
    history = actions.history(report)
    assert [(a.sequence, a.band) for a in history.assessments] == [(3, STANDARD), (2, MEDIUM), (1, HIGH)]
    assert history.current == latest
    assert history.next_step == da_set.parsed.next_steps[STANDARD]


def test_each_assessment_is_audited_with_its_record_id_only(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    item = assess(world, report, da_set, yes=["stalking"])
    entry = AuditEntry.objects.get(action=AuditAction.RISK_ASSESSED)
    assert (entry.actor, entry.target, entry.detail) == (
        f"staff:{world.north.advocate.pk}",
        report.reference,
        {"assessment": item.record_id},
    )
    actions.open_assessment(item, world.north.unlocked, world.north.advocate)
    assert AuditEntry.objects.get(action=AuditAction.RISK_ASSESSMENT_READ).detail == {"assessment": item.record_id}


def test_another_organisations_questionnaire_cannot_be_used(world, make_report):
    south_set, _ = load_questionnaire(world.south.org, LICENSED, actor="operator")
    report, _ = make_report(crime_type="domestic_abuse")
    with pytest.raises(LookupError):
        assess(world, report, south_set)
    assert not RiskAssessment.objects.exists()


def test_an_organisations_own_set_scores_by_its_own_thresholds(world, make_report):
    own, _ = load_questionnaire(world.north.org, LICENSED, actor="operator")
    report, _ = make_report(crime_type="domestic_abuse")
    assert assess(world, report, own, yes=["first"]).band == MEDIUM
    assert assess(world, report, own, yes=["second"]).band == HIGH  # its trigger
    assert RiskAssessment.objects.filter(questionnaire__version="licensed-7.2").count() == 2


def test_assessments_are_visible_to_their_own_organisation_only(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    item = assess(world, report, da_set)
    assert list(RiskAssessment.objects.visible_to(world.north.advocate)) == [item]
    assert not RiskAssessment.objects.visible_to(world.south.advocate).exists()
    assert not RiskAssessment.objects.visible_to(world.police.police_liaison).exists()


def test_risk_answers_are_classified_so_no_recipient_or_compulsion_can_carry_them():
    assert classification.FIELD_CLASSES["risk.RiskAssessment.answers_sealed"] == classification.ASSESSMENT
    for kind in policy.RECIPIENT_KINDS:
        for contact in (False, True):
            for narrative in (False, True):
                terms = type("Terms", (), {"share_contact": contact, "share_narrative": narrative})()
                assert classification.ASSESSMENT not in policy.rule(kind, terms).classes
    assert classification.ASSESSMENT not in {f.field_class for f in policy.COMPELLABLE_FIELDS.values()}


def queue_for(user):
    return high_risk_first(with_current_risk(Report.objects.visible_to(user)))


def test_the_queue_puts_high_risk_first_and_keeps_its_order_otherwise(world, make_report, da_set):
    generic = current_sets(world.north.org.pk)["generic"]
    oldest, older, newer, newest = (make_report(crime_type="domestic_abuse")[0] for _ in range(4))
    assess(world, oldest, da_set, yes=["honour"])
    assess(world, newer, generic, yes=["injury", "weapon", "contact"])  # medium
    assess(world, older, da_set, yes=["stalking"])
    assess(world, older, da_set)  # reassessed: standard now
    rows = list(queue_for(world.north.advocate))
    assert [r.reference for r in rows] == [oldest.reference, newest.reference, newer.reference, older.reference]
    assert [(r.risk_band, r.risk_score) for r in rows] == [(HIGH, 1), (None, None), (MEDIUM, 3), (STANDARD, 0)]


def test_the_queue_filters_by_current_band(world, make_report, da_set):
    high, medium, unassessed = (make_report(crime_type="domestic_abuse")[0] for _ in range(3))
    assess(world, high, da_set, yes=["strangulation"])
    assess(world, medium, da_set, judgement=MEDIUM)
    base = with_current_risk(Report.objects.visible_to(world.north.advocate))
    assert [r.pk for r in filter_by_risk(base, HIGH)] == [high.pk]
    assert [r.pk for r in filter_by_risk(base, MEDIUM)] == [medium.pk]
    assert [r.pk for r in filter_by_risk(base, "none")] == [unassessed.pk]
    with pytest.raises(ValueError, match="Unknown risk filter"):
        filter_by_risk(base, "severe")


def test_the_queue_reads_risk_in_one_query_however_many_reports(world, make_report, da_set):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            rows = list(queue_for(world.north.advocate))
            [(r.risk_band, r.risk_score, r.risk_assessed_on) for r in rows]
        return len(captured.captured_queries), len(rows)

    report, _ = make_report(crime_type="domestic_abuse")
    assess(world, report, da_set)
    few = count_queries()
    for _ in range(4):
        more, _codename = make_report(crime_type="domestic_abuse")
        assess(world, more, da_set, yes=["stalking"])
        assess(world, more, da_set)
    many = count_queries()
    assert (few, many) == ((1, 1), (1, 5))


def test_erasing_the_report_erases_its_assessments(world, make_report, da_set):
    report, _ = make_report(crime_type="domestic_abuse")
    assess(world, report, da_set, yes=["stalking"])
    erase_report(report)
    assert not RiskAssessment.objects.exists()
