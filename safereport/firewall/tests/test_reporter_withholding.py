"""What the reporter keeps back: the preview is the package's own text, kept-back parts never leave, referrals sent honour it."""

import json

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.audit.models import AuditEntry
from safereport.firewall import police_preview, reporter_withholding
from safereport.firewall.disclosure import NEUTRAL_MARKER, disclose, disclose_compelled, redacted_for_recipient, shared_narrative
from safereport.firewall.models import Referral
from safereport.firewall.outbound_text import with_markers
from safereport.firewall.policy import Compulsion
from safereport.firewall.tests.conftest import remove_every_mark
from safereport.intake import withheld
from safereport.intake.actions import open_with_codename
from safereport.intake.models import Report
from safereport.intake.withheld import WithheldInvalid
from safereport.vault.records import RecordCipher

PHONE = "+44 7700 900123"
KEPT_BACK = "My cousin Bartholomew Quince saw everything from the van."
NARRATIVE = (
    f"My employer Jorvik kept my wages and locked me in the storeroom. My visa expired in March. {KEPT_BACK} Call me on {PHONE}."
)
BOTH = {"police": {"share_contact": True, "share_narrative": True}}


def part_of(text: str, words: str) -> int:
    """The number the preview offers for the part holding `words`."""
    return next(n for n, (start, end) in enumerate(withheld.parts(text)) if words in text[start:end])


def range_of(text: str, words: str) -> tuple[int, int]:
    return withheld.parts(text)[part_of(text, words)]


def to_police(report, world):
    return disclose(
        report,
        "police",
        unlocked=world.north.unlocked,
        actor="staff:1",
        recipient_name="Shire Police",
        decisions=remove_every_mark(report, world.north.unlocked),
    )


@pytest.fixture
def reported(make_report):
    """(report, its cipher as the reporter holds it, codename), shared with the police in full."""

    def make(narrative=NARRATIVE, consent=BOTH, **fields):
        report, codename = make_report(narrative=narrative, consent=consent, contact={"name": "Ana", "phone": PHONE}, **fields)
        return report, open_with_codename(codename).cipher, codename

    return make


# --- the preview is the package -------------------------------------------------------------------------------


@pytest.mark.parametrize("share_contact", [True, False])
@pytest.mark.parametrize("keep_back", [False, True])
def test_preview_is_byte_identical_to_the_police_package_narrative(world, reported, share_contact, keep_back):
    report, cipher, _codename = reported(consent={"police": {"share_contact": share_contact, "share_narrative": True}})
    if keep_back:
        reporter_withholding.change_withheld(report, cipher, [range_of(NARRATIVE, "Bartholomew")])
        report.refresh_from_db()
    shown = police_preview.of_report(report, cipher, share_contact=share_contact)
    package = to_police(report, world).package
    assert shown.text == package["narrative"]
    assert "visa" not in shown.text and NEUTRAL_MARKER in shown.text and "Jorvik kept my wages" in shown.text
    assert (PHONE in shown.text) is share_contact, "the phone number follows the contact consent, as in the package"
    assert ("Bartholomew" in shown.text) is not keep_back


def test_kept_back_part_is_in_no_part_of_the_police_package(world, reported):
    report, cipher, _codename = reported()
    reporter_withholding.change_withheld(report, cipher, [range_of(NARRATIVE, "Bartholomew")])
    report.refresh_from_db()
    package = to_police(report, world).package_json()
    assert "Bartholomew" not in package and "Quince" not in package and "van." not in package
    assert "Jorvik kept my wages" in package and PHONE in package


def test_each_part_is_listed_as_the_police_would_read_it_and_a_part_redaction_removes_offers_no_choice(reported):
    report, cipher, _codename = reported()
    shown = police_preview.of_report(report, cipher, share_contact=False)
    by_words = {part.shown: part for part in shown.parts}
    assert by_words[f"{NEUTRAL_MARKER}."].automatic, "the status sentence is removed whole: nothing to choose"
    assert by_words[f"Call me on {NEUTRAL_MARKER}."].automatic is False
    assert not any("visa" in part.shown for part in shown.parts)
    assert [part.number for part in shown.parts] == list(range(len(withheld.parts(NARRATIVE))))


TEXT = st.lists(
    st.sampled_from(
        [
            "He hit me on Monday.",
            "My visa expired in March.",
            "I have no papers",
            "call 07700 900123",
            " ",
            "\n",
            "passport number 123456789",
            "ana@example.org.",
            "The van was blue,",
            "and",
            "ضربني رجل.",
            "no tengo papeles",
        ]
    ),
    max_size=12,
).map(" ".join)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, share_contact=st.booleans())
def test_with_nothing_kept_back_the_narrative_reads_exactly_as_redaction_alone_made_it(text, share_contact):
    classes = frozenset({"crime_facts", "narrative"} | ({"contact", "identity"} if share_contact else set()))
    keep = frozenset({"phone_number", "email_address"}) if share_contact else frozenset()
    assert shared_narrative(text, "en", classes).text == redacted_for_recipient(text, "en", keep)


