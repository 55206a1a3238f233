"""Whether it is safe to call, text or leave a message, and when: sealed for every report at one size."""

from __future__ import annotations

import json

from safereport.vault.records import RecordCipher

from .submission import SAFE_CONTACT_CHOICES

FIELD = "safe_contact"
# Sealed at one size whatever was answered (nothing, or 200 characters of four-byte script), so its
# length says nothing about whether, or how much, the reporter said.
PADDED_BYTES = 1024
NOT_SAID: dict[str, object] = {**{key: None for key in SAFE_CONTACT_CHOICES}, "times": ""}


def seal(cipher: RecordCipher, answers: dict[str, object]) -> bytes:
    return cipher.seal(FIELD, json.dumps({**NOT_SAID, **answers}, ensure_ascii=False), padded_to=PADDED_BYTES)


def opened(cipher: RecordCipher, blob: bytes | memoryview | None) -> dict[str, object]:
    """The answers; every one "not said" on a report made before the question was asked."""
    raw = cipher.open(FIELD, blob)
    stored = json.loads(raw) if raw else {}
    return {key: stored.get(key, default) for key, default in NOT_SAID.items()}
