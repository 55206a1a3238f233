"""Signed audit checkpoints: every tampering the issue measured is caught by a kept checkpoint and by verify_audit."""

import json
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safereport.audit import log, merkle, tree
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.audit.models import AuditCheckpoint, AuditEntry, AuditHead, AuditTreeNode
from safereport.vault import audit_checkpoints
from safereport.vault.audit_checkpoints import make_checkpoint


def _entries(count, start=0):
    for i in range(start, start + count):
        record(AuditAction.CASE_READ, actor=f"staff:{i % 3}", target=f"case:{i % 5}", n=i)


def _leaves():
    return [tree.leaf_of(h) for h in AuditEntry.objects.order_by("seq").values_list("entry_hash", flat=True)]


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _rewrite(change):
    """What someone with the database does: change the rows, then renumber and rehash the whole chain and its head."""
    rows = list(AuditEntry.objects.order_by("seq").values("at", "actor", "action", "target", "detail"))
    rows = change(rows)
    _sql(f"DELETE FROM {AuditEntry._meta.db_table}")  # noqa: S608 (fixed table name)
    prev, fresh = log.GENESIS, []
    for seq, row in enumerate(rows, start=1):
        at = row["at"].astimezone(log.UTC).isoformat()
        digest = log._digest(seq, at, row["actor"], row["action"], row["target"], row["detail"], prev)
        fresh.append(AuditEntry(seq=seq, prev_hash=prev, entry_hash=digest, **row))
        prev = digest
    AuditEntry.objects.bulk_create(fresh)
    _sql(f"UPDATE {AuditHead._meta.db_table} SET seq = %s, entry_hash = %s", [len(rows), prev])  # noqa: S608
    assert log.verify().ok  # the chain alone cannot tell


def _edit(rows):
    rows[7]["target"] = "case:999"
    return rows


def _delete_one(rows):
    return rows[:10] + rows[11:]


def _swap(rows):
    rows[3], rows[4] = rows[4], rows[3]
    return rows


def _remove_a_case(rows):
    return [r for r in rows if r["target"] != "case:2"]


def _cut_tail_and_head():
    cut = tree.log_size() - 20
    _sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq > %s", [cut])  # noqa: S608
    _sql(f"DELETE FROM {AuditHead._meta.db_table}")  # noqa: S608


def _empty():
    _sql(f"DELETE FROM {AuditEntry._meta.db_table}")  # noqa: S608
    _sql(f"DELETE FROM {AuditHead._meta.db_table}")  # noqa: S608


TAMPERING = {
    "edit an entry and rehash": (lambda: _rewrite(_edit), "history was rewritten"),
    "delete a row and rehash": (lambda: _rewrite(_delete_one), "history was rewritten"),
    "swap two rows and rehash": (lambda: _rewrite(_swap), "history was rewritten"),
    "remove every entry of one case and rehash": (lambda: _rewrite(_remove_a_case), "history was rewritten"),
    "delete the last 20 rows and the head": (_cut_tail_and_head, "cut short"),
    "empty the table": (_empty, "cut short"),
}
IN_VERIFY_AUDIT = {"history was rewritten": "history was rewritten", "cut short": "entries were removed from the end"}


@pytest.fixture
def kept(db, tmp_path):
    """30 entries, a checkpoint someone outside kept as a file, then 10 more entries."""
    _entries(30)
    path = tmp_path / "kept-checkpoint.json"
    path.write_text(json.dumps(make_checkpoint().document()))
    _entries(10, start=30)
    return path


def _verify_checkpoint(*args):
    out = StringIO()
    call_command("verify_checkpoint", *map(str, args), stdout=out)
    return out.getvalue()


def _verify_audit():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_a_checkpoint_signs_the_tree_head_of_the_whole_log(db, settings):
    _entries(13)
    checkpoint = make_checkpoint()
    assert checkpoint.tree_size == 13 and checkpoint.root_hash == merkle.root_of(_leaves()).hex()
    assert audit_checkpoints.signature_problem(checkpoint, audit_checkpoints.trusted_keys()) == ""
    assert (
        checkpoint.message() == f"safereport-audit-checkpoint v1\n13\n{checkpoint.root_hash}\n{checkpoint.signed_at}\n".encode()
    )
    assert AuditCheckpoint.objects.get().root_hash == checkpoint.root_hash
    line = settings.AUDIT_CHECKPOINT_LOG.read_text().splitlines()
    assert [audit_checkpoints.parse(text) for text in line] == [checkpoint]
    assert stat.S_IMODE(settings.AUDIT_CHECKPOINT_KEY_FILE.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.AUDIT_CHECKPOINT_LOG.stat().st_mode) == 0o600


