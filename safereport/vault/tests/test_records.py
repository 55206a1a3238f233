"""Per-record data keys: sealed to one organisation, wrapped under the codename, gone on erasure."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safereport.intake.codename import new_codename, normalise
from safereport.vault import crypto, keyring, records
from safereport.vault.models import CodenameWrap, DataKey, SealedDataKey


@pytest.fixture
def codename():
    return normalise(new_codename())


def test_data_key_is_sealed_to_the_organisations_public_key(world, codename):
    data_key, raw = records.create_data_key(world.north.org.pk, codename)
    seal = SealedDataKey.objects.get(data_key=data_key)
    assert seal.org_key.organisation_id == world.north.org.pk
    assert raw not in bytes(seal.sealed)
    assert records.open_with_organisation(data_key.pk, world.north.unlocked) == raw


def test_data_key_can_be_created_with_nobody_signed_in(world, codename):
    """Submission needs only public keys: creating a key never asks for an unlocked organisation."""
    data_key, raw = records.create_data_key(world.south.org.pk, codename)
    assert records.open_with_organisation(data_key.pk, world.south.unlocked) == raw


def test_sealed_data_key_does_not_open_with_another_organisations_key(world, codename):
    data_key, _raw = records.create_data_key(world.north.org.pk, codename)
    for other in (world.south.unlocked, world.police.unlocked):
        with pytest.raises(keyring.AccessDenied):
            records.open_with_organisation(data_key.pk, other)


def test_other_organisations_private_key_cannot_open_the_seal_even_if_pointed_at_it(world, codename):
    """Defence in depth: even bypassing the organisation check, another key pair cannot open the sealed box."""
    data_key, _raw = records.create_data_key(world.north.org.pk, codename)
    seal = SealedDataKey.objects.get(data_key=data_key)
    ((_fp, south_pair),) = world.south.unlocked.keys.items()
    with pytest.raises(crypto.DecryptionFailed):
        south_pair.open(bytes(seal.sealed))


def test_codename_opens_the_data_key(world, codename):
    data_key, raw = records.create_data_key(world.north.org.pk, codename)
    opened_key, opened_raw = records.open_with_codename(codename)
    assert opened_key.pk == data_key.pk and opened_raw == raw


def test_no_codename_means_no_codename_wrap(world):
    data_key, _raw = records.create_data_key(world.north.org.pk, None)
    assert not CodenameWrap.objects.filter(data_key=data_key).exists()


def test_wrong_and_erased_codenames_get_the_same_none(world, codename):
    data_key, _raw = records.create_data_key(world.north.org.pk, codename)
    never_existed = records.open_with_codename(normalise(new_codename()))
    records.destroy_data_key(data_key.pk)
    erased = records.open_with_codename(codename)
    assert never_existed is None and erased is None


def test_destroying_a_data_key_removes_every_seal_and_wrap(world, codename):
    data_key, _raw = records.create_data_key(world.north.org.pk, codename)
    records.destroy_data_key(data_key.pk)
    assert not DataKey.objects.filter(pk=data_key.pk).exists()
    assert not SealedDataKey.objects.filter(data_key_id=data_key.pk).exists()
    assert not CodenameWrap.objects.filter(data_key_id=data_key.pk).exists()
    with pytest.raises(keyring.AccessDenied):
        records.open_with_organisation(data_key.pk, world.north.unlocked)


def test_codename_wrap_stores_neither_the_codename_nor_the_key(world, codename):
    data_key, raw = records.create_data_key(world.north.org.pk, codename)
    wrap = CodenameWrap.objects.get(data_key=data_key)
    stored = bytes(wrap.lookup) + bytes(wrap.wrapped)
    assert codename.encode() not in stored
    assert raw not in stored
    # The lookup digest is not the wrapping key: knowing the table does not open the wrap.
    with pytest.raises(crypto.DecryptionFailed):
        crypto.aead_open(bytes(wrap.lookup), bytes(wrap.wrapped), f"data-key:{data_key.pk}".encode())


def test_tampered_codename_wrap_gives_none(world, codename):
    data_key, _raw = records.create_data_key(world.north.org.pk, codename)
    wrap = CodenameWrap.objects.get(data_key=data_key)
    blob = bytearray(bytes(wrap.wrapped))
    blob[-1] ^= 0x01
    CodenameWrap.objects.filter(pk=wrap.pk).update(wrapped=bytes(blob))
    assert records.open_with_codename(codename) is None


def test_codename_wrap_moved_to_another_data_key_gives_none(world, codename):
    """The data key id is bound into the wrap: pointing it at another record does not open that record."""
    first, _ = records.create_data_key(world.north.org.pk, codename)
    other, _ = records.create_data_key(world.north.org.pk, normalise(new_codename()))
    CodenameWrap.objects.filter(data_key=other).delete()
    CodenameWrap.objects.filter(data_key=first).update(data_key=other)
    assert records.open_with_codename(codename) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(guess=st.text(min_size=1, max_size=80))
def test_arbitrary_guesses_never_open_a_data_key(world, guess):
    codename = normalise(new_codename())
    records.create_data_key(world.north.org.pk, codename)
    if normalise(guess) != codename:
        assert records.open_with_codename(normalise(guess)) is None
