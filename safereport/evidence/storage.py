"""Sealed evidence bytes in Django's storage (a directory by default, S3-compatible object storage in production)."""

from __future__ import annotations

import base64
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models.signals import post_delete

from safereport.vault.records import RecordCipher

STORAGE_ALIAS = "evidence"
_FIELD = "content"
_SMALLEST_BUCKET = 64 * 1024
_STEP_FROM = 1024 * 1024


def evidence_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def new_storage_name() -> str:
    # Random, flat, and nothing in it names the report: a listing of the storage says how many files, no more.
    return f"{uuid.uuid4().hex}.sealed"


def bucket(length: int) -> int:
    """Sealed sizes: powers of two from 64 KiB to 1 MiB, then whole MiB, so a file's size says little of what it is."""
    if length >= _STEP_FROM:
        return -(-length // _STEP_FROM) * _STEP_FROM
    return max(_SMALLEST_BUCKET, 1 << (length - 1).bit_length())


def seal(cipher: RecordCipher, content_type: str, content: bytes) -> bytes:
    # The record cipher seals text: the bytes travel as base64 after their type, inside one sealed value.
    text = f"{content_type}\n{base64.b64encode(content).decode('ascii')}"
    return cipher.seal(_FIELD, text, padded_to=bucket(len(text) + 1))


def open_sealed(cipher: RecordCipher, sealed: bytes) -> tuple[str, bytes]:
    content_type, _newline, encoded = cipher.open(_FIELD, sealed).partition("\n")
    return content_type, base64.b64decode(encoded)


def write(name: str, sealed: bytes) -> int:
    saved = evidence_storage().save(name, ContentFile(sealed, name=name))
    if saved != name:  # a storage that renamed it: the row would point at nothing
        evidence_storage().delete(saved)
        raise RuntimeError("The evidence storage did not keep the name it was given.")
    return len(sealed)


def read(name: str) -> bytes:
    with evidence_storage().open(name, "rb") as handle:
        return handle.read()


def delete(name: str) -> None:
    evidence_storage().delete(name)


def _delete_file_after_commit(sender, instance, **kwargs) -> None:
    # After the commit: a deletion rolled back must not leave a row whose file is gone. On erasure the data
    # key is destroyed in the same transaction, so a file left by a crash in between is noise; it goes anyway.
    name = instance.storage_name
    transaction.on_commit(lambda: delete(name))


def connect_deletion() -> None:
    from .models import EvidenceFile

    post_delete.connect(_delete_file_after_commit, sender=EvidenceFile, dispatch_uid="evidence-file-deleted")
