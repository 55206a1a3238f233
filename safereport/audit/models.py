"""Audit entries: append-only, each hash-chained to the one before it; the Merkle tree over them; signed checkpoints."""

from typing import Any, NoReturn, TypeVar

from django.db import models

_Row = TypeVar("_Row", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_Row]):
    """Bulk changes would bypass the row guards below; refuse them too."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit records are append-only.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit records are append-only.")


class AppendOnly(models.Model):
    """A row that is written once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit records are append-only.")


class AuditEntry(AppendOnly):
    # Position in the chain; empty while the entry is pending (log.sequence_pending fills it once, with the hashes).
    seq = models.PositiveBigIntegerField(unique=True, null=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=120)
    action = models.CharField(max_length=80)
    target = models.CharField(max_length=120, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    # NULL while pending: unique, and many pending entries may have none yet (an empty string would collide).
    entry_hash = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001

    objects = AppendOnlyQuerySet["AuditEntry"].as_manager()

    class Meta:
        # Pending entries (no place yet) after the chained ones, in the order they were written.
        ordering = [models.F("seq").asc(nulls_last=True), "id"]
        verbose_name_plural = "audit entries"


class AuditHead(models.Model):
    """One row, locked while appending, so concurrent writers never fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)


class AuditTreeNode(AppendOnly):
    """A complete interior node of the RFC 6962 tree over the entries, so a proof costs a few lookups.

    Node (level, index) covers leaves [index * 2**level, (index + 1) * 2**level); leaf i is entry seq i + 1,
    hashed from the entry's chain hash, so level 0 is not stored. Filled when a checkpoint is made, never on
    append: an audited write stays one insert. Derived data: `verify_audit` recomputes every node.
    """

    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    objects = AppendOnlyQuerySet["AuditTreeNode"].as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="audit_tree_node_position")]


class AuditCheckpoint(AppendOnly):
    """A signed tree head: the log had `tree_size` entries with this root, signed by a key the database does not hold."""

    tree_size = models.PositiveBigIntegerField()
    root_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    signature = models.CharField(max_length=128)
    key_id = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet["AuditCheckpoint"].as_manager()

    class Meta:
        ordering = ["tree_size", "signed_at", "id"]