@given(
    text=st.text(max_size=60),
    cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5),
    start=st.integers(0, 60),
    end=st.integers(0, 60),
)
def test_each_range_of_the_original_maps_onto_what_the_outbound_text_carries_of_it(text, cuts, start, end):
    ranges = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts]
    outbound = with_markers(text, ranges, "[x]")
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert outbound.shown(0, len(text)) == outbound.text
    if not any(a < end and start < b for a, b in outbound.cuts):
        assert outbound.shown(start, end) == text[start:end]
    # Before a point and after it make all of the text; a point inside a cut gives its marker to both sides.
    split = outbound.shown(0, start) + outbound.shown(start, len(text))
    inside = [a for a, b in outbound.cuts if a < start < b]
    assert split == outbound.text if not inside else len(split) == len(outbound.text) + len("[x]")


# --- bad choices ----------------------------------------------------------------------------------------------


def _many_separate_ranges(count):
    return [(2 * i, 2 * i + 1) for i in range(count)]


@pytest.mark.parametrize(
    "ranges",
    [
        [(-1, 4)],
        [(0, len(NARRATIVE) + 1)],
        [(5, 5)],
        [(9, 3)],
        [("0", 4)],
        [(True, 4)],
        [(0, 1, 2)],
        [(0.0, 4)],
        ["0-4"],
        [(0, 4), (10**9, 10**9 + 1)],
    ],
)
def test_ranges_outside_the_narrative_or_malformed_are_refused_and_nothing_is_stored(reported, ranges):
    report, cipher, _codename = reported()
    before = bytes(Report.objects.get(pk=report.pk).narrative_withheld_sealed)
    with pytest.raises(WithheldInvalid, match="what you wrote"):
        reporter_withholding.change_withheld(report, cipher, ranges)
    assert bytes(Report.objects.get(pk=report.pk).narrative_withheld_sealed) == before
    assert not AuditEntry.objects.filter(action="narrative.withheld_changed").exists()


def test_more_separate_ranges_than_a_report_can_hold_are_refused_whole(reported):
    text = "a." * 300  # no spaces, so no two ranges merge
    report, cipher, _codename = reported(narrative=text)
    with pytest.raises(WithheldInvalid, match="at most 256 separate parts"):
        reporter_withholding.change_withheld(report, cipher, _many_separate_ranges(257))
    assert withheld.opened(cipher, Report.objects.get(pk=report.pk).narrative_withheld_sealed) == ()
    reporter_withholding.change_withheld(report, cipher, _many_separate_ranges(256))
    assert len(withheld.opened(cipher, Report.objects.get(pk=report.pk).narrative_withheld_sealed)) == 256


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        (["99"], "does not match a part"),
        (["-1"], "does not match a part"),
        (["one"], "does not match a part"),
        ([""], "does not match a part"),
        (["9" * 5000], "does not match a part"),
        (["١"], "does not match a part"),
        (["1", "1"], "chosen twice"),
        (["1", "01"], "chosen twice"),
    ],
)
def test_forged_part_numbers_are_refused(numbers, message):
    with pytest.raises(WithheldInvalid, match=message):
        withheld.chosen(NARRATIVE, numbers)


# --- sealed, at one size ----------------------------------------------------------------------------------------


def test_the_choice_is_sealed_at_one_size_and_the_stored_column_holds_neither_ranges_nor_words(reported):
    none_kept, _cipher, _c = reported()
    many_kept, cipher, _c = reported(narrative=NARRATIVE + " " + "He came back. " * 80)
    chosen = [withheld.parts(many_kept_text := cipher.open("narrative", many_kept.narrative_sealed))[i] for i in range(0, 80, 2)]
    reporter_withholding.change_withheld(many_kept, cipher, chosen)
    plain = json.dumps([list(r) for r in withheld.normalise(chosen, many_kept_text)], separators=(",", ":"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative_withheld_sealed FROM intake_report")
        stored = [bytes(row[0]) for row in cursor.fetchall()]
    assert len(stored) == 2 and {len(blob) for blob in stored} == {RecordCipher.sealed_length(withheld.PADDED_BYTES)}
    for blob in stored:
        # (no two-byte probe such as b"[[": random ciphertext of 4 KiB holds any given pair about 6% of the time)
        assert plain.encode() not in blob and b"Bartholomew" not in blob and b"came back" not in blob


# --- referrals already sent ---------------------------------------------------------------------------------------


@pytest.fixture
def referred(world, reported, sign_in):
    """A report shared in full and referred through the advocate's page; returns (referral, report, cipher, advocate)."""
    report, cipher, _codename = reported()
    advocate = sign_in(world.north.advocate, test_client=Client())
    assert advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}).status_code == 302
    return Referral.objects.get(report=report), report, cipher, advocate


@pytest.fixture
def liaison(world, sign_in):
    return sign_in(world.police.police_liaison, test_client=Client())


