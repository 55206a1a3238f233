"""Cryptographic primitives: the only module that calls cipher and KDF libraries."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.signing
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16  # AES-GCM's authentication tag, after the ciphertext


class DecryptionFailed(Exception):
    """A ciphertext did not open: wrong key, wrong record, or tampered bytes."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost, stored beside each password wrap so it can be raised later."""

    opslimit: int
    memlimit: int

    @classmethod
    def for_profile(cls, profile: str) -> KdfParams:
        argon = nacl.pwhash.argon2id
        profiles = {
            "minimum": cls(argon.OPSLIMIT_MIN, argon.MEMLIMIT_MIN),
            "interactive": cls(argon.OPSLIMIT_INTERACTIVE, argon.MEMLIMIT_INTERACTIVE),
            "moderate": cls(argon.OPSLIMIT_MODERATE, argon.MEMLIMIT_MODERATE),
        }
        return profiles[profile]


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def random_salt() -> bytes:
    return os.urandom(nacl.pwhash.argon2id.SALTBYTES)


def aead_seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random nonce; the nonce travels in front of the ciphertext.

    Not padded here: `records.RecordCipher` pads every field before calling it, and the other
    callers wrap keys, whose length says nothing (staff, codename and session keys; at most the
    number of key generations, which is public).
    """
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed from exc


def aead_seal_at(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a nonce the caller guarantees is never reused under `key` (a counter under a one-use key)."""
    return AESGCM(key).encrypt(nonce, plaintext, aad)


def aead_open_at(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed from exc


def derived_key(key: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA256: a one-use key from a long-lived one and a random salt (a backup file's own key)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(key)


def _bucket(size: int) -> int:
    """Sizes ciphertexts are rounded up to: powers of two from 64 bytes, then steps of 4 KiB."""
    if size > 4096:
        return -(-size // 4096) * 4096
    return max(64, 1 << (size - 1).bit_length())


def pad(data: bytes) -> bytes:
    """ISO/IEC 7816-4 padding to a bucket, so a ciphertext's length says little about its content."""
    padded = data + b"\x80"
    return padded + b"\x00" * (_bucket(len(padded)) - len(padded))


def pad_to(data: bytes, size: int) -> bytes:
    """Padding to one fixed size, for a field whose every length must look the same; refuses what does not fit."""
    if len(data) + 1 > size:
        raise ValueError(f"{len(data)} bytes do not fit in a field padded to {size}.")
    return data + b"\x80" + b"\x00" * (size - len(data) - 1)


def unpad(data: bytes) -> bytes:
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise DecryptionFailed("bad padding")
    return end[:-1]


def password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES, password.encode("utf-8"), bytes(salt), opslimit=params.opslimit, memlimit=params.memlimit
    )


def secret_key(secret: str, purpose: bytes) -> bytes:
    """Derive a key from a high-entropy secret (codename, recovery words).

    These secrets carry at least 85 bits of entropy (a codename 89.8, recovery words 205), so a keyed BLAKE2b is enough:
    stretching would only slow legitimate use. Each purpose gets its own personalisation,
    so the lookup digest stored in the database says nothing about the wrapping key.
    """
    return hashlib.blake2b(secret.encode("utf-8"), digest_size=KEY_BYTES, person=purpose[:16]).digest()


@dataclass(frozen=True)
class KeyPair:
    """An encryption (X25519) and a signing (Ed25519) key, generated together."""

    secret: bytes  # 64 bytes: X25519 private key, then Ed25519 seed

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(bytes(PrivateKey.generate()) + os.urandom(32))

    @classmethod
    def from_seed(cls, seed: bytes) -> KeyPair:
        material = hashlib.blake2b(seed, digest_size=64, person=b"sr-keypair-seed").digest()
        return cls(material)

    @property
    def public_key(self) -> bytes:
        return bytes(PrivateKey(self.secret[:32]).public_key)

    @property
    def verify_key(self) -> bytes:
        return bytes(nacl.signing.SigningKey(self.secret[32:]).verify_key)

    def open(self, sealed: bytes) -> bytes:
        """Open a `seal_to` seal; seals made before padding (no mark in front) open as they are."""
        try:
            opened = SealedBox(PrivateKey(self.secret[:32])).decrypt(bytes(sealed))
        except nacl.exceptions.CryptoError as exc:
            raise DecryptionFailed from exc
        if opened.startswith(SEAL_PADDING_MARK):
            return unpad(opened[len(SEAL_PADDING_MARK) :])
        return opened

    def sign(self, message: bytes) -> bytes:
        return nacl.signing.SigningKey(self.secret[32:]).sign(message).signature


# Put in front of every padded seal, inside the ciphertext. Seals made before padding hold a
# random key (a 2^-64 chance of starting with these bytes), JSON or typed text (never a NUL),
# so the mark tells them apart and they stay readable without the private keys a migration
# would need (only signed-in staff hold them).
SEAL_PADDING_MARK = b"\x00sr-pad1"


def seal_to(public_key: bytes, plaintext: bytes) -> bytes:
    """Anonymous public-key encryption: only the holder of the private key can open it.

    The plaintext is padded first, like every sealed field (see `pad`): a crime reference, a
    referral package or a register entry sealed to an organisation shows only its size bucket.
    Every seal to a public key goes through here, so none can forget the padding.
    """
    return SealedBox(PublicKey(bytes(public_key))).encrypt(SEAL_PADDING_MARK + pad(plaintext))


def verify_signature(verify_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(bytes(verify_key)).verify(message, bytes(signature))
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.blake2b(bytes(public_key), digest_size=16, person=b"sr-fingerprint").hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))
