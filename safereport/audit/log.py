"""Write and verify the audit log. Details must never carry report content or keys."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction

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


def _chains_inline() -> bool:
    # SQLite admits one writer at a time already (IMMEDIATE transactions): chaining inside the writer's own
    # transaction costs nothing more there, and every entry is in the chain the moment it commits.
    return connection.vendor == "sqlite"


def record(action: AuditAction, *, actor: str, target: str = "", **detail: Any) -> AuditEntry:
    """Append one entry in the caller's transaction: if the change rolls back, so does its entry.

    On PostgreSQL the entry is inserted pending (no place in the chain yet), with no lock: concurrent
    audited transactions never wait on one another. After the commit, `sequence_pending` gives the
    committed entries their places and hashes in one short transaction of its own, as a transparency
    log's sequencer does; every reader of the chain (verification, checkpoints, proofs) runs it first.
    """
    # A string that is not in the vocabulary raises here, before anything is written.
    action = AuditAction(action)
    # To the day: the order is the sequence number, and an exact time next to a reporter's
    # action (or between two staff entries around it) would date it to the second.
    at = coarse_time.today()
    if not _chains_inline():
        entry = AuditEntry.objects.create(at=at, actor=actor, action=action.value, target=target, detail=detail)
        transaction.on_commit(sequence_soon)
        return entry
    # No savepoint: inside the caller's transaction a failure here rolls the whole of it back (as it must: a change
    # without its entry cannot commit), and outside one this is the transaction. The savepoint pair cost two statements.
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.seq + 1
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


def sequence_soon() -> None:
    """After an audited commit: chain what is pending, unless another request is chaining right now (it will)."""
    sequence_pending(wait=False)


def sequence_pending(*, wait: bool = True, batch_size: int = 1000) -> int:
    """Give every committed pending entry its place in the chain, oldest insert first; returns how many.

    One sequencer at a time holds the head row. With `wait=False` a sequencer that finds the head taken
    leaves at once: the one holding it loops until nothing is pending, so entries are chained within
    moments; any left (committed just as it finished) are chained by the next audited commit, or by the
    next reader of the chain. A pending entry is already stored: nothing is lost while it waits.
    """
    if _chains_inline():
        return 0
    chained = 0
    while True:
        with transaction.atomic():
            heads = AuditHead.objects.select_for_update(skip_locked=not wait).filter(id=1)
            if not heads.exists():
                if AuditHead.objects.filter(id=1).exists():
                    return chained  # another sequencer holds the head (only with wait=False): it chains ours too
                AuditHead.objects.get_or_create(id=1)
                continue
            batch = _chain_batches(batch_size)
            chained += batch
            if batch < batch_size:
                return chained
            # A full batch: commit it and take the head again, so no one transaction grows without bound.


def _chain_batches(batch_size: int) -> int:
    """Chain pending entries, holding the head, until none is left or `batch_size` are chained; how many were."""
    chained, seq, prev_hash = 0, 0, GENESIS
    while chained < batch_size:
        # Read again while still holding the head (read committed: each statement sees what has committed since):
        # entries committed while the last ones were chained join now, in this transaction, not in another.
        pending = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[: batch_size - chained])
        if not pending:
            break
        if not chained:
            # From the last chained entry, not the head's copy of it: if someone reset or removed the head, new
            # entries still join the chain where it is (verification and checkpoints report the tampering).
            last = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "entry_hash").first()
            seq, prev_hash = (int(last[0] or 0), str(last[1] or GENESIS)) if last else (0, GENESIS)
        for entry in pending:
            seq += 1
            at = entry.at.astimezone(UTC).isoformat()
            entry_hash = _digest(seq, at, entry.actor, entry.action, entry.target, entry.detail, prev_hash)
            entry.seq, entry.prev_hash, entry.entry_hash = seq, prev_hash, entry_hash
            prev_hash = entry_hash
        # Filling in a pending entry's place once is the sequencer's one write to an entry: the rows it
        # updates are those still without a place, so no chained entry can change this way.
        models.QuerySet[AuditEntry](AuditEntry).filter(pk__in=[e.pk for e in pending], seq__isnull=True).bulk_update(
            pending, ["seq", "prev_hash", "entry_hash"]
        )
        chained += len(pending)
    if chained:
        AuditHead.objects.filter(id=1).update(seq=seq, entry_hash=prev_hash)
    return chained


@dataclass(frozen=True)
class Verification:
    entries: int
    first_broken: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify() -> Verification:
    """Chain what is pending, then recompute the chain from the start; report the first entry that does not fit."""
    sequence_pending()
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in AuditEntry.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
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
