"""Cryptographic primitives and record ciphers: what opens, and what must refuse to open."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safereport.vault import crypto
from safereport.vault.records import RecordCipher

texts = st.text(max_size=300)


@pytest.fixture
def key():
    return crypto.random_key()


def test_random_keys_are_256_bits_and_never_repeat():
    keys = {crypto.random_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(k) == 32 for k in keys)


@settings(max_examples=50, deadline=None)
@given(value=texts, record=st.text(min_size=1, max_size=40), field=st.text(min_size=1, max_size=20))
def test_record_cipher_round_trips_any_text(value, record, field):
    cipher = RecordCipher(crypto.random_key(), record)
    assert cipher.open(field, cipher.seal(field, value)) == value


@settings(max_examples=50, deadline=None)
@given(value=st.text(min_size=4, max_size=300).filter(lambda s: len(s.encode()) >= 4))
def test_sealed_field_does_not_contain_its_plaintext(value):
    blob = RecordCipher(crypto.random_key(), "report:1").seal("narrative", value)
    assert value.encode() not in blob


def test_sealing_the_same_value_twice_gives_different_ciphertexts(key):
    cipher = RecordCipher(key, "report:1")
    assert cipher.seal("narrative", "same words") != cipher.seal("narrative", "same words")


def test_ciphertext_moved_to_another_record_fails_to_open(key):
    blob = RecordCipher(key, "report:aaa").seal("narrative", "what happened")
    with pytest.raises(crypto.DecryptionFailed):
        RecordCipher(key, "report:bbb").open("narrative", blob)


def test_ciphertext_moved_to_another_field_fails_to_open(key):
    blob = RecordCipher(key, "report:aaa").seal("narrative", "what happened")
    with pytest.raises(crypto.DecryptionFailed):
        RecordCipher(key, "report:aaa").open("contact", blob)


def test_ciphertext_under_another_key_fails_to_open(key):
    blob = RecordCipher(key, "report:aaa").seal("narrative", "what happened")
    with pytest.raises(crypto.DecryptionFailed):
        RecordCipher(crypto.random_key(), "report:aaa").open("narrative", blob)


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=100), data=st.data())
def test_any_single_byte_tampering_fails_to_open(value, data):
    key = crypto.random_key()
    blob = bytearray(RecordCipher(key, "report:1").seal("narrative", value))
    index = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    blob[index] ^= flip
    with pytest.raises(crypto.DecryptionFailed):
        RecordCipher(key, "report:1").open("narrative", bytes(blob))


def test_truncated_ciphertext_fails_to_open(key):
    blob = RecordCipher(key, "report:1").seal("narrative", "what happened")
    for cut in (0, 5, crypto.NONCE_BYTES, len(blob) - 1):
        with pytest.raises(crypto.DecryptionFailed):
            RecordCipher(key, "report:1").open("narrative", blob[:cut])


def test_empty_field_opens_as_empty_text(key):
    assert RecordCipher(key, "report:1").open("contact", None) == ""


def test_sealed_box_opens_only_with_the_matching_private_key():
    alice, mallory = crypto.KeyPair.generate(), crypto.KeyPair.generate()
    sealed = crypto.seal_to(alice.public_key, b"data key bytes")
    assert alice.open(sealed) == b"data key bytes"
    with pytest.raises(crypto.DecryptionFailed):
        mallory.open(sealed)


def test_tampered_sealed_box_fails_to_open():
    pair = crypto.KeyPair.generate()
    sealed = bytearray(crypto.seal_to(pair.public_key, b"data key bytes"))
    sealed[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        pair.open(bytes(sealed))


def test_signature_verifies_only_for_the_signed_bytes_and_the_signer():
    signer, other = crypto.KeyPair.generate(), crypto.KeyPair.generate()
    signature = signer.sign(b"package")
    assert crypto.verify_signature(signer.verify_key, b"package", signature)
    assert not crypto.verify_signature(signer.verify_key, b"package!", signature)
    assert not crypto.verify_signature(other.verify_key, b"package", signature)
    assert not crypto.verify_signature(signer.verify_key, b"package", b"\x00" * 64)


def test_key_pair_from_the_same_seed_is_the_same_and_from_another_differs():
    assert crypto.KeyPair.from_seed(b"a" * 32) == crypto.KeyPair.from_seed(b"a" * 32)
    assert crypto.KeyPair.from_seed(b"a" * 32).public_key != crypto.KeyPair.from_seed(b"b" * 32).public_key


def test_password_key_depends_on_password_salt_and_cost():
    params = crypto.KdfParams.for_profile("minimum")
    salt = crypto.random_salt()
    base = crypto.password_key("a long password", salt, params)
    assert len(base) == crypto.KEY_BYTES
    assert base == crypto.password_key("a long password", salt, params)
    assert base != crypto.password_key("a long passworD", salt, params)
    assert base != crypto.password_key("a long password", crypto.random_salt(), params)
    stronger = crypto.KdfParams(params.opslimit + 1, params.memlimit)
    assert base != crypto.password_key("a long password", salt, stronger)


def test_kdf_profiles_rise_in_cost():
    minimum, interactive = crypto.KdfParams.for_profile("minimum"), crypto.KdfParams.for_profile("interactive")
    moderate = crypto.KdfParams.for_profile("moderate")
    assert minimum.memlimit < interactive.memlimit < moderate.memlimit
    with pytest.raises(KeyError):
        crypto.KdfParams.for_profile("none")


def test_secret_key_is_separated_by_purpose():
    assert crypto.secret_key("seven words", b"sr-codename-find") != crypto.secret_key("seven words", b"sr-codename-wrap")
    assert crypto.secret_key("seven words", b"sr-codename-find") == crypto.secret_key("seven words", b"sr-codename-find")


def test_fingerprint_is_stable_and_not_the_key_itself():
    pair = crypto.KeyPair.generate()
    fp = crypto.fingerprint(pair.public_key)
    assert fp == crypto.fingerprint(pair.public_key)
    assert fp != crypto.fingerprint(crypto.KeyPair.generate().public_key)
    assert pair.public_key.hex() not in fp.replace("-", "")
