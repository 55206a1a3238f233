"""An evidence file goes to the police only with the reporter's consent for that file and after an advocate looked at it."""

import hashlib
from io import BytesIO

import pytest
from pypdf import PdfReader

from safereport.audit.models import AuditEntry
from safereport.evidence import actions as evidence_actions
from safereport.evidence import storage
from safereport.evidence.tests import samples
from safereport.firewall import package_pdf, referral_files, withdrawn_consent
from safereport.firewall.models import ReferralFile
from safereport.firewall.referrals import open_referral, refer_to_police
from safereport.intake import actions as intake_actions
from safereport.vault import keyring
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.models import DataKey
from safereport.vault.rotation import rotate_organisation_key

CONSENTED = {"police": {"share_contact": True, "share_narrative": True}}


@pytest.fixture
def case(world, make_report):
    """A consented North report with one photo the reporter added: (report, access, file)."""
    report, codename = make_report(consent=CONSENTED)
    access = intake_actions.open_with_codename(codename)
    return report, access, evidence_actions.add_evidence(report, access.key, samples.jpeg_with_gps())


def reviewed(world, item):
    return evidence_actions.open_for_review(item, world.north.unlocked, world.north.advocate)


def refer(world, report):
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)


def cleaned_bytes(access, item):
    return storage.open_sealed(evidence_actions._cipher(access.key, item.pk), storage.read(item.storage_name))


def test_a_reviewed_file_the_reporter_did_not_agree_to_stays_behind(world, case):
    report, _access, item = case
    reviewed(world, item)
    referral = refer(world, report)
    assert not ReferralFile.objects.filter(referral=referral).exists()
    assert "evidence" not in open_referral(referral, world.police.unlocked, world.police.police_liaison).package


