"""The firewall's one door: every outbound package of case data is built here, and only here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.cases import immigration_advice
from safereport.intake import withheld
from safereport.intake.actions import current_consent
from safereport.intake.models import Report, crime_type_label
from safereport.redaction.engine import redact
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import contact_arrangements
from . import review as review_gate
from .classification import CONTACT, CONTACT_PARTS, CRIME_FACTS, NARRATIVE
from .outbound_text import Outbound, with_markers
from .policy import COMPELLABLE_FIELDS, COMPELLED, POLICE, Compulsion, compelled_rule, rule
from .review import NEUTRAL_MARKER

PREVIEW = "preview"  # a purpose that builds the package to be looked at, and sends nothing

PACKAGE_FORMAT = "safereport.disclosure/2"  # /2: contact_arrangements, crime.reported_by (docs/packages.md)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    package: dict = field(default_factory=dict)

    def package_json(self) -> str:
        return json.dumps(self.package, ensure_ascii=False, indent=2, sort_keys=True)


def redacted_for_recipient(text: str, language: str, keep: frozenset[str] = frozenset()) -> str:
    """Free text as it may leave: every removal reads the same neutral marker, because
    "[removed: immigration status]" would itself tell the recipient that status came up (rule 2)."""
    redacted = redact(text, language, keep=keep)
    parts, cursor = [], 0
    for span in redacted.spans:
        parts += [text[cursor : span.start], NEUTRAL_MARKER]
        cursor = span.end
    return "".join(parts) + text[cursor:]


def shared_narrative(
    text: str, language: str, classes: frozenset[str], withheld_ranges: Sequence[tuple[int, int]] = ()
) -> Outbound:
    """The narrative as a consented package carries it: redacted, and cut where the reporter kept parts back.

    Redaction reads the whole original, so keeping a sentence back never takes away the context
    by which a statement in the rest is recognised; each cut reads the same neutral marker. The
    reporter's preview is made by this function too, so it is byte for byte the package's text.
    """
    keep = frozenset({"phone_number", "email_address"}) if CONTACT in classes else frozenset()
    spans = [(span.start, span.end) for span in redact(text, language, keep=keep).spans]
    return with_markers(text, [*spans, *withheld_ranges], NEUTRAL_MARKER)


def _crime_facts(report: Report, cipher: RecordCipher, *, free_text: bool) -> dict:
    areas = dict(settings.AREAS)
    # A place in the reporter's own words is free text: it goes only where the narrative may go
    # (consent, or a compulsion naming it), and is redacted like the narrative.
    area_detail = cipher.open("area_detail", report.area_detail_sealed) if free_text else ""
    return {
        "type": report.crime_type,
        "type_label": crime_type_label(report.crime_type),
        "occurred_on": cipher.open("occurred_on", report.occurred_on_sealed) or None,
        "area": str(areas[report.area])
        if report.area in areas
        # No page settles marks in it, so what the engine is unsure of is removed too (review.cautious).
        else (review_gate.cautious(area_detail, report.language) if area_detail else None),
        # Who gives the account: the victim, a witness, or someone for them (None: not said).
        "reported_by": report.reported_by or None,
    }


def _contact(cipher: RecordCipher, report: Report, classes: frozenset[str]) -> dict:
    stored = json.loads(cipher.open("contact", report.contact_sealed) or "{}")
    return {part: value for part, value in stored.items() if CONTACT_PARTS.get(part) in classes}


def _header(
    report: Report, cipher: RecordCipher, recipient_kind: str, recipient_name: str, purpose: str, *, free_text: bool
) -> dict:
    return {
        "format": PACKAGE_FORMAT,
        "reference": report.reference,
        "from_organisation": report.organisation.name,
        "recipient_kind": recipient_kind,
        "recipient": recipient_name or None,
        "purpose": purpose,
        # The day only: nothing outbound carries a time of day that could be matched with when
        # the reporter's phone connected (the package is made soon after a report or a change).
        "generated_at": coarse_time.today_iso(),
        "crime": _crime_facts(report, cipher, free_text=free_text),
    }


def _add_narrative(
    package: dict,
    report: Report,
    cipher: RecordCipher,
    keep: frozenset[str],
    *,
    decisions: review_gate.Decisions | None,
    preview: bool,
    withheld_ranges: Sequence[tuple[int, int]] = (),
) -> list[dict[str, int | str]]:
    """The narrative as it leaves. A preview carries the marks still to settle (`review`, offsets into
    `narrative`); a real package needs every mark settled (raises ReviewUnsettled) and returns the
    decisions for the audit log."""
    shown = review_gate.outbound(cipher.open("narrative", report.narrative_sealed), report.language, keep, withheld_ranges)
    if preview:
        package["narrative"] = shown.text
        package["review"] = [mark.as_dict() for mark in shown.marks]
        return []
    package["narrative"], settled = review_gate.settle(shown, decisions)
    return settled


def outbound_for_police(report: Report, unlocked: UnlockedOrganisation) -> review_gate.Outbound | None:
    """What the police would receive of the narrative under the reporter's current consent, for the
    advocate's review before referring; None when the narrative may not go. Nothing leaves here."""
    consent = current_consent(report, POLICE)
    ruling = rule(POLICE, consent)
    if not ruling.allowed or NARRATIVE not in ruling.classes:
        return None
    cipher = RecordCipher(records.open_with_organisation(report.data_key_id, unlocked), report.record_id)
    keep = frozenset({"phone_number", "email_address"}) if CONTACT in ruling.classes else frozenset()
    return review_gate.outbound(
        cipher.open("narrative", report.narrative_sealed),
        report.language,
        keep,
        withheld.opened(cipher, report.narrative_withheld_sealed),
    )


