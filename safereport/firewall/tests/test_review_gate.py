"""Issue 14 item 3: the advocate's review gate. Marks the redaction engine is unsure of must be settled
by a person before any package with free text is produced; decisions are audited without content."""

import json

import pytest
from django.core.management import call_command

from safereport.audit.models import AuditEntry
from safereport.firewall import referrals as police_referrals
from safereport.firewall import review
from safereport.firewall.disclosure import disclose
from safereport.firewall.models import Referral
from safereport.firewall.review import Decisions, ReviewUnsettled
from safereport.redaction.engine import Redaction, Span
from safereport.redaction.engine import redact as real_redact

UNSURE = "the letter said I have to go back by June"
NARRATIVE = f"He punched me at the bus stop. I am scared because {UNSURE}. Call me on 07700 900461."
CONSENT = {"police": {"share_contact": False, "share_narrative": True}}


@pytest.fixture
def unsure_engine(monkeypatch):
    """The engine as it behaves on text it is unsure of: the passage is marked for review, not removed."""

    def redact(text, lang=None, *, keep=frozenset()):
        result = real_redact(text, lang, keep=keep)
        start = text.find(UNSURE)
        marks = (Span(start, start + len(UNSURE), "immigration_status"),) if start >= 0 else ()
        return Redaction(result.text, result.spans, marks)

    monkeypatch.setattr(review, "redact", redact)


def test_outbound_text_replaces_removals_and_keeps_marks_at_their_offsets_in_it(unsure_engine):
    shown = review.outbound(NARRATIVE, "en")
    assert "07700 900461" not in shown.text and review.NEUTRAL_MARKER in shown.text
    (mark,) = shown.marks
    assert shown.text[mark.start : mark.end] == UNSURE
    assert [shown.text[s:e] for s, e in shown.removed] == [review.NEUTRAL_MARKER]


def test_settling_needs_every_mark_decided_on_the_text_that_was_shown(unsure_engine):
    shown = review.outbound(NARRATIVE, "en")
    for decisions in (
        None,
        Decisions(shown.fingerprint, {}),
        Decisions("other text", {0: "remove"}),
        Decisions(shown.fingerprint, {0: "maybe"}),
        Decisions(shown.fingerprint, {0: "keep", 1: "keep"}),
    ):
        with pytest.raises(ReviewUnsettled):
            review.settle(shown, decisions)
    removed, record = review.settle(shown, Decisions(shown.fingerprint, {0: "remove"}))
    assert UNSURE not in removed and record == [{**shown.marks[0].as_dict(), "decision": "remove"}]
    kept, _record = review.settle(shown, Decisions(shown.fingerprint, {0: "keep"}))
    assert UNSURE in kept


def test_a_referral_with_a_mark_unsettled_is_refused_and_nothing_is_sent(world, make_report, unsure_engine):
    report, _codename = make_report(narrative=NARRATIVE, consent=CONSENT)
    with pytest.raises(police_referrals.ReferralRefused, match="settle"):
        police_referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    assert not Referral.objects.exists()
    refusal = AuditEntry.objects.filter(action="disclosure.refused", target=report.reference).get()
    assert refusal.detail["reason"] == "review_unsettled"


def test_settled_marks_leave_nothing_removed_and_are_audited_by_offset_and_category_only(world, make_report, unsure_engine):
    report, _codename = make_report(narrative=NARRATIVE, consent=CONSENT)
    preview = disclose(report, "police", unlocked=world.north.unlocked, actor="test", purpose="preview")
    mark = preview.package["review"][0]
    assert preview.package["narrative"][mark["start"] : mark["end"]] == UNSURE
    shown = review.outbound(NARRATIVE, "en")
    referral = police_referrals.refer_to_police(
        report,
        world.police.org,
        world.north.unlocked,
        world.north.advocate,
        decisions=Decisions(shown.fingerprint, {0: "remove"}),
    )
    opened = police_referrals.open_referral(referral, world.police.unlocked, world.police.police_liaison)
    assert UNSURE not in opened.package["narrative"] and "He punched me" in opened.package["narrative"]
    settled = AuditEntry.objects.get(action="review.settled", target=report.reference)
    assert settled.detail["marks"] == [{**mark, "decision": "remove"}]
    assert UNSURE not in json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_the_preview_command_prints_the_marks_as_offsets_into_the_narrative(
    world, make_report, unsure_engine, capsys, monkeypatch
):
    report, _codename = make_report(narrative=NARRATIVE, consent=CONSENT)
    monkeypatch.setenv("SAFEREPORT_PASSWORD", world.password)
    call_command("disclosure", report.reference, "--recipient-kind", "police", "--as", world.north.advocate.email)
    package = json.loads(capsys.readouterr().out)
    (mark,) = package["review"]
    assert set(mark) == {"start", "end", "category"} and package["narrative"][mark["start"] : mark["end"]] == UNSURE


