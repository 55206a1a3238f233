"""Signed documents: round trip, tamper evidence, key knowledge, referrals, and the verify_package command."""

import json
from types import SimpleNamespace

import nacl.exceptions
import nacl.signing
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport.firewall import referral_keys
from safereport.firewall.referrals import REFERRAL_KIND, open_referral, refer_to_police
from safereport.vault import crypto, keyring, signing
from safereport.vault.rotation import rotate_organisation_key

PAYLOAD = {"kind": "receipt", "reference": "SR-TEST-0001", "note": "مرحبا — señal", "count": 3, "flags": [True, None]}


def _signed(world, payload=PAYLOAD):
    return signing.sign_document(json.loads(json.dumps(payload)), world.north.unlocked, world.north.org)


def _verify_command(path, *args):
    out = []
    call_command("verify_package", str(path), *args, stdout=SimpleNamespace(write=out.append, flush=lambda: None))
    return "".join(out)


def test_signed_document_round_trip_names_the_signer_and_a_known_current_key(world):
    document = _signed(world)
    assert document["format"] == "safereport.signed/1" and set(document) == {"format", "payload", "signer", "signature"}
    result = signing.verify_document(document)
    assert result.ok and result.key == signing.KEY_CURRENT and result.key_organisation == "North Support"
    assert result.signer == {
        "organisation": "North Support",
        "fingerprint": keyring.active_key(world.north.org.pk).fingerprint,
        "verify_key": bytes(keyring.active_key(world.north.org.pk).verify_key).hex(),
    }
    assert result.payload == PAYLOAD


def test_documented_plain_pynacl_procedure_verifies_a_document(world):
    """The recipe in docs/packages.md, for a force that does not run SafeReport."""
    text = signing.document_bytes(_signed(world)).decode("utf-8")

    doc = json.loads(text)
    signature = bytes.fromhex(doc.pop("signature"))
    message = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    nacl.signing.VerifyKey(bytes.fromhex(doc["signer"]["verify_key"])).verify(message, signature)

    doc["payload"]["reference"] = "SR-TEST-0002"
    message = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    with pytest.raises(nacl.exceptions.BadSignatureError):
        nacl.signing.VerifyKey(bytes.fromhex(doc["signer"]["verify_key"])).verify(message, signature)


def test_signature_does_not_depend_on_whitespace_or_key_order_of_the_file(world):
    document = _signed(world)
    reordered = json.loads(json.dumps(dict(reversed(list(document.items()))), indent=7))
    assert signing.verify_document(signing.load_document(json.dumps(reordered, ensure_ascii=True))).ok


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["payload"].update(reference="SR-TEST-0002"),
        lambda d: d["payload"].update(extra="added"),
        lambda d: d["payload"].pop("note"),
        lambda d: d["payload"]["flags"].append(False),
        lambda d: d["signer"].update(organisation="South Support"),
        lambda d: d["signer"].update(fingerprint="0000-0000-0000-0000-0000-0000-0000-0000"),
        lambda d: d.update(signature=("0" if d["signature"][0] != "0" else "1") + d["signature"][1:]),
        lambda d: d.update(signature=d["signature"][:-2]),
        lambda d: d.update(signature="not hex at all"),
        lambda d: d.update(format="safereport.signed/2"),
        lambda d: d.update(comment="unsigned addition"),
        lambda d: d.pop("signer"),
    ],
    ids=[
        "payload-value",
        "payload-added",
        "payload-removed",
        "payload-list",
        "signer-name",
        "signer-fingerprint",
        "signature-byte",
        "signature-short",
        "signature-not-hex",
        "format",
        "top-level-added",
        "signer-missing",
    ],
)
def test_any_change_to_payload_signer_or_signature_is_detected(world, tamper):
    document = _signed(world)
    tamper(document)
    result = signing.verify_document(document)
    assert not result.ok and result.reason


def test_a_different_verify_key_in_the_signer_block_is_detected(world):
    document = _signed(world)
    document["signer"]["verify_key"] = crypto.KeyPair.generate().verify_key.hex()
    assert not signing.verify_document(document).ok


def test_document_signed_by_a_key_this_installation_never_saw_is_valid_but_unknown(world):
    stranger = crypto.KeyPair.generate()
    document = signing.sign_document({"kind": "receipt"}, stranger, SimpleNamespace(name="Impostor Support", pk=None))
    result = signing.verify_document(document)
    assert result.ok and result.key == signing.KEY_UNKNOWN and not result.known
    assert result.signer["fingerprint"] == crypto.fingerprint(stranger.public_key)


def test_claiming_a_known_fingerprint_with_another_key_is_a_forgery(world):
    stranger = crypto.KeyPair.generate()
    document = {
        "format": signing.FORMAT,
        "payload": {"kind": "receipt"},
        "signer": {
            "organisation": "North Support",
            "fingerprint": keyring.active_key(world.north.org.pk).fingerprint,
            "verify_key": stranger.verify_key.hex(),
        },
    }
    document["signature"] = stranger.sign(signing.canonical_bytes(document)).hex()
    result = signing.verify_document(document)
    assert not result.ok and "forged" in result.reason


def test_documents_signed_before_a_rotation_still_verify_with_the_retired_key(world):
    document = _signed(world)
    rotate_organisation_key(keyring.unlock_organisation(world.north.supervisor, world.password), actor="test")
    result = signing.verify_document(document)
    assert result.ok and result.key == signing.KEY_RETIRED and result.known


