"""Check a signed SafeReport document handed to someone outside (a package, a receipt), from its bytes.

Used by `safereport verify_package` and by the public "check a document" page. It reads a `.json`
document or the one attached to a `.pdf`, verifies its signature (vault.signing) and says which
organisation's key signed it. It stores nothing, logs nothing of the content and records no audit
entry: the only database access is the read of which keys this installation holds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safereport.vault import signing

# A referral PDF with its fonts is a few hundred kilobytes; a signed document a few kilobytes.
MAX_BYTES = 5 * 1024 * 1024
# pypdf warns about malformed offsets; a stranger's upload should not fill the log with them.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# What a check can conclude.
VALID = "valid"  # signature valid, key held here for the organisation named
VALID_UNKNOWN_KEY = "valid_unknown_key"  # signature valid, key not held here: compare it out of band
ALTERED = "altered"  # the signature does not match the document
FORGED = "forged"  # a key this installation holds is claimed, with another verify key
MALFORMED = "malformed"  # shaped like a signed document, but not a well-formed one


class Unreadable(ValueError):
    """The bytes hold no signed document to check; the message says why, in the reader's language."""


@dataclass(frozen=True)
class Checked:
    verdict: str
    verification: signing.Verification

    @property
    def ok(self) -> bool:
        return self.verdict in (VALID, VALID_UNKNOWN_KEY)

    @property
    def signer(self) -> dict[str, str]:
        return self.verification.signer or {}


def _from_pdf(data: bytes) -> dict[str, Any]:
    """The one signed document attached to a PDF; the pages themselves are only a readable copy."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(BytesIO(data)).attachments
        files = [content for contents in attachments.values() for content in contents]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError) as exc:
        raise Unreadable(_("The PDF cannot be read (%(problem)s).") % {"problem": exc.__class__.__name__}) from None
    documents = []
    for content in files:
        try:
            document = signing.load_document(content)
        except signing.MalformedDocument:
            continue
        if document.get("format") == signing.FORMAT:
            documents.append(document)
    if not documents:
        raise Unreadable(_("The PDF carries no attached SafeReport signed document: it cannot be verified."))
    if len(documents) > 1:
        raise Unreadable(_("The PDF carries %(count)d signed documents; expected exactly one.") % {"count": len(documents)})
    return documents[0]


def read(data: bytes) -> dict[str, Any]:
    """The signed document in a `.json` file's bytes, or attached to a `.pdf`'s."""
    if not data.strip():
        raise Unreadable(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise Unreadable(too_large())
    if data.startswith(b"%PDF-"):
        return _from_pdf(data)
    try:
        return signing.load_document(data)
    except signing.MalformedDocument as exc:
        raise Unreadable(_("This is not a SafeReport signed document: %(problem)s") % {"problem": exc}) from None


def too_large() -> str:
    return _("The file is larger than %(limit)d MB, far more than any SafeReport document.") % {
        "limit": MAX_BYTES // (1024 * 1024)
    }


def check(data: bytes) -> Checked:
    """Read and verify; raises Unreadable when there is nothing to verify."""
    verification = signing.verify_document(read(data))
    if verification.ok:
        return Checked(VALID if verification.known else VALID_UNKNOWN_KEY, verification)
    if verification.signer is None:
        return Checked(MALFORMED, verification)
    if verification.key == signing.KEY_UNKNOWN:
        return Checked(FORGED, verification)
    if "does not match" in verification.reason:
        return Checked(ALTERED, verification)
    return Checked(MALFORMED, verification)


KINDS = {
    "police_referral": gettext_lazy("A police referral (a firewalled disclosure package)"),
    "receipt": gettext_lazy("Proof of reporting (a receipt)"),
    "compelled_disclosure": gettext_lazy("A disclosure made under legal compulsion"),
}


def _object(parent: dict, key: str) -> dict:
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def facts(payload: dict[str, Any]) -> list[tuple[str, str]]:
    """What a verified document says it is, as (label, value): never its narrative or contact details."""
    kind = payload.get("kind")
    shown: list[tuple[Any, Any]] = [(gettext_lazy("Document"), KINDS.get(str(kind), str(kind)))]
    if kind == "receipt":
        shown += [
            (gettext_lazy("Reference"), payload.get("reference")),
            (gettext_lazy("Reported on"), payload.get("reported_on")),
            (gettext_lazy("Crime type"), payload.get("crime_type_label")),
            (gettext_lazy("Received by"), payload.get("organisation")),
            (gettext_lazy("Issued on"), payload.get("issued_on")),
        ]
    else:
        package = _object(payload, "package")
        shown += [
            (gettext_lazy("Reference"), package.get("reference")),
            (gettext_lazy("From"), package.get("from_organisation")),
            (gettext_lazy("To"), package.get("recipient")),
            (gettext_lazy("Made on"), package.get("generated_at")),
            (gettext_lazy("Crime type"), _object(package, "crime").get("type_label")),
        ]
    return [(str(label), str(value)) for label, value in shown if value not in (None, "")]
