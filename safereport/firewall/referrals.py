"""Referrals to the police: the firewall's package, signed by the sender and sealed to the force.

Everything a police force receives passes through here: building the package (through
`disclose`, the one door), signing, sealing, opening and downloading it, and the crime
reference number the force records against it (recorded with the force's other updates in
`police_updates`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.db import transaction

from safereport.accounts import notices
from safereport.accounts.models import Organisation, User
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.evidence.actions import files_for_police
from safereport.intake import withheld
from safereport.intake.models import Report
from safereport.vault import keyring, records, signing
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import referral_files, referral_keys, reporter_withholding, withdrawn_consent
from .contact_arrangements import advocate_label
from .disclosure import disclose
from .models import Referral
from .policy import POLICE
from .review import Decisions

REFERRAL_KIND = "police_referral"


class ReferralRefused(Exception):
    """The firewall refused the referral; the reason says why."""


class PackageWithdrawn(ReferralRefused):
    """The signed package holds what the reporter has since withdrawn, so it is no longer handed out."""

    def __init__(self, opened: OpenedReferral):
        super().__init__("the reporter has withdrawn consent to part of this package")
        self.opened = opened


def _keeps_back_more_now(report: Report, key: bytes) -> bool:
    """Whether the reporter's stored choice of parts to keep back now covers more than the one the package was built
    with (`report` as read then). Locks the report's row until the caller's transaction ends."""
    current = Report.objects.select_for_update().only("narrative_withheld_sealed").get(pk=report.pk)
    cipher = RecordCipher(key, report.record_id)
    return withheld.adds_to(
        withheld.opened(cipher, current.narrative_withheld_sealed), withheld.opened(cipher, report.narrative_withheld_sealed)
    )


def refer_to_police(
    report: Report, police: Organisation, unlocked: UnlockedOrganisation, user, decisions: Decisions | None = None
) -> Referral:
    """Build the package through the firewall, sign it as the sender, seal it to the force.

    `decisions` settle the review marks the advocate was shown (firewall.review); a narrative with
    marks unsettled, or settled on other text, is refused and nothing is sent.
    """
    if police.kind != Organisation.Kind.POLICE:
        raise ReferralRefused("The recipient is not a police force.")
    force_key = keyring.current_key(police.pk)
    if force_key is None:
        raise ReferralRefused("This police force has no key to receive referrals.")
    with transaction.atomic():
        decision = disclose(
            report,
            POLICE,
            unlocked=unlocked,
            actor=actor_of(user),
            recipient_name=police.name,
            decisions=decisions,
            advocate=advocate_label(user),
        )
    if not decision.allowed:
        raise ReferralRefused(decision.reason)
    # Evidence files the reporter agreed to, each one looked at by an advocate (firewall.referral_files).
    report_key = records.open_with_organisation(report.data_key_id, unlocked)
    chosen = files_for_police(report, report_key)
    package = {**decision.package, "evidence": [file.listing() for file in chosen]} if chosen else decision.package
    # The payload is the firewall's package (with the list of files sent); "kind" only says what the document is.
    document = signing.sign_document({"kind": REFERRAL_KIND, "package": package}, unlocked, report.organisation)
    # Everything sealed about the referral is sealed under its own key too (firewall.referral_keys).
    referral_id = uuid.uuid4()
    record_id = f"referral:{referral_id}"
    key_row, key = referral_keys.new_key(police.pk, report.organisation_id)
    try:
        files = referral_files.sealed_for_force(force_key, chosen, record_id, key)
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        sealed = referral_keys.seal(record_id, key, "package", payload, force_key)
        with transaction.atomic():
            # The reporter may have kept back more of the narrative, taken a file back or asked for its removal since the
            # package was built: checked again under the report's and the files' row locks (on SQLite, the write lock;
            # reporter_withholding.change_withheld takes the report's too), so what they took back never goes.
            if _keeps_back_more_now(report, report_key):
                raise ReferralRefused(
                    "The reporter changed what they keep back from the police while this referral was being made. "
                    "Make the referral again."
                )
            if chosen and not referral_files.still_for_police(chosen, report_key):
                raise ReferralRefused(
                    "The reporter changed their choice for a file while this referral was being made. Make the referral again."
                )
            referral = Referral.objects.create(
                id=referral_id,
                sealing_key=key_row,
                report=report,
                report_reference=report.reference,
                police=police,
                made_by=user,
                sender_fingerprint=document["signer"]["fingerprint"],
                recipient_fingerprint=force_key.fingerprint,
                package_sealed=sealed,
            )
            referral_files.store_with_referral(referral, files)
            report.status = Report.Status.REFERRED
            report.save(update_fields=["status", "updated_at"])
            record(
                AuditAction.REFERRAL_SENT,
                actor=actor_of(user),
                target=report.reference,
                police=police.pk,
                sender_key=referral.sender_fingerprint,
                recipient_key=force_key.fingerprint,
                **({"files": [file.item.number for file in chosen]} if chosen else {}),
            )
            notices.notify_organisation(police, roles=[User.Role.POLICE_LIAISON])
        return referral
    except BaseException:
        records.destroy_data_key(key_row.pk)  # a referral refused or failed here leaves no key behind
        raise


@dataclass(frozen=True)
class OpenedReferral:
    referral: Referral
    package: dict
    signature_valid: bool
    crime_reference: str
    document: dict
    verification: signing.Verification
    # What the reporter has withdrawn since the package was made: `package` no longer shows it, and
    # the force is told to delete its copies (firewall.withdrawn_consent).
    delete: tuple[str, ...] = ()
    withdrawn_on: object = None


def _sent_by_referrer(referral: Referral, verification: signing.Verification) -> bool:
    """Valid, signed with a key this installation holds for the organisation that made the referral."""
    return (
        verification.ok
        and verification.known
        and verification.payload.get("kind") == REFERRAL_KIND
        and verification.signer is not None
        and keyring.holds_key(referral.live_report.organisation_id, verification.signer["fingerprint"])
    )


def _open(referral: Referral, unlocked: UnlockedOrganisation) -> OpenedReferral:
    document = json.loads(referral_keys.opened(referral, unlocked, "package", referral.sealed_package))
    crime_reference = crime_reference_for_police(referral, unlocked)
    verification = signing.verify_document(document)
    package = document["payload"].get("package") if isinstance(document.get("payload"), dict) else None
    now = reporter_withholding.honoured(
        withdrawn_consent.current_view(package if isinstance(package, dict) else {}, referral.live_report), referral
    )
    return OpenedReferral(
        referral,
        now.package,
        _sent_by_referrer(referral, verification),
        crime_reference,
        document,
        verification,
        delete=now.delete,
        withdrawn_on=now.withdrawn_on,
    )


def withdrawal_notices(referrals, unlocked: UnlockedOrganisation) -> dict:
    """For the force's list: referral id -> what the reporter has withdrawn from it since it was made.

    A referral whose report was erased has nothing left to open: the list says it was withdrawn whole."""
    return {
        referral.pk: opened.delete
        for referral in referrals
        if not referral.withdrawn and (opened := _open(referral, unlocked)).delete
    }


def read_withdrawn_referral(referral: Referral, user) -> None:
    """The force opened the stub of a referral whose report was erased: recorded like any read, with the notice."""
    record(
        AuditAction.REFERRAL_READ,
        actor=actor_of(user),
        target=referral.report_reference,
        told_to_delete=["report_erased"],
    )


def open_referral(referral: Referral, unlocked: UnlockedOrganisation, user) -> OpenedReferral:
    opened = _open(referral, unlocked)
    # The notice to delete is part of what the force was shown: recorded with the read.
    notice = {"told_to_delete": list(opened.delete)} if opened.delete else {}
    record(AuditAction.REFERRAL_READ, actor=actor_of(user), target=referral.live_report.reference, **notice)
    return opened


def download_referral(referral: Referral, unlocked: UnlockedOrganisation, user, file_format: str) -> OpenedReferral:
    """The same sealed, signed document the liaison reads, for taking away; audited as a download.

    Refused (and recorded) once the reporter has withdrawn part of what it holds: the signed copy
    cannot be cut without breaking its signature, and only the sending organisation can sign a new one.
    """
    opened = _open(referral, unlocked)
    if opened.delete:
        record(
            AuditAction.REFERRAL_DOWNLOAD_REFUSED,
            actor=actor_of(user),
            target=referral.live_report.reference,
            format=file_format,
            reason="consent_withdrawn",
            withdrawn=list(opened.delete),
        )
        raise PackageWithdrawn(opened)
    record(
        AuditAction.REFERRAL_DOWNLOADED,
        actor=actor_of(user),
        target=referral.live_report.reference,
        format=file_format,
        signature_valid=opened.signature_valid,
    )
    return opened


def withdrawn_parts(referral: Referral, unlocked: UnlockedOrganisation) -> tuple[str, ...]:
    """What the reporter has withdrawn from this referral's package since it was made (the force's keys)."""
    return _open(referral, unlocked).delete


def crime_reference_for_police(referral: Referral, unlocked: UnlockedOrganisation) -> str:
    if not referral.crime_reference_for_police:
        return ""
    return referral_keys.opened(referral, unlocked, "crime_reference_for_police", referral.crime_reference_for_police).decode()


def crime_reference_for_sender(referral: Referral, unlocked: UnlockedOrganisation) -> str:
    if not referral.crime_reference_for_sender:
        return ""
    return referral_keys.opened(referral, unlocked, "crime_reference_for_sender", referral.crime_reference_for_sender).decode()
