"""Readable PDFs of signed documents (police referrals, reporters' receipts) that carry the signed JSON inside."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from safereport.intake.models import crime_type_label
from safereport.vault.signing import document_bytes
from safereport.visits.models import commitment_labels

TEMPLATES = {
    "police_referral": "firewall/package_pdf.html",
    "receipt": "firewall/receipt_pdf.html",
    "visit_assurance": "firewall/visit_letter_pdf.html",
}
FILE_STEMS = {"police_referral": "referral", "receipt": "receipt", "visit_assurance": "visit-letter"}


def url_fetcher():
    """Only inline data: URLs. A PDF must never reach the network or the disk on behalf of its content."""
    from weasyprint.urls import URLFetcher  # imported on first PDF: it costs 0.7 s at start-up otherwise

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


def filename(document: dict, extension: str) -> str:
    """e.g. safereport-SR-ABCD-2345-referral.pdf; the reference is random and safe in a file name."""
    payload = document.get("payload", {})
    reference = payload.get("reference") or payload.get("package", {}).get("reference", "document")
    safe = "".join(ch for ch in str(reference) if ch.isascii() and (ch.isalnum() or ch == "-"))[:40]
    return f"safereport-{safe}-{FILE_STEMS.get(payload.get('kind'), 'document')}.{extension}"


def _grouped(hex_text: str) -> str:
    return " ".join(hex_text[i : i + 8] for i in range(0, len(hex_text), 8))


def direction(text: str) -> str:
    """The direction of the first strong character, as browsers do for dir="auto" (WeasyPrint does not)."""
    for ch in str(text):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"  # numbers and punctuation only: a phone number reads left to right


def _crime_label(code: str, fallback: str) -> str:
    return crime_type_label(code, fallback)


def _visit_letter(payload: dict) -> dict:
    """What the letter's pages show beyond the signed values: the date as people read it, the agreed wording translated."""
    if payload.get("kind") != "visit_assurance":
        return {}
    visit, agreement = payload.get("visit") or {}, payload.get("agreement") or {}
    return {
        "visit_date": date.fromisoformat(visit["date"]),
        "agreed_on": date.fromisoformat(agreement["agreed_on"]),
        # Lazy labels: each copy of the letter (reporter's language, English) translates them as it renders.
        "commitments": commitment_labels(agreement.get("commitments") or []),
        "advocate_phone_dir": direction((payload.get("advocate") or {}).get("phone", "")),
    }


def render_html(document: dict, *, language: str) -> str:
    """The pages of the document in `language`, as the HTML WeasyPrint lays out."""
    payload = document["payload"]
    template = TEMPLATES.get(payload.get("kind"))
    if template is None:
        raise ValueError(f"No PDF layout for documents of kind {payload.get('kind')!r}.")
    with translation.override(language):
        package = payload.get("package", {})
        crime = package.get("crime", {}) if isinstance(package, dict) else {}
        return render_to_string(
            template,
            {
                "payload": payload,
                "package": package,
                "signer": document["signer"],
                "verify_key_grouped": _grouped(document["signer"]["verify_key"]),
                "crime_label": _crime_label(
                    payload.get("crime_type") or crime.get("type", ""),
                    payload.get("crime_type_label") or crime.get("type_label", ""),
                ),
                "narrative_dir": direction(package.get("narrative", "")) if isinstance(package, dict) else "ltr",
                "contact": [(part, value, direction(value)) for part, value in (package.get("contact") or {}).items()]
                if isinstance(package, dict)
                else [],
                "attachment_name": filename(document, "json"),
                "LANG": language,
                "RTL": translation.get_language_bidi(),
                **_visit_letter(payload),
            },
        )


def render_pdf(document: dict, *, language: str) -> bytes:
    """The document's pages in `language`, with the signed JSON attached as the authoritative copy."""
    html = render_html(document, language=language)
    from weasyprint import HTML, Attachment

    fetcher = url_fetcher()
    attachment = Attachment(
        string=document_bytes(document),
        name=filename(document, "json"),
        url_fetcher=fetcher,
        relationship="Source",
        description="SafeReport signed document (safereport.signed/1)",
    )
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(attachments=[attachment])