def compelled_preview(
    report: Report, compulsion: Compulsion, recipient_kind: str, unlocked: UnlockedOrganisation
) -> review_gate.Outbound | None:
    """The narrative as a compelled package would carry it, for the approving supervisor's review; None
    when the request does not name the narrative. Nothing leaves here."""
    ruling = compelled_rule(compulsion, recipient_kind)
    if not ruling.allowed or "narrative" not in ruling.fields:
        return None
    cipher = RecordCipher(records.open_with_organisation(report.data_key_id, unlocked), report.record_id)
    keep = frozenset(kind for name, kind in (("phone", "phone_number"), ("email", "email_address")) if name in ruling.fields)
    return review_gate.outbound(cipher.open("narrative", report.narrative_sealed), report.language, keep)


def _refuse_unsettled(
    report: Report, actor: str, recipient_kind: str, unsettled: review_gate.ReviewUnsettled, **detail: str
) -> Decision:
    record(
        AuditAction.DISCLOSURE_REFUSED,
        actor=actor,
        target=report.reference,
        recipient_kind=recipient_kind,
        reason="review_unsettled",
        **detail,
    )
    return Decision(False, str(unsettled))


def _record_settled(report: Report, actor: str, settled: list[dict[str, int | str]]) -> None:
    if settled:
        # Offsets and categories only: what was decided, never the words it was decided about.
        record(AuditAction.REVIEW_SETTLED, actor=actor, target=report.reference, marks=settled)


def _immigration(report: Report, key: bytes, cipher: RecordCipher, fields: frozenset[str]) -> dict:
    """Only the immigration-classified fields a legal basis named specifically; never reached otherwise."""
    values: dict[str, bool | str | None] = {}
    if "wants_immigration_advice" in fields:
        values["wants_immigration_advice"] = cipher.open("immigration_advice", report.immigration_advice_sealed) == "1"
    if "immigration_advice_notes" in fields:
        values["immigration_advice_notes"] = immigration_advice.entries_text(report, key)
    return values


def disclose(
    report: Report,
    recipient_kind: str,
    *,
    unlocked: UnlockedOrganisation,
    actor: str,
    recipient_name: str = "",
    purpose: str = "referral",
    decisions: review_gate.Decisions | None = None,
    advocate: str | None = None,
) -> Decision:
    """Build what `recipient_kind` may receive of `report`, or refuse; audit either way.

    `advocate` is the member of staff the recipient should contact the reporter through.

    `purpose="preview"` builds the package with its review marks and sends nothing; any other
    purpose needs `decisions` settling every mark in the narrative, or it is refused.
    """
    consent = current_consent(report, recipient_kind)
    ruling = rule(recipient_kind, consent)
    if not ruling.allowed or consent is None:  # rule() allows nothing without a consent; say so to the type checker too
        record(
            AuditAction.DISCLOSURE_REFUSED,
            actor=actor,
            target=report.reference,
            recipient_kind=recipient_kind,
            reason=ruling.reason,
        )
        return Decision(False, ruling.reason)
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    package = _header(report, cipher, recipient_kind, recipient_name, purpose, free_text=NARRATIVE in ruling.classes)
    package["consent"] = {
        "share_contact": consent.share_contact,
        "share_narrative": consent.share_narrative,
        "wording_version": consent.wording_version,
        "given_at": coarse_time.day_of(consent.given_at),
    }
    if NARRATIVE in ruling.classes:
        keep = frozenset({"phone_number", "email_address"}) if CONTACT in ruling.classes else frozenset()
        try:
            settled = _add_narrative(
                package,
                report,
                cipher,
                keep,
                decisions=decisions,
                preview=purpose == PREVIEW,
                withheld_ranges=withheld.opened(cipher, report.narrative_withheld_sealed),
            )
        except review_gate.ReviewUnsettled as unsettled:
            return _refuse_unsettled(report, actor, recipient_kind, unsettled)
        _record_settled(report, actor, settled)
    contact = _contact(cipher, report, ruling.classes)
    if contact:
        package["contact"] = contact
    package["contact_arrangements"] = contact_arrangements.of_report(
        report, cipher, share_contact=CONTACT in ruling.classes, advocate=advocate
    )
    package["withheld_classes"] = sorted({"identity", "contact", "narrative", "immigration"} - ruling.classes)
    record(
        AuditAction.DISCLOSURE_MADE,
        actor=actor,
        target=report.reference,
        recipient_kind=recipient_kind,
        recipient=recipient_name,
        classes=sorted(ruling.classes),
    )
    return Decision(True, ruling.reason, package)


