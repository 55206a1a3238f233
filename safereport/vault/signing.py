"""Portable signed documents: an organisation signs a JSON payload so anyone can check origin and integrity.

Format `safereport.signed/1` (specified for recipients in docs/packages.md):

    {"format": "safereport.signed/1", "payload": {...},
     "signer": {"organisation": NAME, "fingerprint": FP, "verify_key": HEX}, "signature": HEX}

The Ed25519 signature covers the canonical JSON of the document without its "signature" member
(so the format tag, the payload and the signer are all bound). Canonical JSON is sort_keys,
separators (",", ":"), ensure_ascii=False, UTF-8. Payloads are restricted to strings, integers
within ±2^53, booleans, null, lists and objects with ASCII keys: for that subset the canonical
bytes are exactly RFC 8785 (JCS), so a verifier in any language can rebuild them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NoReturn

from django.db import DatabaseError

from . import crypto
from .keyring import UnlockedOrganisation
from .models import OrganisationKey
from .parties import OrganisationLike

FORMAT = "safereport.signed/1"
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # a package is a few kilobytes; refuse anything absurd before parsing
_MAX_SAFE_INTEGER = 2**53 - 1  # beyond this, JavaScript and other verifiers would print the number differently
_SIGNER_FIELDS = ("fingerprint", "organisation", "verify_key")

# What the receiving side learns about the key that signed a document.
KEY_CURRENT = "current"  # the organisation's current key in this installation
KEY_RETIRED = "retired"  # a key this installation knew, since rotated out: old signatures stay valid
KEY_UNKNOWN = "unknown"  # not in this installation: the signature is only self-consistent
KEY_UNCHECKED = "unchecked"  # no database to ask


class MalformedDocument(ValueError):
    """The bytes are not a well-formed signed document."""


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str
    signer: dict[str, str] | None = None
    key: str = KEY_UNCHECKED
    key_organisation: str = ""  # the organisation this installation holds the key for, when known
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.key in (KEY_CURRENT, KEY_RETIRED)


def _check_value(value: object, path: str) -> None:
    """Refuse values whose JSON text is not the same in every language (floats, huge ints, odd keys)."""
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise MalformedDocument(f"{path} holds text that is not valid Unicode.") from None
        return
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE_INTEGER:
            raise MalformedDocument(f"{path} holds an integer too large to be portable.")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise MalformedDocument(f"{path} has a key that is not ASCII text.")
            _check_value(item, f"{path}.{key}")
        return
    raise MalformedDocument(f"{path} holds a {type(value).__name__}, which signed documents do not allow.")


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The exact bytes the signature covers: the document without "signature", canonicalised."""
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_document(
    payload: dict[str, Any], keys: UnlockedOrganisation | crypto.KeyPair, organisation: OrganisationLike
) -> dict[str, Any]:
    """Sign `payload` as `organisation` with its current key (or an explicit key pair)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("kind"), str):
        raise MalformedDocument('A payload is an object with a "kind".')
    _check_value(payload, "payload")
    if isinstance(keys, UnlockedOrganisation):
        if keys.organisation_id != organisation.pk:
            raise ValueError("These keys belong to another organisation.")
        fingerprint, pair = keys.active()
    else:
        fingerprint, pair = crypto.fingerprint(keys.public_key), keys
    document = {
        "format": FORMAT,
        "payload": payload,
        "signer": {"organisation": organisation.name, "fingerprint": fingerprint, "verify_key": pair.verify_key.hex()},
    }
    document["signature"] = pair.sign(canonical_bytes(document)).hex()
    return document


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _v in pairs]
    if len(keys) != len(set(keys)):
        # Two values for one key would let a lax viewer show one and a verifier check the other.
        raise MalformedDocument("The document repeats a key.")
    return dict(pairs)


def _reject_constant(name: str) -> NoReturn:
    raise MalformedDocument(f"The document contains {name}, which is not JSON.")


def load_document(data: bytes | str) -> dict[str, Any]:
    """Parse a signed document strictly: UTF-8, no repeated keys, no NaN, no floats, bounded size."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise MalformedDocument("The file is far too large to be a signed document.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedDocument("The file is not UTF-8 text.") from None
    try:
        document = json.loads(
            text.removeprefix("\ufeff"),
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
            parse_float=lambda s: _reject_constant(f"a decimal number ({s})"),
        )
    except json.JSONDecodeError as exc:
        raise MalformedDocument(f"The file is not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    except RecursionError:
        raise MalformedDocument("The JSON is nested too deeply.") from None
    if not isinstance(document, dict):
        raise MalformedDocument("The JSON is not an object.")
    return document


def _shape_problem(document: object) -> str:
    if not isinstance(document, dict):
        return "The document is not a JSON object."
    if document.get("format") != FORMAT:
        return f"Not a SafeReport signed document (format is {document.get('format')!r}, expected {FORMAT!r})."
    if set(document) != {"format", "payload", "signer", "signature"}:
        return "The document has missing or unexpected top-level members."
    signer = document["signer"]
    if not isinstance(signer, dict) or set(signer) != set(_SIGNER_FIELDS) or not all(isinstance(signer[k], str) for k in signer):
        return "The signer block is malformed."
    if not isinstance(document["payload"], dict) or not isinstance(document["payload"].get("kind"), str):
        return "The payload is malformed."
    if not isinstance(document["signature"], str):
        return "The signature is malformed."
    return ""


def _key_status(signer: dict[str, str], verify_key: bytes) -> tuple[str, str, str]:
    """(status, organisation name held here, problem). A known fingerprint with another key is a forgery."""
    try:
        known = OrganisationKey.objects.filter(fingerprint=signer["fingerprint"]).select_related("organisation").first()
    except DatabaseError:
        return KEY_UNCHECKED, "", ""
    if known is None:
        return KEY_UNKNOWN, "", ""
    if bytes(known.verify_key) != verify_key:
        return (
            KEY_UNKNOWN,
            "",
            (
                f"The document claims key {signer['fingerprint']} of {known.organisation.name}, "
                "but carries a different verify key: it is forged."
            ),
        )
    return (KEY_RETIRED if known.retired_at else KEY_CURRENT), known.organisation.name, ""


def verify_document(document: dict[str, Any], *, check_keys: bool = True) -> Verification:
    """Check the format and the signature and, with a database, whether this installation knows the key."""
    problem = _shape_problem(document)
    if problem:
        return Verification(False, problem)
    signer = document["signer"]
    try:
        _check_value(document["payload"], "payload")
        verify_key = bytes.fromhex(signer["verify_key"])
        signature = bytes.fromhex(document["signature"])
    except MalformedDocument as exc:
        return Verification(False, str(exc), signer)
    except ValueError:
        return Verification(False, "The verify key or the signature is not hexadecimal.", signer)
    if len(verify_key) != 32 or len(signature) != 64:
        return Verification(False, "The verify key or the signature has the wrong length.", signer)
    if not crypto.verify_signature(verify_key, canonical_bytes(document), signature):
        return Verification(False, "The signature does not match: the document was altered or not signed by this key.", signer)
    status, held_by, forged = _key_status(signer, verify_key) if check_keys else (KEY_UNCHECKED, "", "")
    if forged:
        return Verification(False, forged, signer, KEY_UNKNOWN)
    reasons = {
        KEY_CURRENT: f"Signature valid; signed with the current key of {held_by}.",
        KEY_RETIRED: f"Signature valid; signed with a retired key of {held_by} (valid when it was signed).",
        KEY_UNKNOWN: "Signature valid, but the key is not known here: compare its fingerprint with the signer out of band.",
        KEY_UNCHECKED: "Signature valid; the key was not checked against any installation.",
    }
    return Verification(True, reasons[status], signer, status, held_by, document["payload"])


def document_bytes(document: dict[str, Any]) -> bytes:
    """The file form of a document, for downloads and PDF attachments: readable, and verifies as it is."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
