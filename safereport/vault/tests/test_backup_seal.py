"""A sealed backup opens whole with its key or not at all, saying what is wrong with it."""

import io
import os
from datetime import date

import pytest

from safereport.vault import backup_seal, crypto


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(backup_seal, "CHUNK_BYTES", 64)
    return 64


def _sealed(tmp_path, archive: bytes, key: bytes):
    path = tmp_path / "b.backup"
    with path.open("wb") as out:
        header = backup_seal.seal(io.BytesIO(archive), out, key, engine="sqlite", created=date(2026, 6, 1))
    return path, header


def _prefix_length(data: bytes) -> int:
    return 12 + int.from_bytes(data[8:12], "big") + crypto.TAG_BYTES


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 64 * 5, 64 * 5 + 7])
def test_an_archive_of_any_size_opens_to_exactly_itself(tmp_path, small_chunks, size):
    archive, key = os.urandom(size), crypto.random_key()
    path, header = _sealed(tmp_path, archive, key)
    assert header.chunks == size // 64 + 1
    out = io.BytesIO()
    opened = backup_seal.open_sealed(path, key, out)
    assert out.getvalue() == archive and opened.archive_bytes == size and opened.engine == "sqlite"
    assert opened.created == date(2026, 6, 1)


def test_swapped_chunks_do_not_open(tmp_path, small_chunks):
    key = crypto.random_key()
    path, _header = _sealed(tmp_path, os.urandom(64 * 4 + 3), key)
    data = bytearray(path.read_bytes())
    start, step = _prefix_length(data), 64 + crypto.TAG_BYTES
    first, second = data[start : start + step], data[start + step : start + 2 * step]
    data[start : start + 2 * step] = second + first
    path.write_bytes(bytes(data))
    with pytest.raises(backup_seal.BackupRefused, match="damaged at part 1 of 5"):
        backup_seal.open_sealed(path, key)


def test_a_file_cut_at_a_chunk_boundary_with_its_header_lengthened_to_match_does_not_open(tmp_path, small_chunks):
    key = crypto.random_key()
    path, _header = _sealed(tmp_path, os.urandom(64 * 3), key)
    data = path.read_bytes()
    cut = data[: _prefix_length(data) + 3 * (64 + crypto.TAG_BYTES)]  # the empty last chunk dropped
    path.write_bytes(cut)
    with pytest.raises(backup_seal.BackupRefused, match="is truncated"):
        backup_seal.open_sealed(path, key)


def test_verifying_writes_nothing_and_a_refusal_names_the_wrong_key(tmp_path, small_chunks):
    path, _header = _sealed(tmp_path, os.urandom(200), crypto.random_key())
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(backup_seal.BackupRefused, match="another backup key"):
        backup_seal.open_sealed(path, crypto.random_key())
    assert sorted(os.listdir(tmp_path)) == before


def test_the_key_file_is_made_owner_only_and_a_loose_one_is_refused(tmp_path):
    path = tmp_path / "keys" / "backup.key"
    with pytest.raises(backup_seal.BackupKeyError, match="There is no backup key"):
        backup_seal.load_key(path)
    key = backup_seal.load_key(path, create=True)
    assert len(key) == 32 and oct(path.stat().st_mode & 0o777) == "0o600"
    assert backup_seal.load_key(path) == key
    path.chmod(0o644)
    with pytest.raises(backup_seal.BackupKeyError, match="readable by others"):
        backup_seal.load_key(path)
