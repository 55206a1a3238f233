"""Signed audit checkpoints: the tree head of the audit log, signed with an Ed25519 key kept outside the database.

The signature covers exactly these UTF-8 bytes (format v1, specified in docs/audit.md):

    safereport-audit-checkpoint v1\\n<tree_size>\\n<root hash, 64 lowercase hex>\\n<signed_at>\\n

where tree_size is a decimal integer and signed_at is UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`.
A checkpoint travels as the JSON document of `Checkpoint.document()`; `key_id` is the first 16 hex digits
of the SHA-256 of the raw 32-byte public key, to pick the key; the signature is what proves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport.audit import log, tree
from safereport.audit.models import AuditCheckpoint

from .signing import MalformedDocument, load_document

FORMAT = "safereport.audit-checkpoint/1"
MESSAGE_HEADER = "safereport-audit-checkpoint v1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_FIELDS = ("format", "tree_size", "root_hash", "signed_at", "key_id", "signature")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")


class CheckpointKeyError(RuntimeError):
    """The checkpoint key file or a trusted public key is unusable."""


def key_id_of(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first: use theirs
    with os.fdopen(handle, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())


def _load_key(path: Path) -> Ed25519PrivateKey:
    if path.stat().st_mode & 0o077:
        raise CheckpointKeyError(f"{path} is readable by others; make it owner-only (chmod 600).")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError:
        raise CheckpointKeyError(f"{path} is not a PEM Ed25519 private key.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointKeyError(f"{path} holds a key that is not Ed25519.")
    return key


def signing_key() -> Ed25519PrivateKey:
    """The deployment's checkpoint key from its file, made owner-only on first use."""
    path = Path(settings.AUDIT_CHECKPOINT_KEY_FILE)
    if not path.exists():
        _create_key_file(path)
    return _load_key(path)


def _own_public_key() -> bytes | None:
    """This deployment's public key if its key file exists: verifying never creates a key."""
    path = Path(settings.AUDIT_CHECKPOINT_KEY_FILE)
    return _raw(_load_key(path).public_key()) if path.exists() else None


def public_key_hex() -> str:
    return _raw(signing_key().public_key()).hex()


def trusted_keys(extra: list[str] | tuple[str, ...] = ()) -> dict[str, bytes]:
    """key_id -> public key: this deployment's own key (if its file exists), the configured keys, and `extra`."""
    keys: dict[str, bytes] = {}
    for text in [*settings.AUDIT_CHECKPOINT_TRUSTED_KEYS, *extra]:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise CheckpointKeyError(f"Trusted checkpoint key {text[:80]!r} is not 64 hex digits (an Ed25519 public key).")
        keys[key_id_of(raw)] = raw
    own = _own_public_key()
    if own is not None:
        keys[key_id_of(own)] = own
    return keys


