"""What advocates and police liaisons do with a case. Each action runs in a signed-in request."""
from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.audit.log import actor_of, record
from safereport.firewall.disclosure import disclose
from safereport.firewall.policy import POLICE
from safereport.intake.actions import add_message, current_consent, message_thread
from safereport.intake.models import Message, Report
from safereport.vault import crypto, records
from safereport.vault.keyring import UnlockedOrganisation, active_key
from safereport.vault.models import OrganisationKey
from safereport.vault.records import RecordCipher

from .models import CaseNote, ImmigrationAdvice, Referral


class ReferralRefused(Exception):
    """The firewall refused the referral; the reason says why."""


@dataclass(frozen=True)
class CaseView:
    report: Report
    narrative: str
    occurred_on: str
    contact: dict
    wants_immigration_advice: bool
    immigration_notes: str
    messages: list
    notes: list
    consent: object


def open_case(report: Report, unlocked: UnlockedOrganisation, user) -> CaseView:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    advice = ImmigrationAdvice.objects.filter(report=report).first()
    notes = [(n.written_at, n.author, RecordCipher(key, n.record_id).open("body", n.body_sealed)) for n in report.notes.all()]
    record("case.read", actor=actor_of(user), target=report.reference)
    return CaseView(
        report=report,
        narrative=cipher.open("narrative", report.narrative_sealed),
        occurred_on=cipher.open("occurred_on", report.occurred_on_sealed),
        contact=json.loads(cipher.open("contact", report.contact_sealed) or "{}"),
        wants_immigration_advice=json.loads(cipher.open("immigration_advice", report.immigration_advice_sealed) or "false"),
        immigration_notes=RecordCipher(key, advice.record_id).open("notes", advice.notes_sealed) if advice else "",
        messages=message_thread(report, key),
        notes=notes,
        consent=current_consent(report, POLICE),
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
    key = records.open_with_organisation(report.data_key_id, unlocked)
    note = CaseNote(report=report, author=user)
    note.body_sealed = RecordCipher(key, note.record_id).seal("body", body)
    note.save(force_insert=True)
    record("case.note_added", actor=actor_of(user), target=report.reference)
    return note


@transaction.atomic
def save_immigration_advice(report: Report, notes: str, unlocked: UnlockedOrganisation, user) -> None:
    key = records.open_with_organisation(report.data_key_id, unlocked)
    advice = ImmigrationAdvice(report=report)
    advice.notes_sealed = RecordCipher(key, advice.record_id).seal("notes", notes)
    advice.save()
    record("case.immigration_advice_saved", actor=actor_of(user), target=report.reference)


def refer_to_police(report: Report, police: Organisation, unlocked: UnlockedOrganisation, user) -> Referral:
    """Build the package through the firewall, sign it as the sender, seal it to the force."""
    if police.kind != Organisation.Kind.POLICE:
        raise ReferralRefused("The recipient is not a police force.")
    with transaction.atomic():
        decision = disclose(report, POLICE, unlocked=unlocked, actor=actor_of(user), recipient_name=police.name)
    if not decision.allowed:
        raise ReferralRefused(decision.reason)
    body = json.dumps(decision.package, ensure_ascii=False, sort_keys=True).encode()
    sender_fp, sender = unlocked.active()
    force_key = OrganisationKey.objects.filter(organisation=police, retired_at__isnull=True).first()
    if force_key is None:
        raise ReferralRefused("This police force has no key to receive referrals.")
    envelope = json.dumps({"package": body.decode(), "signature": sender.sign(body).hex(), "signer": sender_fp})
    with transaction.atomic():
        referral = Referral.objects.create(
            report=report, police=police, made_by=user, sender_fingerprint=sender_fp,
            recipient_fingerprint=force_key.fingerprint,
            package_sealed=crypto.seal_to(bytes(force_key.public_key), envelope.encode()),
        )
        report.status = Report.Status.REFERRED
        report.save(update_fields=["status", "updated_at"])
        record("referral.sent", actor=actor_of(user), target=report.reference, police=police.pk,
               sender_key=sender_fp, recipient_key=force_key.fingerprint)
    return referral


@dataclass(frozen=True)
class OpenedReferral:
    referral: Referral
    package: dict
    signature_valid: bool
    crime_reference: str


def open_referral(referral: Referral, unlocked: UnlockedOrganisation, user) -> OpenedReferral:
    envelope = json.loads(unlocked.open_any(bytes(referral.package_sealed)))
    body = envelope["package"].encode()
    signer = OrganisationKey.objects.filter(fingerprint=envelope["signer"], organisation=referral.report.organisation).first()
    valid = bool(signer) and crypto.verify_signature(bytes(signer.verify_key), body, bytes.fromhex(envelope["signature"]))
    crime_reference = unlocked.open_any(bytes(referral.crime_reference_for_police)).decode() if referral.crime_reference_for_police else ""
    record("referral.read", actor=actor_of(user), target=referral.report.reference)
    return OpenedReferral(referral, json.loads(body), valid, crime_reference)


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
