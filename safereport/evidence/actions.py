"""What can be done with evidence files: add one (stripped, sealed, stored), list, open for review, remove."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from safereport import coarse_time
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.vault import records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from . import storage
from .formats import EvidenceRefused, Limits, check_size
from .models import EvidenceFile
from .stripping import clean


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
            )
            record(AuditAction.EVIDENCE_ADDED, actor=actor_of(user), target=report.reference, kind=cleaned.kind)
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
def remove_by_reporter(report: Report, file_id) -> bool:
    """The reporter removes a file they added themselves; False if there is no such file (theirs, on this report)."""
    item = EvidenceFile.objects.filter(report=report, pk=file_id, added_by_reporter=True).first()
    if item is None:
        return False
    kind = item.kind
    item.delete()  # the stored file goes after the commit (storage.connect_deletion)
    record(AuditAction.EVIDENCE_REMOVED, actor="reporter", target=report.reference, kind=kind)
    return True


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