def test_the_case_page_shows_the_marks_and_refers_only_once_each_is_settled(world, make_report, sign_in, client, unsure_engine):
    report, _codename = make_report(narrative=NARRATIVE, consent=CONSENT)
    sign_in(world.north.advocate)
    page = client.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert 'id="review-mark-0"' in page and 'name="review_0"' in page
    fingerprint = review.outbound(NARRATIVE, "en").fingerprint
    url = f"/en/staff/cases/{report.reference}/refer/"
    client.post(url, {"police": world.police.org.pk, "review_fingerprint": fingerprint})
    assert not Referral.objects.exists()
    client.post(url, {"police": world.police.org.pk, "review_fingerprint": fingerprint, "review_0": "remove"})
    assert Referral.objects.count() == 1


def test_a_compelled_package_with_a_mark_unsettled_is_not_approved(
    world, register, court_order, second_supervisor, make_report, unsure_engine
):
    from safereport.firewall import requests as register_actions

    report, _codename = make_report(narrative=NARRATIVE, consent=CONSENT)
    entry = register(**court_order(report, fields=("narrative",)))
    unlocked = world.north.unlocked
    with pytest.raises(register_actions.RequestNotAllowed):
        register_actions.approve_compelled_disclosure(entry, second_supervisor, unlocked)
    entry.refresh_from_db()
    assert entry.is_pending and entry.package_sealed is None
    shown = register_actions.review_preview(entry, unlocked)
    approved = register_actions.approve_compelled_disclosure(
        entry, second_supervisor, unlocked, decisions=Decisions(shown.fingerprint, {0: "remove"})
    )
    package = register_actions.package_for_download(approved, unlocked, second_supervisor)
    assert UNSURE not in package["narrative"]


def test_the_area_in_the_reporters_words_never_leaves_with_an_unsure_passage(world, make_report, unsure_engine):
    """Found in review: the free-text area went through removals only, never through the gate."""
    report, _codename = make_report(
        narrative="He punched me at the bus stop.", area=f"by the hostel on Mill Road, {UNSURE}", consent=CONSENT
    )
    referral = police_referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)
    opened = police_referrals.open_referral(referral, world.police.unlocked, world.police.police_liaison)
    assert opened.package["crime"]["area"].startswith("by the hostel on Mill Road")
    assert UNSURE not in json.dumps(opened.package)


def test_a_cut_through_part_of_a_marked_passage_takes_the_whole_passage(unsure_engine):
    """Found in review: keeping back a piece of a marked clause dropped the mark and let the rest go unreviewed."""
    start = NARRATIVE.index(UNSURE)
    shown = review.outbound(NARRATIVE, "en", withheld_ranges=[(start + len(UNSURE) - 4, start + len(UNSURE))])
    assert not shown.marks and "the letter said" not in shown.text and "He punched me" in shown.text


def test_immigration_fields_go_only_under_a_court_order_whoever_is_named_as_asking():
    """Found in review: an agency registered as "other" could get immigration notes on any basis."""
    from safereport.firewall.policy import Compulsion, compelled_rule

    for kind in ("other", "police", "local_authority"):
        for basis in ("statutory_power", "other"):
            ruling = compelled_rule(
                Compulsion(
                    claimed=True, basis_kind=basis, names_immigration=True, fields=frozenset({"immigration_advice_notes", "name"})
                ),
                kind,
            )
            assert "immigration_advice_notes" not in ruling.fields and "name" in ruling.fields
        ordered = compelled_rule(
            Compulsion(
                claimed=True, basis_kind="court_order", names_immigration=True, fields=frozenset({"immigration_advice_notes"})
            ),
            kind,
        )
        assert "immigration_advice_notes" in ordered.fields