def test_the_audit_checkpoint_command_prints_the_checkpoint_and_the_key_is_not_in_the_database(db, settings):
    _entries(3)
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    document = json.loads(out.getvalue())
    assert document["tree_size"] == 3 and document["format"] == audit_checkpoints.FORMAT
    secret = settings.AUDIT_CHECKPOINT_KEY_FILE.read_bytes()
    assert b"PRIVATE KEY" in secret
    dumped = json.dumps(list(AuditCheckpoint.objects.values("root_hash", "signature", "key_id")))
    assert secret.decode() not in dumped


def test_an_intact_log_verifies_against_every_checkpoint_and_a_kept_one(kept):
    make_checkpoint()
    assert "40 entries verified against 2 signed checkpoints" in _verify_audit()
    assert '"consistent": true' in _verify_checkpoint(kept)


def test_appending_an_entry_writes_no_tree_node(kept):
    before = AuditTreeNode.objects.count()
    _entries(5, start=40)
    assert AuditTreeNode.objects.count() == before


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_each_tampering_is_detected_by_a_kept_checkpoint_and_by_verify_audit(kept, tampering):
    tamper, expected = TAMPERING[tampering]
    tamper()
    with pytest.raises(CommandError, match=expected):
        _verify_checkpoint(kept)
    with pytest.raises(CommandError, match=IN_VERIFY_AUDIT[expected]):
        _verify_audit()


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_a_kept_checkpoint_catches_tampering_even_when_the_key_holder_wipes_and_re_signs(kept, settings, tampering):
    """The operator holds the key: they rewrite, drop every checkpoint and sign afresh. Only a kept copy tells."""
    tamper, expected = TAMPERING[tampering]
    tamper()
    _sql(f"DELETE FROM {AuditCheckpoint._meta.db_table}")  # noqa: S608
    _sql(f"DELETE FROM {AuditTreeNode._meta.db_table}")  # noqa: S608
    settings.AUDIT_CHECKPOINT_LOG.unlink()
    make_checkpoint()
    assert "Audit log intact" in _verify_audit()
    with pytest.raises(CommandError, match=expected):
        _verify_checkpoint(kept)


def test_deleting_checkpoints_from_the_database_is_found_from_the_checkpoint_log_file(kept):
    _empty()
    _sql(f"DELETE FROM {AuditCheckpoint._meta.db_table}")  # noqa: S608
    with pytest.raises(CommandError) as refused:
        _verify_audit()
    assert "not in the database: checkpoints were deleted" in str(refused.value)
    assert "entries were removed from the end" in str(refused.value)


def test_an_altered_checkpoint_is_not_genuine(kept):
    document = json.loads(kept.read_text())
    document["tree_size"] = 25
    kept.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="not genuine: its signature does not match"):
        _verify_checkpoint(kept)


def test_a_forged_checkpoint_row_fails_verify_audit(kept):
    _sql(f"UPDATE {AuditCheckpoint._meta.db_table} SET root_hash = %s", ["ab" * 32])  # noqa: S608
    with pytest.raises(CommandError, match="not genuine"):
        _verify_audit()


def test_a_checkpoint_by_a_key_not_trusted_here_is_refused_until_its_public_key_is_given(kept, settings, tmp_path):
    public = audit_checkpoints.public_key_hex()
    settings.AUDIT_CHECKPOINT_KEY_FILE = tmp_path / "rotated.key"  # key rotation: a new key, the old one moved away
    with pytest.raises(CommandError, match="which is not a trusted checkpoint key"):
        _verify_checkpoint(kept)
    assert '"consistent": true' in _verify_checkpoint(kept, "--public-key", public)
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = [public]
    make_checkpoint()  # signed by the new key
    assert "2 signed checkpoints" in _verify_audit()


