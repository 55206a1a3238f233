"""What can be done with evidence files: add one (stripped, sealed, stored), list, open for review, remove."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.actions import cooling_off_days  # the erasure's period, which a file's removal waits for too
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import storage
from .formats import EvidenceRefused, Limits, check_size
from .models import EvidenceFile
from .stripping import clean

if TYPE_CHECKING:
    from safereport.intake.actions import ReporterAccess

_CONSENT_FIELD = "share_with_police"
SHARED, NOT_SHARED = "1", "0"  # one width, sealed, so the ciphertext says nothing of the choice

# Why a file would not go with a referral made now (None: it would go).
NOT_AGREED = "not_agreed"
NOT_REVIEWED = "not_reviewed"


def _cipher(key: bytes, file_id: uuid.UUID) -> RecordCipher:
    return RecordCipher(key, f"evidence:{file_id}")


def add_evidence(report: Report, key: bytes, content: bytes, *, user=None) -> EvidenceFile:
    """Store one file for `report`, stripped of metadata and sealed with the report's data key.

    `user` is the member of staff adding it on the reporter's behalf, or None for the reporter. Every check
    runs before anything is written; a failure after the file is written removes it, so nothing partial stays.
    """
    limits = Limits.from_settings()
    check_size(len(content), limits)
    _check_room(report, limits)
    cleaned = clean(content, limits)
    file_id = uuid.uuid4()
    name = storage.new_storage_name()
    sealed = storage.seal(_cipher(key, file_id), cleaned.content_type, cleaned.content)
    storage.write(name, sealed)
    try:
        with transaction.atomic():
            Report.objects.select_for_update().filter(pk=report.pk).first()
            _check_room(report, limits)
            number = (EvidenceFile.objects.filter(report=report).aggregate(last=Max("number"))["last"] or 0) + 1
            item = EvidenceFile.objects.create(
                id=file_id,
                report=report,
                number=number,
                kind=cleaned.kind,
                storage_name=name,
                sealed_size=len(sealed),
                added_by_reporter=user is None,
                added_by=user,
                # Not for the police until the reporter says so for this file.
                share_with_police_sealed=_cipher(key, file_id).seal(_CONSENT_FIELD, NOT_SHARED),
            )
            # None is the reporter with their codename (actor_of would call it "system"), as for removals and consent.
            actor = "reporter" if user is None else actor_of(user)
            record(AuditAction.EVIDENCE_ADDED, actor=actor, target=report.reference, kind=cleaned.kind)
    except BaseException:
        storage.delete(name)
        raise
    return item


def _check_room(report: Report, limits: Limits) -> None:
    if EvidenceFile.objects.filter(report=report).count() >= limits.max_files:
        raise EvidenceRefused(
            _("This report already has %(count)s files, the most it can hold. Remove one to add another.")
            % {"count": limits.max_files},
            "too_many_files",
        )


def files_of(report: Report) -> list[EvidenceFile]:
    return list(EvidenceFile.objects.filter(report=report).select_related("added_by", "reviewed_by"))


@transaction.atomic
def request_removal_by_reporter(report: Report, key: bytes, file_id) -> date | None:
    """The reporter asks for a file they added to be deleted; the day it will be, or None if there is no such file.

    It stops being shared with the police now (the caller deletes the copies sent: firewall.referral_files) and is
    deleted by the daily job at the end of the cooling-off period, unless the reporter keeps it before then:
    someone else using the codename cannot destroy evidence in one click. Asking again keeps the first day.
    """
    item = EvidenceFile.objects.select_for_update().filter(report=report, pk=file_id, added_by_reporter=True).first()
    if item is None:
        return None
    if item.removal_due_on is not None:
        return item.removal_due_on
    item.removal_due_on = coarse_time.today().date() + timedelta(days=cooling_off_days())
    item.share_with_police_sealed = _cipher(key, item.pk).seal(_CONSENT_FIELD, NOT_SHARED)
    item.save(update_fields=["removal_due_on", "share_with_police_sealed"])
    record(
        AuditAction.EVIDENCE_REMOVAL_REQUESTED,
        actor="reporter",
        target=report.reference,
        number=item.number,
        due_on=item.removal_due_on.isoformat(),
    )
    return item.removal_due_on


@transaction.atomic
def keep_by_reporter(report: Report, file_id) -> bool:
    """The reporter keeps a file whose removal they (or someone with their codename) asked for; False if none is
    pending. It stays not shared with the police until they choose again."""
    # Until the daily job has deleted it, even on its day: the job takes the same row lock and checks again.
    item = EvidenceFile.objects.select_for_update().filter(report=report, pk=file_id, removal_due_on__isnull=False).first()
    if item is None:
        return False
    item.removal_due_on = None
    item.save(update_fields=["removal_due_on"])
    record(AuditAction.EVIDENCE_REMOVAL_CANCELLED, actor="reporter", target=report.reference, number=item.number)
    return True


def remove_due(now: datetime | None = None) -> int:
    """Delete every file whose removal has fallen due by `now`'s day; how many. Each in its own transaction, so a
    run killed half-way keeps what it did, and a file kept meanwhile is never touched. Safe to run again."""
    today = coarse_time.to_day(now or timezone.now()).date()
    removed = 0
    for pk in EvidenceFile.objects.filter(removal_due_on__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            item = (
                EvidenceFile.objects.select_for_update().filter(pk=pk, removal_due_on__lte=today).select_related("report").first()
            )
            if item is None:
                continue
            item.delete()  # the stored file goes after the commit (storage.connect_deletion)
            record(AuditAction.EVIDENCE_REMOVED, actor="removal_schedule", target=item.report.reference, kind=item.kind)
            removed += 1
    return removed


@dataclass(frozen=True)
class OpenedFile:
    item: EvidenceFile
    content_type: str
    content: bytes

    @property
    def filename(self) -> str:
        from .formats import EXTENSIONS

        return f"{self.item.report.reference}-file-{self.item.number}.{EXTENSIONS.get(self.content_type, 'bin')}"


@transaction.atomic
def open_for_review(item: EvidenceFile, unlocked: UnlockedOrganisation, user) -> OpenedFile:
    """The file's bytes for the advocate's browser; the first advocate to open it is recorded as having reviewed it."""
    key = records.open_with_organisation(item.report.data_key_id, unlocked)
    content_type, content = storage.open_sealed(_cipher(key, item.pk), storage.read(item.storage_name))
    if item.reviewed_by_id is None:
        today = coarse_time.today()
        EvidenceFile.objects.filter(pk=item.pk, reviewed_by__isnull=True).update(reviewed_by=user, reviewed_on=today)
        item.reviewed_by, item.reviewed_on = user, today
    record(AuditAction.CASE_READ, actor=actor_of(user), target=item.report.reference, part="evidence", number=item.number)
    return OpenedFile(item, content_type, content)


def shared_with_police(item: EvidenceFile, key: bytes) -> bool:
    """Whether the reporter agreed that the police may see this file (`key`: the report's data key)."""
    if item.share_with_police_sealed is None:
        return False
    return _cipher(key, item.pk).open(_CONSENT_FIELD, item.share_with_police_sealed) == SHARED


@transaction.atomic
def set_file_consent(access: ReporterAccess, file_id, shared: bool) -> EvidenceFile | None:
    """The reporter's choice, from their codename page, for one file of their report; None if there is no such file.

    Audited without the choice itself (it is sealed): that the reporter changed it for file N, no more.
    """
    item = EvidenceFile.objects.select_for_update().filter(report=access.report, pk=file_id).first()
    if item is None:
        return None
    if shared and item.removal_due_on is not None:
        return item  # a file waiting to be deleted is not shared; keeping it first lets the reporter choose again
    item.share_with_police_sealed = _cipher(access.key, item.pk).seal(_CONSENT_FIELD, SHARED if shared else NOT_SHARED)
    item.save(update_fields=["share_with_police_sealed"])
    record(AuditAction.EVIDENCE_CONSENT_CHANGED, actor="reporter", target=access.report.reference, number=item.number)
    return item


def why_not_for_police(item: EvidenceFile, key: bytes) -> str | None:
    """None when the file would go with a referral made now; otherwise why not (NOT_AGREED, NOT_REVIEWED)."""
    if item.removal_due_on is not None or not shared_with_police(item, key):
        return NOT_AGREED
    if item.reviewed_by_id is None:
        return NOT_REVIEWED
    return None


def with_police_status(report: Report, key: bytes) -> list[EvidenceFile]:
    """The report's files, each with `why_not_for_police` set (None: it goes with a referral)."""
    items = files_of(report)
    for item in items:
        item.why_not_for_police = why_not_for_police(item, key)  # type: ignore[attr-defined]
    return items


@dataclass(frozen=True)
class FileForPolice:
    item: EvidenceFile
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def listing(self) -> dict:
        """What the package says of the file: which one, what kind, and the digest of the bytes sent."""
        return {"number": self.item.number, "kind": self.item.kind, "sha256": self.sha256}


def files_for_police(report: Report, key: bytes) -> list[FileForPolice]:
    """The files a referral made now carries: the reporter agreed to each, and an advocate has looked at it.

    Opened (the cleaned bytes, as stored) for sealing to the force; nothing is recorded here: the referral is.
    """
    chosen = []
    for item in files_of(report):
        if why_not_for_police(item, key) is None:
            content_type, content = storage.open_sealed(_cipher(key, item.pk), storage.read(item.storage_name))
            chosen.append(FileForPolice(item, content_type, content))
    return chosen
