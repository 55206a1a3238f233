"""Evidence is stored sealed with the report's key, nothing partial is ever kept, and erasure takes the files."""

import io
import os
import stat

import pytest
from PIL import Image

from safereport.evidence import actions, storage
from safereport.evidence.formats import EvidenceRefused
from safereport.evidence.models import EvidenceFile
from safereport.intake import actions as intake_actions

from . import samples


@pytest.fixture
def opened(make_report):
    report, codename = make_report()
    return intake_actions.open_with_codename(codename)


def stored_files(location):
    return sorted(p for p in location.rglob("*") if p.is_file()) if location.exists() else []


def test_a_photo_is_stored_sealed_so_a_seized_disk_holds_none_of_its_bytes(opened, evidence_storage_dir):
    original = samples.jpeg_with_gps()
    item = actions.add_evidence(opened.report, opened.key, original)
    [path] = stored_files(evidence_storage_dir)
    raw = path.read_bytes()
    assert path.name == item.storage_name and opened.report.reference not in path.name
    assert item.sealed_size == len(raw) and item.kind == "image" and item.added_by_reporter and item.number == 1
    # Neither the photo, nor the cleaned photo, nor a JPEG header, nor the name in its tags. (Only sequences long
    # enough that 64 KiB of ciphertext cannot hold them by chance: a 3-byte marker turns up once in ~250 runs.)
    cleaned = storage.open_sealed(actions._cipher(opened.key, item.pk), raw)[1]
    assert not raw.startswith(b"\xff\xd8\xff")
    for plain in (original[:64], cleaned[:64], cleaned[200:264], cleaned[:11], samples.NAME.encode(), b"image/jpeg"):
        assert plain not in raw
    assert storage.bucket(1) == 64 * 1024 and len(raw) >= 64 * 1024  # padded to a size bucket
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(os.stat(evidence_storage_dir).st_mode) == 0o700


def test_a_stored_file_opens_only_with_its_own_record_id(opened):
    item = actions.add_evidence(opened.report, opened.key, samples.photo())
    raw = storage.read(item.storage_name)
    content_type, content = storage.open_sealed(actions._cipher(opened.key, item.pk), raw)
    assert content_type == "image/jpeg" and Image.open(io.BytesIO(content)).size == (64, 48)
    other = actions.add_evidence(opened.report, opened.key, samples.photo())
    with pytest.raises(Exception):  # noqa: B017 (the vault's DecryptionFailed: moved to another record, it fails)
        storage.open_sealed(actions._cipher(opened.key, other.pk), raw)


@pytest.mark.parametrize(
    "content",
    [
        samples.EXECUTABLES["windows"],
        samples.pdf_with_javascript(),
        samples.png_declaring(20_000, 20_000),
        samples.jpeg_with_gps()[:300],
        b"",
    ],
    ids=["executable", "pdf-javascript", "decompression-bomb", "truncated-jpeg", "empty"],
)
def test_a_refused_file_leaves_no_row_and_no_file(opened, evidence_storage_dir, content):
    with pytest.raises(EvidenceRefused):
        actions.add_evidence(opened.report, opened.key, content)
    assert not EvidenceFile.objects.exists() and stored_files(evidence_storage_dir) == []


