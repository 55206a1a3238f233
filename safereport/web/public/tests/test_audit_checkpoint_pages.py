"""The public face of the audit log: the latest checkpoint on the transparency page, downloads, consistency proofs."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from safereport.audit import merkle, tree
from safereport.audit.actions import AuditAction
from safereport.audit.log import record
from safereport.audit.models import AuditEntry
from safereport.vault import audit_checkpoints
from safereport.vault.audit_checkpoints import make_checkpoint

PAGE, PROOF = "/en/transparency/", "/en/transparency/audit/consistency"


def _entries(count):
    for i in range(count):
        record(AuditAction.CASE_READ, actor="system", target=f"case:{i}")


@pytest.fixture
def checkpoints(db):
    """Two checkpoints, of 12 and of 20 entries."""
    _entries(12)
    first = make_checkpoint()
    _entries(8)
    return first, make_checkpoint()


def _rows():
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


def test_the_transparency_page_shows_the_latest_checkpoint_without_cookies(checkpoints):
    _first, latest = checkpoints
    response = Client().get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'id="audit-checkpoint-latest"' in html
    assert latest.root_hash in html and latest.key_id in html and latest.signed_at in html and ">20<" in html
    assert audit_checkpoints.public_key_hex() in html
    assert 'href="/en/transparency/audit/checkpoint.json"' in html and 'href="/en/transparency/audit/checkpoints.json"' in html


def test_the_page_says_when_no_checkpoint_was_signed_yet(db):
    html = Client().get(PAGE).content.decode()
    assert 'id="audit-checkpoint-none"' in html and "No checkpoint has been signed yet." in html


def test_the_page_is_translated(checkpoints):
    html = Client().get("/es/transparency/").content.decode()
    assert "Punto de control del registro de auditoría" in html and "Descargar el último punto de control (JSON)" in html


def test_the_latest_checkpoint_downloads_as_a_file_that_verifies(checkpoints):
    response = Client().get("/en/transparency/audit/checkpoint.json")
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="checkpoint.json"'
    assert "no-store" in response["Cache-Control"] and not response.cookies
    kept = audit_checkpoints.parse(response.content)
    assert kept == checkpoints[1]
    assert audit_checkpoints.signature_problem(kept, audit_checkpoints.trusted_keys()) == ""


def test_every_checkpoint_downloads_in_order(checkpoints):
    response = Client().get("/en/transparency/audit/checkpoints.json")
    documents = json.loads(response.content)
    assert [audit_checkpoints.Checkpoint.from_document(d) for d in documents] == list(checkpoints)


def test_the_latest_checkpoint_is_404_before_there_is_one(db):
    assert Client().get("/en/transparency/audit/checkpoint.json").status_code == 404


def test_a_consistency_proof_links_two_checkpoints_and_stores_nothing(checkpoints):
    first, latest = checkpoints
    before = _rows()
    response = Client().get(PROOF, {"from": 12, "to": 20})
    assert response.status_code == 200 and not response.cookies
    body = response.json()
    assert (body["format"], body["from"], body["to"]) == ("safereport.audit-consistency/1", 12, 20)
    proof = [bytes.fromhex(h) for h in body["proof"]]
    assert merkle.verify_consistency(12, 20, bytes.fromhex(first.root_hash), bytes.fromhex(latest.root_hash), proof)
    assert _rows() == before


@pytest.mark.parametrize(
    "params, says",
    [
        ({}, "Give both sizes"),
        ({"from": "3"}, "Give both sizes"),
        ({"from": "", "to": "5"}, "Give both sizes"),
        ({"from": "a", "to": "5"}, "whole numbers"),
        ({"from": "-1", "to": "5"}, "whole numbers"),
        ({"from": "1.5", "to": "5"}, "whole numbers"),
        ({"from": "9" * 40, "to": "5"}, "whole numbers"),
        ({"from": "0", "to": "5"}, "at least 1"),
        ({"from": "9", "to": "5"}, "not be larger than to"),
        ({"from": "5", "to": "21"}, "beyond the latest signed checkpoint, of 20 entries"),
    ],
)
def test_a_bad_consistency_request_is_400_with_what_is_wrong(checkpoints, params, says):
    response = Client().get(PROOF, params)
    assert response.status_code == 400 and says in response.json()["error"]


def test_with_no_checkpoint_every_size_is_beyond_it(db):
    _entries(3)
    response = Client().get(PROOF, {"from": 1, "to": 2})
    assert response.status_code == 400 and "of 0 entries" in response.json()["error"]


def test_a_log_shorter_than_its_checkpoint_is_409(checkpoints):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq > 15")  # noqa: S608
    response = Client().get(PROOF, {"from": 12, "to": 20})
    assert response.status_code == 409 and "fewer than the 20" in response.json()["error"]


def test_a_missing_entry_in_the_middle_is_409(checkpoints):
    # Proofs read leaves at the edges of stored subtrees: leaf 12 (entry 13) is one for 13 -> 20.
    assert (0, 12) in merkle.blocks_of(12, 13)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = 13")  # noqa: S608
    assert tree.log_size() == 20
    response = Client().get(PROOF, {"from": 13, "to": 20})
    assert response.status_code == 409 and "missing from the log" in response.json()["error"]


def test_only_get_is_answered(checkpoints):
    assert Client().post(PROOF, {"from": 12, "to": 20}).status_code == 405