def test_keys_of_one_organisation_cannot_sign_as_another(world):
    with pytest.raises(ValueError):
        signing.sign_document({"kind": "receipt"}, world.south.unlocked, world.north.org)


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "receipt", "amount": 1.5},
        {"kind": "receipt", "big": 2**60},
        {"kind": "receipt", 1: "x"},
        {"kind": "receipt", "clé": "x"},
        {"kind": "receipt", "when": object()},
        {"no_kind": True},
        ["kind"],
    ],
)
def test_values_without_one_portable_json_form_are_refused_at_signing(world, payload):
    with pytest.raises(signing.MalformedDocument):
        signing.sign_document(payload, world.north.unlocked, world.north.org)


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1, "a": 2}',
        b"\xff\xfe not utf-8",
        b"[1, 2]",
        b'{"a": NaN}',
        b'{"a": 1.0}',
        b"",
        b"{" * 100000,
    ],
)
def test_load_document_refuses_ambiguous_or_broken_json(data):
    with pytest.raises(signing.MalformedDocument):
        signing.load_document(data)


def _referred(world, make_report, **overrides):
    report, _ = make_report(consent={"police": {"share_contact": False, "share_narrative": True}}, **overrides)
    return refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate)


def test_referral_is_a_signed_document_of_the_firewall_package_sealed_to_the_force(world, make_report):
    referral = _referred(world, make_report)
    envelope = json.loads(referral_keys.opened(referral, world.police.unlocked, "package", referral.package_sealed))
    assert envelope["format"] == signing.FORMAT and envelope["payload"]["kind"] == REFERRAL_KIND
    assert envelope["payload"]["package"]["reference"] == referral.report.reference
    assert set(envelope["payload"]) == {"kind", "package"}
    opened = open_referral(referral, world.police.unlocked, world.police.police_liaison)
    assert opened.signature_valid and opened.document == envelope and opened.package == envelope["payload"]["package"]
    with pytest.raises(keyring.AccessDenied):
        world.north.unlocked.open_any(bytes(referral.package_sealed))  # sealed to the force, not the sender


def _reseal(world, referral, document):
    force_key = keyring.active_key(world.police.org.pk)
    key = referral_keys.key_of(referral, world.police.unlocked)
    referral.package_sealed = referral_keys.seal(referral.record_id, key, "package", json.dumps(document).encode(), force_key)
    referral.save()


def test_referral_altered_after_signing_does_not_verify_when_opened(world, make_report):
    referral = _referred(world, make_report)
    document = open_referral(referral, world.police.unlocked, world.police.police_liaison).document
    document["payload"]["package"]["crime"]["type"] = "theft"
    _reseal(world, referral, document)
    assert not open_referral(referral, world.police.unlocked, world.police.police_liaison).signature_valid


def test_referral_signed_by_an_organisation_other_than_the_referrer_is_not_valid(world, make_report):
    referral = _referred(world, make_report)
    document = open_referral(referral, world.police.unlocked, world.police.police_liaison).document
    _reseal(world, referral, signing.sign_document(document["payload"], world.south.unlocked, world.south.org))
    assert not open_referral(referral, world.police.unlocked, world.police.police_liaison).signature_valid


def test_verify_package_reports_a_good_document_and_its_known_key(world, tmp_path):
    path = tmp_path / "receipt.json"
    path.write_bytes(signing.document_bytes(_signed(world)))
    out = _verify_command(path)
    assert out.startswith("VERIFIED") and "KNOWN to this installation (current key of North Support)" in out
    assert "SR-TEST-0001" in out and keyring.active_key(world.north.org.pk).fingerprint in out


def test_verify_package_fails_when_one_byte_of_the_payload_is_flipped(world, tmp_path):
    data = bytearray(signing.document_bytes(_signed(world)))
    data[data.index(b"SR-TEST-0001") + 11] ^= 0x03  # "...0001" becomes "...0002": still valid JSON
    path = tmp_path / "receipt.json"
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="NOT VERIFIED: The signature does not match"):
        _verify_command(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01garbage\xff" * 50, "not UTF-8"),
        (b"hello, this is not json", "not valid JSON"),
        (b'{"format": "something-else", "payload": {}}', "Not a SafeReport signed document"),
        (b'["a list"]', "not an object"),
    ],
)
def test_verify_package_refuses_files_that_are_not_signed_documents(db, tmp_path, content, message):
    path = tmp_path / "file.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _verify_command(path)


def test_verify_package_says_clearly_when_the_file_is_missing(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _verify_command(tmp_path / "nowhere.json")


def test_verify_package_prints_the_fingerprint_of_an_unknown_key_for_comparison(db, tmp_path):
    stranger = crypto.KeyPair.generate()
    path = tmp_path / "doc.json"
    path.write_bytes(
        signing.document_bytes(signing.sign_document({"kind": "receipt"}, stranger, SimpleNamespace(name="Elsewhere")))
    )
    out = _verify_command(path)
    assert "NOT KNOWN to this installation" in out and crypto.fingerprint(stranger.public_key) in out
    assert stranger.verify_key.hex() in out
    with pytest.raises(CommandError, match="not known"):
        _verify_command(path, "--require-known-key")