RECEIPT_FIELDS = frozenset({"kind", "reference", "reported_on", "crime_type", "crime_type_label", "organisation", "issued_on"})


def receipt(report: Report, *, actor: str) -> dict:
    """The proof-of-reporting payload: what was reported, when and to whom — nothing that says who or why.

    Every value here is already stored in the clear; no sealed field is opened, so no narrative,
    identity, contact or immigration data can reach it.
    """
    with translation.override("en"):  # the signed label is stable; each PDF translates from the code
        label = crime_type_label(report.crime_type)
    payload = {
        "kind": "receipt",
        "reference": report.reference,
        "reported_on": timezone.localdate(report.created_at).isoformat(),
        "crime_type": report.crime_type,
        "crime_type_label": label,
        "organisation": report.organisation.name,
        "issued_on": timezone.localdate().isoformat(),
    }
    record(AuditAction.DISCLOSURE_RECEIPT, actor=actor, target=report.reference)
    return payload


def disclose_compelled(
    report: Report,
    compulsion: Compulsion,
    *,
    recipient_kind: str,
    recipient_name: str,
    request_reference: str,
    unlocked: UnlockedOrganisation,
    actor: str,
    decisions: review_gate.Decisions | None = None,
    preview: bool = False,
) -> Decision:
    """Build the package a legal compulsion requires, and nothing more; refuse without one. Audited.

    Called only after dual control has been satisfied (see firewall.requests). Consent does not
    apply here (the law overrides it), so each field goes only because the recorded request names it.
    """
    ruling = compelled_rule(compulsion, recipient_kind)
    if not ruling.allowed:
        record(
            AuditAction.DISCLOSURE_REFUSED,
            actor=actor,
            target=report.reference,
            recipient_kind=recipient_kind,
            purpose=COMPELLED,
            request=request_reference,
            reason=ruling.reason,
        )
        return Decision(False, ruling.reason)
    key = records.open_with_organisation(report.data_key_id, unlocked)
    cipher = RecordCipher(key, report.record_id)
    package = _header(report, cipher, recipient_kind, recipient_name, COMPELLED, free_text="narrative" in ruling.fields)
    if CRIME_FACTS not in ruling.classes:
        # Immigration enforcement gets the crime facts only when its court order names them.
        del package["crime"]
    package["legal_basis"] = {
        "kind": compulsion.basis_kind,
        "names_immigration": compulsion.names_immigration,
        "request": request_reference,
    }
    if "narrative" in ruling.fields:
        keep = frozenset(kind for name, kind in (("phone", "phone_number"), ("email", "email_address")) if name in ruling.fields)
        try:
            settled = _add_narrative(package, report, cipher, keep, decisions=decisions, preview=preview)
        except review_gate.ReviewUnsettled as unsettled:
            return _refuse_unsettled(report, actor, recipient_kind, unsettled, request=request_reference)
        _record_settled(report, actor, settled)
    stored = json.loads(cipher.open("contact", report.contact_sealed) or "{}")
    contact = {part: value for part, value in stored.items() if part in ruling.fields}
    if contact:
        package["contact"] = contact
    immigration = _immigration(report, key, cipher, ruling.fields)
    if immigration:
        package["immigration"] = immigration
    package["disclosed_fields"] = sorted(ruling.fields)
    package["withheld_fields"] = sorted(set(COMPELLABLE_FIELDS) - ruling.fields)
    record(
        AuditAction.DISCLOSURE_COMPELLED,
        actor=actor,
        target=report.reference,
        recipient_kind=recipient_kind,
        request=request_reference,
        classes=sorted(ruling.classes),
        fields=sorted(ruling.fields),
    )
    return Decision(True, ruling.reason, package)
