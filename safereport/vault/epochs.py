"""Key epochs: the outer layer that makes an erasure final in a copied disk, a page left behind, or a backup.

Deleting a data key's rows is not enough: the database keeps old row versions in its files until a
vacuum or a page reuse overwrites them, a copied disk keeps them for ever, and with the
organisation's private key (a supervisor's password) such a remnant opens the record again. So every
stored wrap of a data key (the organisation's seal and the codename wrap) is sealed once more under
an *epoch key*: 32 random bytes in a file outside the database (``VAULT_EPOCH_KEY_DIR``), one epoch
per day. An erasure marks the erased key's epoch; once that day has ended (plus ``REKEY_MARGIN``, so
no transaction begun that day is still writing into it), ``rekey_due`` moves the day's surviving keys
to a fresh epoch and overwrites and deletes the old key file. From then on no copy of the erased
key's rows, wherever it lies, can be opened: the key that would open it no longer exists anywhere.

Every new wrap goes into today's epoch, and only epochs of days that have ended are rekeyed, so a
rekey never races a write into the epoch it retires. docs/threat-model.md ("Erasure") says what this
covers and what it does not (a key file's blocks on a disk that does not honour overwrites).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.durable_files import fsync_directory

from . import crypto
from .models import CodenameWrap, KeyEpoch, SealedDataKey

REKEY_MARGIN = timedelta(hours=1)
# An epoch key file that no row names (its transaction rolled back) is deleted once it is this old: far longer
# than any transaction, so a file is never taken from under an epoch row not yet committed.
ORPHAN_AGE = timedelta(days=2)

# Every stored wrap under an epoch: (model, field, purpose). A wrap is bound to its purpose, its data
# key and its epoch, so a wrap copied to another row, field or epoch does not open.
HOLDERS = ((SealedDataKey, "sealed", "organisation-seal"), (CodenameWrap, "wrapped", "codename-wrap"))


class EpochKeyMissing(RuntimeError):
    """An epoch's key file is not in the key directory: the records it wraps cannot be opened until it is restored."""


def _directory() -> Path:
    directory = Path(settings.VAULT_EPOCH_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _path(epoch_id: uuid.UUID) -> Path:
    return _directory() / f"{epoch_id}.key"


def _write_key(epoch_id: uuid.UUID) -> None:
    """A new key file, on disk (fsynced, with its directory entry) before any row that needs it commits."""
    path = _path(epoch_id)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(handle, crypto.random_key())
        os.fsync(handle)
    finally:
        os.close(handle)
    fsync_directory(path.parent)


def _read_key(epoch_id: uuid.UUID) -> bytes:
    try:
        key = _path(epoch_id).read_bytes()
    except FileNotFoundError:
        raise EpochKeyMissing(
            f"The key file of epoch {epoch_id} is not in {settings.VAULT_EPOCH_KEY_DIR}: restore the key directory "
            "from the same backup as the database (docs/operations.md)."
        ) from None
    if len(key) != crypto.KEY_BYTES:
        raise EpochKeyMissing(f"The key file of epoch {epoch_id} is damaged ({len(key)} bytes).")
    return key


def _destroy_key(epoch_id: uuid.UUID) -> bool:
    """Overwrite the key file in place, then unlink it; True when there was one."""
    path = _path(epoch_id)
    try:
        handle = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return False
    try:
        os.write(handle, os.urandom(crypto.KEY_BYTES))
        os.fsync(handle)
    finally:
        os.close(handle)
    path.unlink()
    fsync_directory(path.parent)
    return True


def _aad(epoch_id: uuid.UUID, purpose: str, data_key_id: uuid.UUID) -> bytes:
    return f"epoch:{epoch_id}:{purpose}:{data_key_id}".encode()


def current_epoch() -> KeyEpoch:
    """Today's open epoch (UTC day), made with its key file the first time it is asked for."""
    today = timezone.now().astimezone(UTC).date()
    epoch = KeyEpoch.objects.filter(day=today, retired=False).first()
    if epoch is not None:
        return epoch
    return _new_epoch(today)


# Today's epoch id, per process, database and key directory, so a new record reads it once a day rather than
# once a record. It cannot go stale within the day: only epochs of days that have ended are rekeyed and retired
# (rekey_due), so today's epoch stays today's until midnight UTC. It is remembered only once the row that names
# it has committed, so an epoch made by a transaction that rolled back is never remembered.
_today: dict[tuple[str, str, str], tuple[date, uuid.UUID]] = {}


def _cache_slot() -> tuple[str, str, str]:
    from django.db import connection

    return (connection.alias, str(connection.settings_dict["NAME"]), str(settings.VAULT_EPOCH_KEY_DIR))


def current_epoch_cipher() -> EpochCipher:
    """Today's epoch and its key, as `cipher(current_epoch().pk)`, without reading the epoch row more than once a day.

    A remembered epoch whose key file is not there (the key directory was restored or replaced) is forgotten and
    read again from the database; `forget_current_epoch` drops it after a write that named it failed.
    """
    slot, today = _cache_slot(), timezone.now().astimezone(UTC).date()
    remembered = _today.get(slot)
    if remembered is not None and remembered[0] == today:
        try:
            return cipher(remembered[1])
        except EpochKeyMissing:
            _today.pop(slot, None)
    epoch = current_epoch()
    found = cipher(epoch.pk)
    transaction.on_commit(partial(_today.__setitem__, slot, (epoch.day, epoch.pk)))
    return found


def forget_current_epoch() -> None:
    _today.pop(_cache_slot(), None)


def _new_epoch(day: date) -> KeyEpoch:
    epoch_id = uuid.uuid4()
    _write_key(epoch_id)
    try:
        with transaction.atomic():
            return KeyEpoch.objects.create(id=epoch_id, day=day)
    except IntegrityError:
        # Another request opened the day's epoch first: use theirs, and drop the file nobody will name.
        _destroy_key(epoch_id)
        return KeyEpoch.objects.get(day=day, retired=False)


@dataclass(frozen=True)
class EpochCipher:
    """One epoch's key, read from its file once for every wrap made or opened with it."""

    epoch_id: uuid.UUID
    key: bytes

    def wrap(self, inner: bytes, purpose: str, data_key_id: uuid.UUID) -> bytes:
        return crypto.aead_seal(self.key, inner, _aad(self.epoch_id, purpose, data_key_id))

    def unwrap(self, blob: bytes, purpose: str, data_key_id: uuid.UUID) -> bytes:
        """The inner wrap; DecryptionFailed for a wrap that was altered or moved to another key, field or epoch."""
        return crypto.aead_open(self.key, blob, _aad(self.epoch_id, purpose, data_key_id))


def cipher(epoch_id: uuid.UUID) -> EpochCipher:
    """EpochKeyMissing when the key file is not there."""
    return EpochCipher(epoch_id, _read_key(epoch_id))


def unwrap(epoch_id: uuid.UUID, blob: bytes, purpose: str, data_key_id: uuid.UUID) -> bytes:
    return cipher(epoch_id).unwrap(blob, purpose, data_key_id)


def mark_for_rekey(epoch_ids: Iterable[uuid.UUID | None]) -> None:
    """An erased key's wraps were in these epochs: each is rekeyed once its day has ended."""
    KeyEpoch.objects.filter(pk__in=[e for e in set(epoch_ids) if e is not None], retired=False).update(rekey_needed=True)


def _day_closed(day: date, now: datetime) -> bool:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC) + REKEY_MARGIN <= now


