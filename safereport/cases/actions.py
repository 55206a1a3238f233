"""What advocates and police liaisons do with a case. Each action runs in a signed-in request."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.audit.log import actor_of, record
from safereport.firewall import withdrawn_consent
from safereport.firewall.disclosure import disclose, receipt
from safereport.firewall.policy import POLICE
from safereport.intake.actions import add_message, current_consent, message_thread
from safereport.intake.models import Message, Report
from safereport.vault import crypto, records, signing
from safereport.vault.keyring import UnlockedOrganisation, active_key
from safereport.vault.models import OrganisationKey
from safereport.vault.records import RecordCipher

from . import immigration_advice
from .models import CaseNote, Referral
from .notes import is_immigration_advice_mark, write_note


REFERRAL_KIND = "police_referral"


class ReferralRefused(Exception):
    """The firewall refused the referral; the reason says why."""


class PackageWithdrawn(ReferralRefused):
    """The signed package holds what the reporter has since withdrawn, so it is no longer handed out."""

    def __init__(self, opened: "OpenedReferral"):
        super().__init__("the reporter has withdrawn consent to part of this package")
        self.opened = opened


@dataclass(frozen=True)
class CaseView:
    report: Report
    narrative: str
    occurred_on: str
    area_detail: str
    contact: dict
    wants_immigration_advice: bool
    interpreter_language: str
    immigration_notes: str
    messages: list
    notes: list
    consent: object
    immigration_advice_saved: list = field(default_factory=list)  # (when, who) each time the notes were saved


def open_case(report: Report, unlocked: UnlockedOrganisation, user) -> CaseView:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    advice = immigration_advice.advice_row(report, key)
    written = [(n.written_at, n.author, RecordCipher(key, n.record_id).open("body", n.body_sealed)) for n in report.notes.all()]
    record("case.read", actor=actor_of(user), target=report.reference)
    return CaseView(
        report=report,
        narrative=cipher.open("narrative", report.narrative_sealed),
        occurred_on=cipher.open("occurred_on", report.occurred_on_sealed),
        area_detail=cipher.open("area_detail", report.area_detail_sealed),
        contact=json.loads(cipher.open("contact", report.contact_sealed) or "{}"),
        wants_immigration_advice=cipher.open("immigration_advice", report.immigration_advice_sealed) == "1",
        interpreter_language=cipher.open("interpreter_language", report.interpreter_language_sealed),
        immigration_notes=RecordCipher(key, advice.record_id).open("notes", advice.notes_sealed),
        messages=message_thread(report, key),
        notes=[(at, author, body) for at, author, body in written if not is_immigration_advice_mark(body)],
        consent=current_consent(report, POLICE),
        immigration_advice_saved=[(at, author) for at, author, body in written if is_immigration_advice_mark(body)],
    )


@transaction.atomic
def reply_to_reporter(report: Report, body: str, unlocked: UnlockedOrganisation, user) -> Message:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    message = add_message(report, key, body, sender=Message.Sender.ADVOCATE, author=user)
    if report.status == Report.Status.NEW:
        report.status = Report.Status.IN_PROGRESS
    report.save(update_fields=["status", "updated_at"])
    record("message.to_reporter", actor=actor_of(user), target=report.reference)
    return message


@transaction.atomic
def change_status(report: Report, status: str, user) -> None:
    if status not in Report.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    old, report.status = report.status, status
    report.save(update_fields=["status", "updated_at"])
    record("case.status_changed", actor=actor_of(user), target=report.reference, old=old, new=status)


@transaction.atomic
def add_note(report: Report, body: str, unlocked: UnlockedOrganisation, user) -> CaseNote:
    if "\x00" in body:
        raise ValueError("A note cannot contain a NUL character.")
    key = records.open_with_organisation(report.data_key_id, unlocked)
    return write_note(report, key, body, user)


@transaction.atomic
def save_immigration_advice(report: Report, notes: str, unlocked: UnlockedOrganisation, user) -> None:
    """Raises `immigration_advice.NotesTooLong` (and saves nothing) for notes over the fixed size."""
    key = records.open_with_organisation(report.data_key_id, unlocked)
    immigration_advice.save_notes(report, key, notes, user)


def refer_to_police(report: Report, police: Organisation, unlocked: UnlockedOrganisation, user) -> Referral:
    """Build the package through the firewall, sign it as the sender, seal it to the force."""
    if police.kind != Organisation.Kind.POLICE:
        raise ReferralRefused("The recipient is not a police force.")
    force_key = OrganisationKey.objects.filter(organisation=police, retired_at__isnull=True).first()
    if force_key is None:
        raise ReferralRefused("This police force has no key to receive referrals.")
    with transaction.atomic():
        decision = disclose(report, POLICE, unlocked=unlocked, actor=actor_of(user), recipient_name=police.name)
    if not decision.allowed:
        raise ReferralRefused(decision.reason)
    # The payload is the firewall's package, untouched; "kind" only says what the document is.
    document = signing.sign_document({"kind": REFERRAL_KIND, "package": decision.package}, unlocked, report.organisation)
    sealed = crypto.seal_to(bytes(force_key.public_key), json.dumps(document, ensure_ascii=False).encode("utf-8"))
    with transaction.atomic():
        referral = Referral.objects.create(
            report=report, police=police, made_by=user, sender_fingerprint=document["signer"]["fingerprint"],
            recipient_fingerprint=force_key.fingerprint, package_sealed=sealed,
        )
        report.status = Report.Status.REFERRED
        report.save(update_fields=["status", "updated_at"])
        record("referral.sent", actor=actor_of(user), target=report.reference, police=police.pk,
               sender_key=referral.sender_fingerprint, recipient_key=force_key.fingerprint)
    return referral


@dataclass(frozen=True)
class OpenedReferral:
    referral: Referral
    package: dict
    signature_valid: bool
    crime_reference: str
    document: dict | None = None  # the signed document, as downloaded; None for a pre-format referral
    verification: signing.Verification | None = None
    # What the reporter has withdrawn since the package was made: `package` no longer shows it, and
    # the force is told to delete its copies (firewall.withdrawn_consent).
    delete: tuple[str, ...] = ()
    withdrawn_on: object = None


def _legacy_envelope_valid(referral: Referral, envelope: dict) -> tuple[dict, bool]:
    """Referrals sent before safereport.signed/1: the package JSON text with a detached signature."""
    body = envelope["package"].encode()
    signer = OrganisationKey.objects.filter(fingerprint=envelope["signer"], organisation=referral.report.organisation).first()
    valid = bool(signer) and crypto.verify_signature(bytes(signer.verify_key), body, bytes.fromhex(envelope["signature"]))
    return json.loads(body), valid


def _sent_by_referrer(referral: Referral, verification: signing.Verification) -> bool:
    """Valid, signed with a key this installation holds for the organisation that made the referral."""
    return (verification.ok and verification.known and verification.payload.get("kind") == REFERRAL_KIND
            and OrganisationKey.objects.filter(fingerprint=verification.signer["fingerprint"],
                                               organisation=referral.report.organisation).exists())


def _open(referral: Referral, unlocked: UnlockedOrganisation) -> OpenedReferral:
    envelope = json.loads(unlocked.open_any(bytes(referral.package_sealed)))
    crime_reference = unlocked.open_any(bytes(referral.crime_reference_for_police)).decode() if referral.crime_reference_for_police else ""
    if envelope.get("format") != signing.FORMAT:
        package, valid = _legacy_envelope_valid(referral, envelope)
        now = withdrawn_consent.current_view(package, referral.report)
        return OpenedReferral(referral, now.package, valid, crime_reference, delete=now.delete, withdrawn_on=now.withdrawn_on)
    verification = signing.verify_document(envelope)
    package = envelope["payload"].get("package") if isinstance(envelope.get("payload"), dict) else None
    now = withdrawn_consent.current_view(package if isinstance(package, dict) else {}, referral.report)
    return OpenedReferral(referral, now.package, _sent_by_referrer(referral, verification), crime_reference, envelope,
                          verification, delete=now.delete, withdrawn_on=now.withdrawn_on)


def withdrawal_notices(referrals, unlocked: UnlockedOrganisation) -> dict:
    """For the force's list: referral id -> what the reporter has withdrawn from it since it was made."""
    return {referral.pk: opened.delete for referral in referrals if (opened := _open(referral, unlocked)).delete}