def test_a_kept_checkpoint_links_to_a_later_one_through_the_log_and_offline_with_a_proof(kept, tmp_path):
    later = tmp_path / "later.json"
    later.write_text(json.dumps(make_checkpoint().document()))
    assert '"consistent": true' in _verify_checkpoint(kept, "--against", later)
    proof = tmp_path / "proof.json"
    proof.write_text(json.dumps({"from": 30, "to": 40, "proof": [h.hex() for h in tree.consistency_proof(30, 40)]}))
    _empty()  # offline: the proof and the two checkpoints are all it needs
    assert '"consistent": true' in _verify_checkpoint(kept, "--against", later, "--proof", proof)
    bent = json.loads(proof.read_text())
    bent["proof"][0] = "00" * 32
    proof.write_text(json.dumps(bent))
    with pytest.raises(CommandError, match="does not link"):
        _verify_checkpoint(kept, "--against", later, "--proof", proof)


def test_a_file_that_is_not_a_checkpoint_is_refused_with_what_is_wrong(db, tmp_path):
    path = tmp_path / "nonsense.json"
    for content, reason in [
        ("{", "not valid JSON"),
        ('{"format": "other"}', "Not a SafeReport audit checkpoint"),
        (json.dumps({"format": audit_checkpoints.FORMAT}), "exactly the members"),
    ]:
        path.write_text(content)
        with pytest.raises(CommandError, match=reason):
            _verify_checkpoint(path)
    with pytest.raises(CommandError, match="Cannot read"):
        _verify_checkpoint(tmp_path / "absent.json")


def test_stored_nodes_give_the_reference_proofs_in_a_few_queries(db, django_assert_max_num_queries):
    _entries(21)
    make_checkpoint()
    _entries(16, start=21)
    make_checkpoint()
    leaves = _leaves()
    for second in (21, 37):
        assert tree.root_at(second) == merkle.root_of(leaves[:second])
        for first in range(1, second + 1):
            with django_assert_max_num_queries(2):
                proof = tree.consistency_proof(first, second)
            assert proof == merkle.consistency_proof(first, leaves[:second])
    assert AuditTreeNode.objects.count() == 37 - bin(37).count("1")


def test_a_tampered_stored_node_is_named_by_verify_audit(kept):
    make_checkpoint()
    _sql(
        f"UPDATE {AuditTreeNode._meta.db_table} SET hash = %s WHERE level = 2 AND {connection.ops.quote_name('index')} = 1",
        [b"\x00" * 32],
    )  # noqa: S608
    with pytest.raises(CommandError, match=r"Stored tree node \(2, 1\)"):
        _verify_audit()


def test_a_checkpoint_of_a_broken_log_is_refused(kept):
    _sql(f"UPDATE {AuditEntry._meta.db_table} SET target = %s WHERE seq = 3", ["case:x"])  # noqa: S608
    with pytest.raises(CommandError, match="Not signing a checkpoint of a log that does not verify"):
        call_command("audit_checkpoint", stdout=StringIO())
    assert AuditCheckpoint.objects.count() == 1


def test_a_key_file_others_can_read_is_refused_and_nothing_is_signed(db, settings):
    make_checkpoint()
    settings.AUDIT_CHECKPOINT_KEY_FILE.chmod(0o644)
    with pytest.raises(CommandError, match="readable by others"):
        call_command("audit_checkpoint", stdout=StringIO())
    assert AuditCheckpoint.objects.count() == 1


def test_a_key_file_that_is_not_a_key_is_refused(db, settings):
    settings.AUDIT_CHECKPOINT_KEY_FILE.parent.mkdir(parents=True)
    settings.AUDIT_CHECKPOINT_KEY_FILE.write_text("not a key")
    settings.AUDIT_CHECKPOINT_KEY_FILE.chmod(0o600)
    with pytest.raises(CommandError, match="not a PEM Ed25519 private key"):
        call_command("audit_checkpoint", stdout=StringIO())


def test_a_malformed_trusted_key_setting_is_named(kept, settings):
    settings.AUDIT_CHECKPOINT_TRUSTED_KEYS = ["abc"]
    with pytest.raises(CommandError, match="'abc' is not 64 hex digits"):
        _verify_audit()


def test_verifying_never_creates_a_key(db, settings):
    _verify_audit()
    assert not settings.AUDIT_CHECKPOINT_KEY_FILE.exists()