def test_a_file_the_reporter_agreed_to_stays_behind_until_an_advocate_has_looked_at_it(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    referral = refer(world, report)
    assert not ReferralFile.objects.filter(referral=referral).exists()
    assert "evidence" not in open_referral(referral, world.police.unlocked, world.police.police_liaison).package


def test_a_file_agreed_and_reviewed_reaches_the_force_sealed_to_it_and_listed_in_the_signed_package(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    content_type, cleaned = cleaned_bytes(access, item)
    [sent] = ReferralFile.objects.filter(referral=referral)
    assert sent.number == 1 and cleaned[:64] not in bytes(sent.content_sealed)
    package = open_referral(referral, world.police.unlocked, world.police.police_liaison).package
    assert package["evidence"] == [{"number": 1, "kind": "image", "sha256": hashlib.sha256(cleaned).hexdigest()}]
    opened = referral_files.open_file(referral, 1, world.police.unlocked, world.police.police_liaison)
    assert (opened.content_type, opened.content) == (content_type, cleaned)
    assert opened.filename == f"{report.reference}-file-1.jpg"
    # Only the force opens it: the sending organisation's keys do not.
    with pytest.raises(Exception):  # noqa: B017 (the vault refuses a seal to another key)
        keyring.open_for_organisation(world.north.unlocked, sent.content_sealed)
    entry = AuditEntry.objects.filter(action="referral.read", detail__part="evidence").get()
    assert entry.target == report.reference and entry.detail["number"] == 1
    assert AuditEntry.objects.get(action="referral.sent").detail["files"] == [1]


def test_only_the_files_agreed_and_reviewed_go_when_a_report_has_several(world, case):
    report, access, first = case
    second = evidence_actions.add_evidence(report, access.key, samples.photo())
    third = evidence_actions.add_evidence(report, access.key, samples.photo())
    for item in (first, second, third):
        reviewed(world, item)
    referral_files.set_file_consent(access, first.pk, True)
    referral_files.set_file_consent(access, third.pk, True)
    referral = refer(world, report)
    assert sorted(ReferralFile.objects.filter(referral=referral).values_list("number", flat=True)) == [1, 3]
    package = open_referral(referral, world.police.unlocked, world.police.police_liaison).package
    assert [listed["number"] for listed in package["evidence"]] == [1, 3]


def test_the_consent_is_audited_without_the_choice(world, case):
    _report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    referral_files.set_file_consent(access, item.pk, False)
    entries = AuditEntry.objects.filter(action="evidence.consent_changed")
    assert entries.count() == 2
    assert all(entry.detail == {"number": 1} and entry.actor == "reporter" for entry in entries)


def test_erasing_the_report_withdraws_the_referral_and_deletes_the_files_sent_with_it(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    assert ReferralFile.objects.filter(referral=referral).count() == 1
    intake_actions.erase_report(report)
    referral.refresh_from_db()
    assert referral.withdrawn and not ReferralFile.objects.filter(referral_id=referral.pk).exists()
    assert referral_files.open_file(referral, 1, world.police.unlocked, world.police.police_liaison) is None


def test_the_reporter_taking_back_consent_deletes_the_copy_held_for_the_force(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    referral_files.set_file_consent(access, item.pk, False)
    assert not ReferralFile.objects.filter(referral=referral).exists()
    assert referral_files.open_file(referral, 1, world.police.unlocked, world.police.police_liaison) is None
    entry = AuditEntry.objects.get(action="referral.file_withdrawn")
    assert entry.detail == {"police": world.police.org.pk, "number": 1}
    # The signed package still lists it (it cannot be cut); the force is shown it was taken back.
    listed = open_referral(referral, world.police.unlocked, world.police.police_liaison).package["evidence"]
    assert [entry["number"] for entry in listed] == [1]
    assert referral_files.numbers_held(referral) == set()


def test_rotating_the_forces_key_reseals_the_files_it_holds(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    result = rotate_organisation_key(world.police.unlocked, actor="test")
    only_new = UnlockedOrganisation(
        world.police.org.pk, {result.new_fingerprint: world.police.unlocked.keys[result.new_fingerprint]}
    )
    referral.refresh_from_db()
    opened = referral_files.open_file(referral, 1, only_new, world.police.police_liaison)
    assert opened.content == cleaned_bytes(access, item)[1]


def test_the_package_pdf_lists_the_files_sent_with_their_digests(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    document = open_referral(refer(world, report), world.police.unlocked, world.police.police_liaison).document
    reader = PdfReader(BytesIO(package_pdf.render_pdf(document, language="en")))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    digest = hashlib.sha256(cleaned_bytes(access, item)[1]).hexdigest()
    assert "Photos and documents" in text and "File 1" in text and digest in text


def test_withdrawing_narrative_consent_for_the_police_stops_the_files_being_served(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    withdrawn_consent.change_consent(report, "police", share_contact=True, share_narrative=False, language="en")
    assert referral_files.open_file(referral, 1, world.police.unlocked, world.police.police_liaison) is None
    assert referral_files.numbers_held(referral) == set()
    # Given again, the file the force holds opens again, as the package does.
    withdrawn_consent.change_consent(report, "police", share_contact=True, share_narrative=True, language="en")
    assert referral_files.open_file(referral, 1, world.police.unlocked, world.police.police_liaison) is not None


@pytest.mark.parametrize("change", ["removal", "untick"])
def test_a_file_taken_back_while_a_referral_is_being_made_never_reaches_the_force(world, case, monkeypatch, change):
    from safereport.firewall.models import Referral
    from safereport.firewall.referrals import ReferralRefused

    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    sealed = referral_files.sealed_for_force

    def reporter_acts_meanwhile(force_key, chosen, *key):  # the reporter's request lands between choosing and storing
        if change == "removal":
            assert referral_files.request_file_removal(access, item.pk) is not None
        else:
            referral_files.set_file_consent(access, item.pk, False)
        return sealed(force_key, chosen, *key)

    monkeypatch.setattr(referral_files, "sealed_for_force", reporter_acts_meanwhile)
    with pytest.raises(ReferralRefused, match="changed their choice for a file"):
        refer(world, report)
    assert not Referral.objects.exists() and not ReferralFile.objects.exists()
    assert not DataKey.objects.exclude(pk=report.data_key_id).exists()  # the refused referral's own key went too
    monkeypatch.setattr(referral_files, "sealed_for_force", sealed)
    assert not ReferralFile.objects.filter(referral=refer(world, report)).exists()  # made again: without the file


def test_keeping_a_file_whose_removal_was_asked_leaves_no_copy_with_the_force(world, case):
    report, access, item = case
    referral_files.set_file_consent(access, item.pk, True)
    reviewed(world, item)
    referral = refer(world, report)
    assert referral_files.numbers_held(referral) == {1}
    referral_files.request_file_removal(access, item.pk)
    assert referral_files.numbers_held(referral) == set()
    assert referral_files.keep_file(access, item.pk)
    assert referral_files.numbers_held(referral) == set() and not evidence_actions.shared_with_police(
        type(item).objects.get(pk=item.pk), access.key
    )
