"""The reporter's proof of reporting: signed by the organisation, sealed under the report's own key."""

from __future__ import annotations

import json

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault import records, signing
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .disclosure import receipt


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
        record(
            AuditAction.RECEIPT_ISSUED,
            actor=actor_of(user),
            target=report.reference,
            signer_key=document["signer"]["fingerprint"],
        )
    return bool(made)