@dataclass(frozen=True)
class Checkpoint:
    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str

    def message(self) -> bytes:
        return f"{MESSAGE_HEADER}\n{self.tree_size}\n{self.root_hash}\n{self.signed_at}\n".encode()

    def document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "signed_at": self.signed_at,
            "key_id": self.key_id,
            "signature": self.signature,
        }

    def line(self) -> str:
        return json.dumps(self.document(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_row(cls, row: AuditCheckpoint) -> Checkpoint:
        signed_at = row.signed_at.astimezone(UTC).strftime(TIME_FORMAT)
        return cls(row.tree_size, row.root_hash, signed_at, row.key_id, row.signature)

    @classmethod
    def from_document(cls, document: object) -> Checkpoint:
        """A checkpoint from its parsed JSON; MalformedDocument names what is wrong."""
        if not isinstance(document, dict):
            raise MalformedDocument("A checkpoint is a JSON object.")
        if document.get("format") != FORMAT:
            raise MalformedDocument(
                f"Not a SafeReport audit checkpoint (format is {document.get('format')!r}, expected {FORMAT!r})."
            )
        if set(document) != set(_FIELDS):
            raise MalformedDocument(f"A checkpoint has exactly the members {', '.join(_FIELDS)}.")
        size = document["tree_size"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise MalformedDocument("tree_size must be a whole number, 0 or more.")
        if not isinstance(document["root_hash"], str) or not _HEX64.fullmatch(document["root_hash"]):
            raise MalformedDocument("root_hash must be 64 lowercase hex digits.")
        if not isinstance(document["signature"], str) or not _HEX128.fullmatch(document["signature"]):
            raise MalformedDocument("signature must be 128 lowercase hex digits.")
        if not isinstance(document["key_id"], str) or not document["key_id"]:
            raise MalformedDocument("key_id is missing.")
        try:
            datetime.strptime(document["signed_at"], TIME_FORMAT)
        except (TypeError, ValueError):
            raise MalformedDocument("signed_at must be a UTC time like 2026-12-01T09:30:00Z.") from None
        return cls(size, document["root_hash"], document["signed_at"], document["key_id"], document["signature"])


def parse(data: bytes | str) -> Checkpoint:
    """A checkpoint from the bytes of a kept file (strict JSON: see signing.load_document)."""
    return Checkpoint.from_document(load_document(data))


def signature_problem(checkpoint: Checkpoint, keys: dict[str, bytes]) -> str:
    """Empty when the signature is valid under a trusted key, else why not."""
    raw = keys.get(checkpoint.key_id)
    if raw is None:
        return f"it was signed by key {checkpoint.key_id}, which is not a trusted checkpoint key"
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(bytes.fromhex(checkpoint.signature), checkpoint.message())
    except InvalidSignature:
        return "its signature does not match its size, root and time: it was altered or forged"
    return ""


def _append_to_log(checkpoint: Checkpoint) -> None:
    path = Path(settings.AUDIT_CHECKPOINT_LOG)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(handle, "a", encoding="utf-8") as out:
        out.write(checkpoint.line() + "\n")
        out.flush()
        os.fsync(out.fileno())


def kept_in_log() -> list[tuple[int, Checkpoint | str]]:
    """Each line of the checkpoint log file: (line number, checkpoint) or (line number, why it is not one)."""
    path = Path(settings.AUDIT_CHECKPOINT_LOG)
    if not path.exists():
        return []
    lines: list[tuple[int, Checkpoint | str]] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            lines.append((number, parse(text)))
        except MalformedDocument as exc:
            lines.append((number, str(exc)))
    return lines


def make_checkpoint() -> Checkpoint:
    """Extend the stored tree to the whole log, sign its head, store it and append it to the checkpoint log."""
    key = signing_key()
    log.sequence_pending()  # a checkpoint covers every entry committed before it
    with transaction.atomic():
        size = tree.log_size()
        tree.extend_to(size)
        root = tree.root_at(size).hex()
        signed_at = timezone.now().astimezone(UTC).replace(microsecond=0)
        unsigned = Checkpoint(size, root, signed_at.strftime(TIME_FORMAT), key_id_of(_raw(key.public_key())), "")
        checkpoint = replace(unsigned, signature=key.sign(unsigned.message()).hex())
        AuditCheckpoint.objects.create(
            tree_size=size, root_hash=root, signed_at=signed_at, signature=checkpoint.signature, key_id=checkpoint.key_id
        )
        # Written before the commit: if the file cannot be written, the checkpoint is not made at all.
        _append_to_log(checkpoint)
    return checkpoint


def latest() -> Checkpoint | None:
    row = AuditCheckpoint.objects.order_by("-tree_size", "-signed_at", "-id").first()
    return Checkpoint.from_row(row) if row else None


def all_checkpoints() -> list[Checkpoint]:
    return [Checkpoint.from_row(row) for row in AuditCheckpoint.objects.order_by("tree_size", "signed_at", "id")]