def open_referral(referral: Referral, unlocked: UnlockedOrganisation, user) -> OpenedReferral:
    opened = _open(referral, unlocked)
    # The notice to delete is part of what the force was shown: recorded with the read.
    notice = {"told_to_delete": list(opened.delete)} if opened.delete else {}
    record("referral.read", actor=actor_of(user), target=referral.report.reference, **notice)
    return opened


def download_referral(referral: Referral, unlocked: UnlockedOrganisation, user, file_format: str) -> OpenedReferral:
    """The same sealed, signed document the liaison reads, for taking away; audited as a download.

    Refused (and recorded) once the reporter has withdrawn part of what it holds: the signed copy
    cannot be cut without breaking its signature, and only the sending organisation can sign a new one.
    """
    opened = _open(referral, unlocked)
    if opened.document is None:
        raise ReferralRefused("This referral predates signed documents; it can be read but not downloaded.")
    if opened.delete:
        record("referral.download_refused", actor=actor_of(user), target=referral.report.reference,
               format=file_format, reason="consent_withdrawn", withdrawn=list(opened.delete))
        raise PackageWithdrawn(opened)
    record("referral.downloaded", actor=actor_of(user), target=referral.report.reference, format=file_format,
           signature_valid=opened.signature_valid)
    return opened