def rekey_due(now: datetime | None = None, batch_size: int = 500) -> list[uuid.UUID]:
    """Rekey every marked epoch whose day has closed; returns the retired epochs' ids. Safe to run again at any time.

    One transaction per epoch: the day's surviving wraps move to a new epoch of the same day and the old epoch
    is retired; its key file is destroyed only after that commits. A crash before the commit leaves the old
    epoch as it was (and an orphan key file `sweep` removes); a crash after it leaves a retired epoch's file,
    which `sweep` destroys.
    """
    now = now or timezone.now()
    retired: list[uuid.UUID] = []
    for epoch_id in KeyEpoch.objects.filter(rekey_needed=True, retired=False).order_by("day").values_list("pk", flat=True):
        with transaction.atomic():
            old = KeyEpoch.objects.select_for_update().filter(pk=epoch_id, retired=False).first()
            if old is None or not _day_closed(old.day, now):
                continue
            KeyEpoch.objects.filter(pk=old.pk).update(retired=True)
            successor = _new_epoch(old.day)
            old_cipher, new_cipher = cipher(old.pk), cipher(successor.pk)
            moved = 0
            for model, field, purpose in HOLDERS:
                rows = model.objects.filter(epoch_id=old.pk).only("pk", "data_key_id", field)
                changed: list[Any] = []
                for row in rows.iterator(chunk_size=batch_size):
                    inner = old_cipher.unwrap(bytes(getattr(row, field)), purpose, row.data_key_id)
                    setattr(row, field, new_cipher.wrap(inner, purpose, row.data_key_id))
                    row.epoch_id = successor.pk
                    changed.append(row)
                model.objects.bulk_update(changed, [field, "epoch"], batch_size=batch_size)
                moved += len(changed)
            record(
                AuditAction.KEY_EPOCH_REKEYED,
                actor="system",
                target=f"epoch:{old.pk}",
                day=old.day.isoformat(),
                successor=str(successor.pk),
                moved=moved,
            )
            transaction.on_commit(partial(_destroy_key, old.pk))
        retired.append(epoch_id)
    return retired


def sweep(now: datetime | None = None) -> int:
    """Destroy the key files of retired epochs and files no epoch names (older than ORPHAN_AGE); returns how many."""
    now = now or timezone.now()
    known = {str(pk): retired for pk, retired in KeyEpoch.objects.values_list("pk", "retired")}
    destroyed = 0
    for path in _directory().glob("*.key"):
        name = path.stem
        if known.get(name) is True:
            destroyed += _destroy_key(uuid.UUID(name))
        elif name not in known:
            age = now - datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            if age >= ORPHAN_AGE:
                try:
                    destroyed += _destroy_key(uuid.UUID(name))
                except ValueError:
                    continue  # not one of ours: leave it
    return destroyed
