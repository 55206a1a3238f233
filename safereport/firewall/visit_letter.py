"""The assurance letter for a supported police visit: what the force agreed, signed by the organisation, in the reporter's language.

The letter goes to a recipient (the force, shown it by the reporter or the advocate), so it is built
here, at the one door out. It is made of organisation data (the force's recorded agreement, the
station, the advocate's work contact) and of the visit's time and the report's reference: no
field of the report itself is opened, so no narrative, contact or immigration data can reach it.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.vault import records, signing
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher
from safereport.visits.actions import OpenedVisit, Refused, current_agreement, open_visit
from safereport.visits.models import Visit, commitment_labels

from . import package_pdf

KIND = "visit_assurance"


def letter_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_language(visit: Visit) -> str:
    """The reporter's language when the letter has a translation in it, else English."""
    return visit.report.language if visit.report.language in letter_languages() else "en"


def letter_payload(opened: OpenedVisit, language: str) -> dict[str, Any]:
    visit = opened.visit
    agreement, station, advocate = visit.agreement, visit.station, visit.advocate
    with translation.override("en"):  # the signed wording is stable; each PDF translates from the codes
        english = [str(label) for label in commitment_labels(agreement.commitments)]
    return {
        "kind": KIND,
        "reference": visit.report.reference,
        "language": language,
        "organisation": visit.report.organisation.name,
        "force": station.force.name,
        "station": {"name": station.name, "address": station.address},
        "visit": {"date": opened.at.date().isoformat(), "time": opened.at.strftime("%H:%M")},
        "agreement": {
            "version": agreement.version,
            "agreed_on": agreement.agreed_on.isoformat(),
            "commitments": list(agreement.commitments),
            "commitment_texts": english,
        },
        # The advocate's work contact: the only way the force is to reach the reporter about this visit.
        "advocate": {
            "name": advocate.get_full_name() if advocate else "",
            "email": advocate.email if advocate else "",
            "phone": opened.advocate_phone,
        },
        "issued_on": timezone.localdate().isoformat(),
    }


@transaction.atomic
def issue_letter(visit: Visit, unlocked: UnlockedOrganisation, user, language: str) -> dict[str, Any]:
    """Sign the letter under the force's agreement in force today, seal it with the report's key; audited.

    Refused when the force has withdrawn its agreement since the booking: a letter must never
    promise what the force no longer agrees to. A newer version of the agreement replaces the
    one the visit was booked under, so the letter always states what the force agrees to now.
    """
    report = visit.report
    if report.organisation_id != unlocked.organisation_id:
        raise Refused("visit", "This visit belongs to another organisation.")
    if language not in letter_languages():
        raise Refused("language", "Choose one of the listed languages.")
    if visit.cancelled:
        raise Refused("visit", "This visit was cancelled: no letter can be issued for it. Book a new visit instead.")
    agreement = current_agreement(report.organisation, visit.station.force)
    if agreement is None:
        raise Refused("visit", f"{visit.station.force.name} has withdrawn its agreement: no letter can be issued.")
    if agreement.pk != visit.agreement_id:
        visit.agreement = agreement
    key = records.open_with_organisation(report.data_key_id, unlocked)
    document = signing.sign_document(letter_payload(open_visit(visit, key), language), unlocked, report.organisation)
    visit.letter_sealed = RecordCipher(key, visit.record_id).seal("letter", json.dumps(document, ensure_ascii=False))
    visit.save(update_fields=["agreement", "letter_sealed"])
    record(
        AuditAction.VISIT_LETTER_ISSUED,
        actor=actor_of(user),
        target=report.reference,
        visit=str(visit.pk),
        language=language,
        signer_key=document["signer"]["fingerprint"],
    )
    return document


def open_letter(visit: Visit, key: bytes) -> dict[str, Any] | None:
    if visit.letter_sealed is None:
        return None
    return json.loads(RecordCipher(key, visit.record_id).open("letter", visit.letter_sealed))


def letter_issued(visit: Visit, key: bytes) -> tuple[str, str] | None:
    """When the visit's current letter was issued (ISO day) and in which language, or None: for the case timeline."""
    document = open_letter(visit, key)
    if document is None:
        return None
    payload = document["payload"]
    return str(payload["issued_on"]), str(payload.get("language", "en"))


def letter_pdf(visit: Visit, key: bytes, *, actor: str) -> tuple[bytes, str] | None:
    """The letter as a PDF in its own language, with the signed original attached; the download is audited.

    None when no letter was issued, or the visit was cancelled (its letter names a time nobody will keep)."""
    document = open_letter(visit, key)
    if document is None or visit.cancelled:
        return None
    record(AuditAction.VISIT_LETTER_DOWNLOADED, actor=actor, target=visit.report.reference, visit=str(visit.pk))
    pdf = package_pdf.render_pdf(document, language=document["payload"].get("language", "en"))
    return pdf, package_pdf.filename(document, "pdf")
