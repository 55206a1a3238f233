"""Sealing a backup archive: AES-256-GCM in chunks (the STREAM construction) under a key kept in a file.

A sealed backup is, byte for byte (format 1):

    MAGIC (8 bytes) | header length (4 bytes, big-endian) | header (JSON, UTF-8) | header tag (16) | chunks

The header says the format, the day the backup was made, the database engine, the backup key's id, a random
salt, the chunk size, the archive's length and its SHA-256. The file's own key is HKDF-SHA256(backup key, salt),
used for this one file. The header tag is GCM over nothing with the header as associated data (nonce all 0xff),
so an altered header is told apart from a truncated file. Chunk i is GCM over `chunk_bytes` of the archive (the
last one shorter, perhaps empty) with the nonce i (11 bytes, big-endian) followed by 1 for the last chunk and 0
otherwise, and the header as associated data: a chunk moved, dropped, repeated or cut off does not open, and
neither does a file cut at a chunk boundary (its last chunk would not carry the final mark).

`open_sealed` checks all of it and the SHA-256 of everything opened; with no output it writes nothing at all,
which is how a restore verifies a backup before it touches the instance.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from . import crypto

MAGIC = b"SRBACKUP"
FORMAT = "safereport.backup/1"
CHUNK_BYTES = 1 << 20
_INFO = b"safereport backup file key v1"
_HEADER_NONCE = b"\xff" * crypto.NONCE_BYTES
_MAX_HEADER = 64 * 1024
_LENGTH = struct.Struct(">I")


class BackupRefused(Exception):
    """The file is not a backup this key opens whole: its message says which, and nothing was written."""


class BackupKeyError(RuntimeError):
    """The backup key file is missing, unreadable by its owner only, or not a key."""


@dataclass(frozen=True)
class Header:
    created: date
    engine: str
    key_id: str
    salt: bytes
    chunk_bytes: int
    archive_bytes: int
    archive_sha256: str

    def document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created": self.created.isoformat(),
            "engine": self.engine,
            "key_id": self.key_id,
            "salt": self.salt.hex(),
            "chunk_bytes": self.chunk_bytes,
            "archive_bytes": self.archive_bytes,
            "archive_sha256": self.archive_sha256,
        }

    @property
    def chunks(self) -> int:
        return self.archive_bytes // self.chunk_bytes + 1  # the last chunk is always shorter than the others

    def sealed_bytes(self, prefix: int) -> int:
        return prefix + crypto.TAG_BYTES + self.archive_bytes + self.chunks * crypto.TAG_BYTES


# --- the key file ----------------------------------------------------------------------------------------


def key_path() -> Path:
    return Path(settings.BACKUP_KEY_FILE)


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(b"safereport backup key id\x00" + key).hexdigest()[:16]


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first: use theirs
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(crypto.random_key().hex() + "\n")
        out.flush()
        os.fsync(out.fileno())


def load_key(path: Path | None = None, *, create: bool = False) -> bytes:
    """The backup key (64 hex digits in its file); made owner-only first when `create` and there is none."""
    path = path or key_path()
    if not path.exists():
        if not create:
            raise BackupKeyError(
                f"There is no backup key at {path}: put the copy of the key file kept off the server there "
                "(or name it with --key-file)."
            )
        _create_key_file(path)
    if path.stat().st_mode & 0o077:
        raise BackupKeyError(f"{path} is readable by others; make it owner-only (chmod 600).")
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != crypto.KEY_BYTES:
        raise BackupKeyError(f"{path} is not a backup key (64 hex digits).")
    return key


# --- sealing ----------------------------------------------------------------------------------------------


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(crypto.NONCE_BYTES - 1, "big") + (b"\x01" if final else b"\x00")


def _prefix(header: Header) -> bytes:
    body = json.dumps(header.document(), separators=(",", ":"), sort_keys=True).encode()
    return MAGIC + _LENGTH.pack(len(body)) + body


def _pieces(archive: IO[bytes], chunk_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """The archive in chunks of chunk_bytes, each with whether it is the last (always shorter: perhaps empty)."""
    piece = archive.read(chunk_bytes)
    while len(piece) == chunk_bytes:
        following = archive.read(chunk_bytes)
        yield piece, False
        piece = following
    yield piece, True


def seal(archive: IO[bytes], out: IO[bytes], key: bytes, *, engine: str, created: date) -> Header:
    """Seal the archive (a seekable file, read twice: once for its SHA-256, once to encrypt) into `out`."""
    digest, size = hashlib.sha256(), 0
    archive.seek(0)
    while block := archive.read(CHUNK_BYTES):
        digest.update(block)
        size += len(block)
    header = Header(created, engine, key_id_of(key), os.urandom(32), CHUNK_BYTES, size, digest.hexdigest())
    file_key = crypto.derived_key(key, header.salt, _INFO)
    prefix = _prefix(header)
    out.write(prefix + crypto.aead_seal_at(file_key, _HEADER_NONCE, b"", prefix))
    archive.seek(0)
    for index, (piece, final) in enumerate(_pieces(archive, header.chunk_bytes)):
        out.write(crypto.aead_seal_at(file_key, _nonce(index, final), piece, prefix))
    return header


# --- opening ----------------------------------------------------------------------------------------------


def _read_header(source: IO[bytes], name: str) -> tuple[Header, bytes]:
    start = source.read(len(MAGIC) + _LENGTH.size)
    if not start.startswith(MAGIC):
        raise BackupRefused(f"{name} is not a SafeReport backup (it does not start as one).")
    if len(start) < len(MAGIC) + _LENGTH.size:
        raise BackupRefused(f"{name} is truncated: it ends inside its header.")
    (length,) = _LENGTH.unpack(start[len(MAGIC) :])
    if length > _MAX_HEADER:
        raise BackupRefused(f"{name} has a damaged header (it claims {length} bytes).")
    body = source.read(length)
    if len(body) < length:
        raise BackupRefused(f"{name} is truncated: it ends inside its header.")
    try:
        document = json.loads(body)
        if not isinstance(document, dict):
            raise TypeError
    except (ValueError, TypeError):
        raise BackupRefused(f"{name} has a damaged header (not readable): it was altered or corrupted.") from None
    if document.get("format") != FORMAT:
        raise BackupRefused(
            f"{name} is in backup format {str(document.get('format'))[:40]!r}; this version of SafeReport reads {FORMAT}."
        )
    try:
        header = Header(
            created=date.fromisoformat(document["created"]),
            engine=str(document["engine"]),
            key_id=str(document["key_id"]),
            salt=bytes.fromhex(document["salt"]),
            chunk_bytes=int(document["chunk_bytes"]),
            archive_bytes=int(document["archive_bytes"]),
            archive_sha256=str(document["archive_sha256"]),
        )
    except (KeyError, ValueError, TypeError):
        raise BackupRefused(f"{name} has a damaged header (a field is missing or wrong): it was altered or corrupted.") from None
    if header.chunk_bytes <= 0 or header.archive_bytes < 0:
        raise BackupRefused(f"{name} has a damaged header (impossible sizes): it was altered or corrupted.")
    return header, start + body


def peek(path: Path) -> Header:
    """The header as written, unchecked: what a backup says it is (engine, day), before its key is needed."""
    with path.open("rb") as source:
        return _read_header(source, str(path))[0]


def open_sealed(path: Path, key: bytes, out: IO[bytes] | None = None) -> Header:
    """Check the whole sealed file, writing the archive to `out` as it opens (nothing, when `out` is None).

    BackupRefused says what is wrong: not a backup, another format, another key, truncated, extra bytes, or which
    part fails its tag (altered or corrupted). Whatever went to `out` before a refusal must be thrown away.
    """
    name = str(path)
    try:
        source = path.open("rb")
    except OSError as exc:
        raise BackupRefused(f"{name} cannot be read: {exc.strerror}.") from None
    with source:
        header, prefix = _read_header(source, name)
        if header.key_id != key_id_of(key):
            raise BackupRefused(
                f"{name} was made with another backup key (key id {header.key_id[:16]}, this key is {key_id_of(key)}): "
                "use the key file that was in place when it was made."
            )
        file_key = crypto.derived_key(key, header.salt, _INFO)
        tag = source.read(crypto.TAG_BYTES)
        try:
            crypto.aead_open_at(file_key, _HEADER_NONCE, tag, prefix)
        except crypto.DecryptionFailed:
            raise BackupRefused(
                f"{name} has an altered header (its tag does not match): it was tampered with or corrupted."
            ) from None
        actual, expected = os.fstat(source.fileno()).st_size, header.sealed_bytes(len(prefix))
        if actual < expected:
            raise BackupRefused(f"{name} is truncated: it is {actual} bytes and its header says {expected}. Copy it again.")
        if actual > expected:
            raise BackupRefused(f"{name} has {actual - expected} bytes more than its header says: it was altered.")
        digest = hashlib.sha256()
        for index in range(header.chunks):
            final = index == header.chunks - 1
            length = (header.archive_bytes - index * header.chunk_bytes if final else header.chunk_bytes) + crypto.TAG_BYTES
            sealed = source.read(length)
            try:
                piece = crypto.aead_open_at(file_key, _nonce(index, final), sealed, prefix)
            except crypto.DecryptionFailed:
                raise BackupRefused(
                    f"{name} is damaged at part {index + 1} of {header.chunks} (its tag does not match): "
                    "it was tampered with or corrupted."
                ) from None
            digest.update(piece)
            if out is not None:
                out.write(piece)
        if digest.hexdigest() != header.archive_sha256:
            raise BackupRefused(f"{name} opens, but not to the archive its header names (SHA-256 differs): refused.")
    return header
