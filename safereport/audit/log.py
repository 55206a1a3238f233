"""Write and verify the audit log. Details must never carry report content or keys."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import transaction

from safereport import coarse_time

from .actions import AuditAction
from .models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser

GENESIS = "0" * 64


def actor_of(user: _AnyUser | None) -> str:
    """How a person appears in the log: staff by id, reporters never by anything identifying."""
    if user is None:
        return "system"
    if getattr(user, "is_authenticated", False):
        return f"staff:{user.pk}"
    return "reporter"


def _digest(seq: int, at: str, actor: str, action: str, target: str, detail: dict[str, Any], prev_hash: str) -> str:
    body = json.dumps(
        [seq, at, actor, action, target, detail, prev_hash], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(action: AuditAction, *, actor: str, target: str = "", **detail: Any) -> AuditEntry:
    """Append one entry in the caller's transaction: if the change rolls back, so does its entry."""
    # A string that is not in the vocabulary raises here, before anything is written.
    action = AuditAction(action)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.seq + 1
        # To the day: the order is the sequence number, and an exact time next to a reporter's
        # action (or between two staff entries around it) would date it to the second.
        at = coarse_time.today()
        entry_hash = _digest(seq, at.isoformat(), actor, action.value, target, detail, head.entry_hash)
        entry = AuditEntry.objects.create(
            seq=seq,
            at=at,
            actor=actor,
            action=action.value,
            target=target,
            detail=detail,
            prev_hash=head.entry_hash,
            entry_hash=entry_hash,
        )
        AuditHead.objects.filter(id=1).update(seq=seq, entry_hash=entry_hash)
    return entry


@dataclass(frozen=True)
class Verification:
    entries: int
    first_broken: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify() -> Verification:
    """Recompute the chain from the start; report the first entry that does not fit."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return Verification(count, entry.seq, f"sequence gap: expected {expected_seq}")
        if entry.prev_hash != prev_hash:
            return Verification(count, entry.seq, "does not link to the previous entry")
        at = entry.at.astimezone(UTC).isoformat()
        digest = _digest(entry.seq, at, entry.actor, entry.action, entry.target, entry.detail, entry.prev_hash)
        if digest != entry.entry_hash:
            return Verification(count, entry.seq, "content does not match its hash")
        prev_hash, expected_seq = entry.entry_hash, expected_seq + 1
    head = AuditHead.objects.filter(id=1).first()
    if head and (head.seq != expected_seq - 1 or head.entry_hash != prev_hash):
        return Verification(count, expected_seq, "entries after this point were removed")
    return Verification(count, None)