def test_an_oversized_file_is_refused_before_it_is_read(opened, evidence_storage_dir, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(EvidenceRefused) as refused:
        actions.add_evidence(opened.report, opened.key, samples.photo(size=(400, 400)) + b"\x00" * 2000)
    assert refused.value.code == "too_large" and "larger than" in refused.value.message
    assert not EvidenceFile.objects.exists() and stored_files(evidence_storage_dir) == []


def test_a_report_holds_at_most_the_limit_of_files(opened, evidence_storage_dir, settings):
    settings.EVIDENCE_MAX_FILES = 2
    actions.add_evidence(opened.report, opened.key, samples.photo())
    actions.add_evidence(opened.report, opened.key, samples.photo())
    with pytest.raises(EvidenceRefused) as refused:
        actions.add_evidence(opened.report, opened.key, samples.photo())
    assert refused.value.code == "too_many_files" and EvidenceFile.objects.count() == 2
    assert len(stored_files(evidence_storage_dir)) == 2


def test_a_failure_after_the_file_is_written_removes_it(opened, evidence_storage_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(EvidenceFile.objects, "create", broken)
    with pytest.raises(RuntimeError):
        actions.add_evidence(opened.report, opened.key, samples.photo())
    assert stored_files(evidence_storage_dir) == []


def test_erasing_the_report_removes_its_rows_and_stored_files(opened, evidence_storage_dir, django_capture_on_commit_callbacks):
    actions.add_evidence(opened.report, opened.key, samples.photo())
    actions.add_evidence(opened.report, opened.key, samples.pdf_with_author())
    assert len(stored_files(evidence_storage_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        intake_actions.erase_report(opened.report)
    assert not EvidenceFile.objects.exists() and stored_files(evidence_storage_dir) == []


def test_the_reporter_removes_their_own_file_after_the_cooling_off_period_but_not_one_staff_added(
    world, opened, evidence_storage_dir, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from safereport import coarse_time

    theirs = actions.add_evidence(opened.report, opened.key, samples.photo())
    staffs = actions.add_evidence(opened.report, opened.key, samples.photo(), user=world.north.advocate)
    due = actions.request_removal_by_reporter(opened.report, opened.key, theirs.pk)
    assert due == coarse_time.today().date() + timedelta(days=actions.cooling_off_days())
    assert actions.request_removal_by_reporter(opened.report, opened.key, staffs.pk) is None
    assert actions.request_removal_by_reporter(opened.report, opened.key, theirs.pk) == due  # asking again: same day
    theirs.refresh_from_db()
    assert actions.why_not_for_police(theirs, opened.key) == actions.NOT_AGREED
    # Nothing is deleted before the day, however often the daily job runs.
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remove_due(coarse_time.today() + timedelta(days=actions.cooling_off_days() - 1)) == 0
    assert EvidenceFile.objects.count() == 2 and len(stored_files(evidence_storage_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remove_due(coarse_time.today() + timedelta(days=actions.cooling_off_days())) == 1
        assert actions.remove_due(coarse_time.today() + timedelta(days=actions.cooling_off_days())) == 0
    assert list(EvidenceFile.objects.values_list("pk", flat=True)) == [staffs.pk]
    assert [p.name for p in stored_files(evidence_storage_dir)] == [staffs.storage_name]


def test_a_removal_someone_else_asked_for_with_the_codename_is_undone_by_keeping_the_file(world, opened):
    from datetime import timedelta

    from safereport import coarse_time
    from safereport.audit.models import AuditEntry

    item = actions.add_evidence(opened.report, opened.key, samples.photo())
    actions.request_removal_by_reporter(opened.report, opened.key, item.pk)
    assert actions.keep_by_reporter(opened.report, item.pk)
    assert not actions.keep_by_reporter(opened.report, item.pk)  # nothing pending any more
    # On its very day, until the daily job has run, it can still be kept.
    actions.request_removal_by_reporter(opened.report, opened.key, item.pk)
    EvidenceFile.objects.filter(pk=item.pk).update(removal_due_on=coarse_time.today().date())
    assert actions.keep_by_reporter(opened.report, item.pk)
    assert actions.remove_due(coarse_time.today() + timedelta(days=60)) == 0
    item.refresh_from_db()
    assert item.removal_due_on is None and not actions.shared_with_police(item, opened.key)
    assert [e.action for e in AuditEntry.objects.filter(target=opened.report.reference, action__startswith="evidence.")] == [
        "evidence.added",
        "evidence.removal_requested",
        "evidence.removal_cancelled",
        "evidence.removal_requested",
        "evidence.removal_cancelled",
    ]


def test_opening_for_review_marks_the_first_reviewer_and_is_audited(world, opened):
    from safereport.audit.models import AuditEntry

    item = actions.add_evidence(opened.report, opened.key, samples.photo())
    shown = actions.open_for_review(item, world.north.unlocked, world.north.advocate)
    assert shown.content_type == "image/jpeg" and shown.filename.endswith("-file-1.jpg")
    item.refresh_from_db()
    assert item.reviewed_by == world.north.advocate and item.reviewed_on is not None
    assert item.reviewed_on.hour == 0  # the day only
    read = AuditEntry.objects.filter(action="case.read", target=opened.report.reference).last()
    assert read.detail == {"part": "evidence", "number": 1}
