"""Evidence files that go with a police referral: chosen, sealed to the force, opened by its liaison, taken back.

A file goes only when the reporter agreed to it on their codename page and an advocate has looked at it (a photo
can show a passport): `evidence.actions.files_for_police` chooses them. Each is sealed to the force's key that
receives the referral, as the package is, and the package lists them by number, kind and SHA-256 of the bytes
sent, so what the liaison opens can be checked against the signed package.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from safereport.accounts.notices import notify_organisation
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.evidence import actions as evidence_actions
from safereport.evidence.actions import FileForPolice
from safereport.evidence.formats import EXTENSIONS
from safereport.evidence.models import EvidenceFile
from safereport.intake.actions import current_consent
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.models import OrganisationKey

from . import referral_keys
from .models import Referral, ReferralFile
from .policy import POLICE


def sealed_for_force(
    force_key: OrganisationKey, chosen: list[FileForPolice], record_id: str, key: bytes
) -> list[tuple[FileForPolice, bytes]]:
    """Each chosen file's type and bytes, under the referral's key and sealed to the force's (before the referral's
    transaction; firewall.referral_keys)."""
    return [
        (
            file,
            referral_keys.seal(
                record_id, key, _field(file.item.number), file.content_type.encode("ascii") + b"\n" + file.content, force_key
            ),
        )
        for file in chosen
    ]


def _field(number: int) -> str:
    return f"file:{number}"


def store_with_referral(referral: Referral, sealed: list[tuple[FileForPolice, bytes]]) -> None:
    ReferralFile.objects.bulk_create(
        ReferralFile(referral=referral, evidence=file.item, number=file.item.number, content_sealed=content)
        for file, content in sealed
    )


@dataclass(frozen=True)
class OpenedReferralFile:
    reference: str
    number: int
    content_type: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"{self.reference}-file-{self.number}.{EXTENSIONS.get(self.content_type, 'bin')}"


def open_file(referral: Referral, number: int, unlocked: UnlockedOrganisation, user) -> OpenedReferralFile | None:
    """A file of the referral for the force's liaison, audited as a read of the referral; None if it holds no such file."""
    if referral.withdrawn or not _narrative_still_shared(referral):
        return None
    item = ReferralFile.objects.filter(referral=referral, number=number).first()
    if item is None:
        return None
    content_type, _newline, content = referral_keys.opened(referral, unlocked, _field(number), item.content_sealed).partition(
        b"\n"
    )
    reference = referral.live_report.reference
    record(AuditAction.REFERRAL_READ, actor=actor_of(user), target=reference, part="evidence", number=number)
    return OpenedReferralFile(reference, number, content_type.decode("ascii"), content)


def _narrative_still_shared(referral: Referral) -> bool:
    """A file shows the reporter's account in a picture: it goes when narrative consent for the police goes
    (firewall.withdrawn_consent tells the force to delete the narrative; its files are served no more)."""
    consent = current_consent(referral.live_report, POLICE)
    return consent is not None and consent.share_narrative


def numbers_held(referral: Referral) -> set[int]:
    """The numbers of the files the force may still open (one taken back is listed in the package, not held)."""
    if referral.withdrawn or not _narrative_still_shared(referral):
        return set()
    return set(ReferralFile.objects.filter(referral=referral).values_list("number", flat=True))


@transaction.atomic
@transaction.atomic
def request_file_removal(access, file_id):
    """The reporter asks for a file they added to be deleted (evidence.actions.request_removal_by_reporter): the copies
    sent with referrals are deleted now, as when they untick it, and the advocate is told something is waiting.
    The day it will be deleted, or None if the report has no such file of theirs."""
    due = evidence_actions.request_removal_by_reporter(access.report, access.key, file_id)
    if due is not None:
        _withdraw_sent_copies(access, EvidenceFile.objects.get(pk=file_id))
        notify_organisation(access.report.organisation)
    return due


def still_for_police(chosen: list[FileForPolice], key: bytes) -> bool:
    """Whether every file chosen for a referral would still go (call inside the transaction that stores it)."""
    current = {item.pk: item for item in EvidenceFile.objects.select_for_update().filter(pk__in=[f.item.pk for f in chosen])}
    return all(f.item.pk in current and evidence_actions.why_not_for_police(current[f.item.pk], key) is None for f in chosen)


@transaction.atomic
def keep_file(access, file_id) -> bool:
    """The reporter keeps a file whose removal was asked for (evidence.actions.keep_by_reporter); it is not shared,
    so no copy of it stays with a referral either. False when no removal of that file is waiting."""
    if not evidence_actions.keep_by_reporter(access.report, file_id):
        return False
    _withdraw_sent_copies(access, EvidenceFile.objects.get(pk=file_id))
    return True


def set_file_consent(access, file_id, shared: bool) -> EvidenceFile | None:
    """The reporter's choice for one file; taking it back deletes the copies sent with referrals (audited per force)."""
    item = evidence_actions.set_file_consent(access, file_id, shared)
    if item is None or shared:
        return item
    _withdraw_sent_copies(access, item)
    return item


def _withdraw_sent_copies(access, item: EvidenceFile) -> None:
    for sent in ReferralFile.objects.filter(evidence=item).select_related("referral"):
        sent.delete()
        record(
            AuditAction.REFERRAL_FILE_WITHDRAWN,
            actor="reporter",
            target=access.report.reference,
            police=sent.referral.police_id,
            number=item.number,
        )
