"""The firewall's one door: every outbound package of case data is built here, and only here."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from safereport.audit.log import record
from safereport.intake.actions import current_consent
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .classification import CONTACT, CONTACT_PARTS, NARRATIVE
from .policy import rule
from .redaction import redact

PACKAGE_FORMAT = "safereport.disclosure/1"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    package: dict = field(default_factory=dict)

    def package_json(self) -> str:
        return json.dumps(self.package, ensure_ascii=False, indent=2, sort_keys=True)


def _crime_facts(report: Report, cipher: RecordCipher) -> dict:
    labels = dict(settings.CRIME_TYPES)
    areas = dict(settings.AREAS)
    return {
        "type": report.crime_type,
        "type_label": str(labels.get(report.crime_type, report.crime_type)),
        "occurred_on": cipher.open("occurred_on", report.occurred_on_sealed) or None,
        "area": areas.get(report.area, report.area) or None,
    }


def _contact(cipher: RecordCipher, report: Report, classes: frozenset[str]) -> dict:
    stored = json.loads(cipher.open("contact", report.contact_sealed) or "{}")
    return {part: value for part, value in stored.items() if CONTACT_PARTS.get(part) in classes}


def disclose(report: Report, recipient_kind: str, *, unlocked: UnlockedOrganisation, actor: str,
             recipient_name: str = "", purpose: str = "referral") -> Decision:
    """Build what `recipient_kind` may receive of `report`, or refuse; audit either way."""
    consent = current_consent(report, recipient_kind)
    ruling = rule(recipient_kind, consent)
    if not ruling.allowed:
        record("disclosure.refused", actor=actor, target=report.reference, recipient_kind=recipient_kind, reason=ruling.reason)
        return Decision(False, ruling.reason)
    cipher = RecordCipher(records.open_with_organisation(report.data_key_id, unlocked), report.record_id)
    package = {
        "format": PACKAGE_FORMAT,
        "reference": report.reference,
        "from_organisation": report.organisation.name,
        "recipient_kind": recipient_kind,
        "recipient": recipient_name or None,
        "purpose": purpose,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "crime": _crime_facts(report, cipher),
        "consent": {
            "share_contact": consent.share_contact,
            "share_narrative": consent.share_narrative,
            "wording_version": consent.wording_version,
            "given_at": consent.given_at.replace(microsecond=0).isoformat(),
        },
    }
    redactions = []
    if NARRATIVE in ruling.classes:
        keep = frozenset({"phone_number", "email_address"}) if CONTACT in ruling.classes else frozenset()
        redacted = redact(cipher.open("narrative", report.narrative_sealed), report.language, keep=keep)
        package["narrative"] = redacted.text
        redactions = sorted({span.category for span in redacted.spans})
        package["narrative_redactions"] = len(redacted.spans)
    contact = _contact(cipher, report, ruling.classes)
    if contact:
        package["contact"] = contact
    package["withheld_classes"] = sorted({"identity", "contact", "narrative", "immigration"} - ruling.classes)
    record("disclosure.made", actor=actor, target=report.reference, recipient_kind=recipient_kind,
           recipient=recipient_name, classes=sorted(ruling.classes), redaction_categories=redactions)
    return Decision(True, ruling.reason, package)
