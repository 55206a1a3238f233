"""Everything sealed to a public key is padded: its size says only which bucket it falls in."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey, PublicKey, SealedBox

from safereport.firewall import police_updates
from safereport.firewall import referrals as police_referrals
from safereport.vault import crypto, keyring

SHORT = [b"", b"x", b"NS/2026/88812", b"CRN 4471/26 (Harrowgate station)", "جريمة ٤٤٧١".encode(), b"\x80\x00\x00"]


def test_seals_of_different_short_plaintexts_to_a_public_key_have_one_size():
    pair = crypto.KeyPair.generate()
    sizes = {len(crypto.seal_to(pair.public_key, text)) for text in SHORT}
    assert len(sizes) == 1, sizes


def test_seal_to_a_public_key_hides_length_within_a_bucket_and_grows_by_buckets():
    pair = crypto.KeyPair.generate()
    assert len(crypto.seal_to(pair.public_key, b"a" * 70)) == len(crypto.seal_to(pair.public_key, b"b" * 120))
    assert len(crypto.seal_to(pair.public_key, b"a" * 70)) < len(crypto.seal_to(pair.public_key, b"b" * 200))


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=600))
def test_padded_seal_round_trips_any_bytes(plaintext):
    pair = crypto.KeyPair.generate()
    assert pair.open(crypto.seal_to(pair.public_key, plaintext)) == plaintext


def test_seals_made_before_padding_still_open_and_reseal_padded(world):
    unlocked = world.north.unlocked
    _fingerprint, pair = unlocked.active()
    for legacy_plaintext in (b"NS/2026/1", pair.secret, b'{"format": "safereport.signed/1"}'):
        legacy = SealedBox(PublicKey(pair.public_key)).encrypt(legacy_plaintext)
        assert pair.open(legacy) == legacy_plaintext
        assert keyring.open_for_organisation(unlocked, legacy) == legacy_plaintext
        # Rotation re-seals through the same function, so an old seal comes out padded.
        resealed = keyring.reseal_for_organisation(unlocked, keyring.active_key(world.north.org.pk), legacy)
        assert SealedBox(PrivateKey(pair.secret[:32])).decrypt(resealed).startswith(crypto.SEAL_PADDING_MARK)
        assert len(resealed) == len(crypto.seal_to(pair.public_key, legacy_plaintext)) > len(legacy)
        assert keyring.open_for_organisation(unlocked, resealed) == legacy_plaintext


def test_organisation_seals_of_different_short_texts_have_one_size(world):
    """Disclosure-register entries (what was asked, the cited basis) are sealed this way."""
    sizes = {len(keyring.seal_to_organisation(world.north.org.pk, text)[0]) for text in SHORT}
    assert len(sizes) == 1, sizes


@pytest.fixture
def two_referrals(world, make_report):
    consent = {"police": {"share_contact": False, "share_narrative": True}}
    referrals = []
    for narrative in ("He hit me.", "He hit me outside the bakery on the corner of the high street."):
        report, _codename = make_report(narrative=narrative, consent=consent)
        referrals.append(police_referrals.refer_to_police(report, world.police.org, world.north.unlocked, world.north.advocate))
    return referrals


def test_referral_packages_of_different_short_narratives_have_one_size(two_referrals):
    assert len({len(bytes(r.package_sealed)) for r in two_referrals}) == 1


def test_crime_references_of_different_lengths_are_sealed_to_one_size(world, two_referrals):
    for referral, number in zip(two_referrals, ("CR1", "NS/2026/0000088812/0001-A2")):
        police_updates.record_crime_reference(referral, world.police.unlocked, world.police.police_liaison, number)
        referral.refresh_from_db()
    assert len({len(bytes(r.crime_reference_for_police)) for r in two_referrals}) == 1
    assert len({len(bytes(r.crime_reference_for_sender)) for r in two_referrals}) == 1
    opened = police_referrals.crime_reference_for_sender(two_referrals[1], world.north.unlocked)
    assert opened == "NS/2026/0000088812/0001-A2"