def page(liaison, referral) -> str:
    response = liaison.get(f"/en/staff/police/{referral.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_keeping_back_more_after_a_referral_stops_the_liaison_page_showing_the_narrative_and_says_so(world, referred, liaison):
    referral, report, cipher, _advocate = referred
    assert "Bartholomew" in page(liaison, referral)
    change = reporter_withholding.change_withheld(report, cipher, [range_of(NARRATIVE, "Bartholomew")])
    assert change.kept_back_more and change.forces_told == 1
    html = page(liaison, referral)
    assert "Bartholomew" not in html and "Jorvik" not in html and 'id="narrative"' not in html
    assert 'id="withdrawal-notice"' in html and "which they have since chosen not to share" in html
    assert "Ana" in html, "the contact details the reporter still shares stay"
    assert liaison.get(f"/en/staff/police/{referral.pk}/package.json").status_code == 410
    told = AuditEntry.objects.get(action="referral.consent_withdrawn", target=report.reference)
    assert told.detail == {"police": world.police.org.pk, "referral": str(referral.pk), "withdrawn": ["withheld_parts"]}
    read = AuditEntry.objects.filter(action="referral.read", target=report.reference).last()
    assert read.detail == {"told_to_delete": ["withheld_parts"]}


def test_a_new_referral_carries_the_rest_of_the_narrative_without_the_kept_back_part(world, referred, liaison):
    referral, report, cipher, advocate = referred
    reporter_withholding.change_withheld(report, cipher, [range_of(NARRATIVE, "Bartholomew")])
    case = advocate.get(f"/en/staff/cases/{report.reference}/").content.decode()
    assert "refer again to send the rest" in case
    assert advocate.post(f"/en/staff/cases/{report.reference}/refer/", {"police": world.police.org.pk}).status_code == 302
    again = Referral.objects.filter(report=report).exclude(pk=referral.pk).get()
    html = page(liaison, again)
    assert "Jorvik kept my wages" in html and "Bartholomew" not in html and 'id="withdrawal-notice"' not in html
    assert 'id="withdrawal-notice"' in page(liaison, referral), "the package already sent still holds it"


def test_sharing_more_after_a_referral_changes_nothing_the_force_is_shown(referred, liaison):
    referral, report, cipher, _advocate = referred
    change = reporter_withholding.change_withheld(report, cipher, [])
    assert not change.kept_back_more and change.forces_told == 0
    assert Referral.objects.get(pk=referral.pk).reporter_withheld_more_on is None
    assert "Bartholomew" in page(liaison, referral)


def test_a_compelled_disclosure_is_not_cut_by_the_reporters_choice(world, reported):
    """The law overrides consent (rule 4), and keeping parts back is a consent choice: a court sees what it names."""
    report, cipher, _codename = reported()
    reporter_withholding.change_withheld(report, cipher, [range_of(NARRATIVE, "Bartholomew")])
    report.refresh_from_db()
    compulsion = Compulsion(claimed=True, basis_kind="court_order", names_immigration=False, fields=frozenset({"narrative"}))
    decision = disclose_compelled(
        report,
        compulsion,
        recipient_kind="court",
        recipient_name="Crown Court",
        request_reference="DR-1",
        unlocked=world.north.unlocked,
        actor="staff:1",
    )
    assert "Bartholomew" in decision.package["narrative"] and "visa" not in decision.package["narrative"]


def test_the_largest_choice_the_longest_narrative_allows_fits_the_one_size(settings):
    text = "x " * (settings.NARRATIVE_MAX_CHARS // 2)
    last = settings.NARRATIVE_MAX_CHARS
    # The widest ranges: every offset five digits, as many separate ranges as a report may hold.
    ranges = withheld.normalise([(last - 4 * i - 2, last - 4 * i - 1) for i in range(withheld.MAX_RANGES)], text)
    assert len(ranges) == withheld.MAX_RANGES
    cipher = RecordCipher(b"k" * 32, "report:test")
    blob = withheld.seal(cipher, ranges)
    assert len(blob) == RecordCipher.sealed_length(withheld.PADDED_BYTES) and withheld.opened(cipher, blob) == ranges


def test_a_part_kept_back_while_a_referral_is_being_made_never_reaches_the_force(world, reported, monkeypatch):
    from safereport.firewall.referrals import ReferralRefused, refer_to_police
    from safereport.vault import signing

    report, cipher, _codename = reported()
    sign = signing.sign_document

    def reporter_keeps_back_meanwhile(*args, **kwargs):  # the reporter's choice lands after the package was built
        reporter_withholding.change_withheld(Report.objects.get(pk=report.pk), cipher, [range_of(NARRATIVE, "Bartholomew")])
        return sign(*args, **kwargs)

    monkeypatch.setattr(signing, "sign_document", reporter_keeps_back_meanwhile)
    with pytest.raises(ReferralRefused, match="changed what they keep back"):
        refer_to_police(
            report,
            world.police.org,
            world.north.unlocked,
            world.north.advocate,
            decisions=remove_every_mark(report, world.north.unlocked),
        )
    assert not Referral.objects.exists()