def issue_receipt(report: Report, unlocked: UnlockedOrganisation, user) -> bool:
    """Sign the reporter's proof of reporting the first time staff open the case; True if made now.

    Only signed-in staff hold the organisation's signing key, so this is the earliest moment the
    organisation can vouch that it received the report. The receipt is sealed with the report's
    data key: the reporter (codename) and the organisation's staff can open it, nobody else.
    """
    if report.receipt_sealed is not None or report.organisation_id != unlocked.organisation_id:
        return False
    document = signing.sign_document(receipt(report, actor=actor_of(user)), unlocked, report.organisation)
    cipher = RecordCipher(records.open_with_organisation(report.data_key_id, unlocked), report.record_id)
    sealed = cipher.seal("receipt", json.dumps(document, ensure_ascii=False))
    # A conditional update: two advocates opening the case at once still leave exactly one receipt.
    made = Report.objects.filter(pk=report.pk, receipt_sealed__isnull=True).update(receipt_sealed=sealed)
    if made:
        report.receipt_sealed = sealed
        record("receipt.issued", actor=actor_of(user), target=report.reference, signer_key=document["signer"]["fingerprint"])
    return bool(made)


@transaction.atomic
def record_crime_reference(referral: Referral, crime_reference: str, user) -> None:
    sender_key = active_key(referral.report.organisation_id)
    police_key = active_key(referral.police_id)
    referral.crime_reference_for_police = crypto.seal_to(bytes(police_key.public_key), crime_reference.encode())
    referral.crime_reference_for_sender = crypto.seal_to(bytes(sender_key.public_key), crime_reference.encode())
    referral.crime_reference_recorded_at = timezone.now()
    referral.save()
    record("referral.crime_reference_recorded", actor=actor_of(user), target=referral.report.reference)


def crime_reference_for_sender(referral: Referral, unlocked: UnlockedOrganisation) -> str:
    if not referral.crime_reference_for_sender:
        return ""
    return unlocked.open_any(bytes(referral.crime_reference_for_sender)).decode()
