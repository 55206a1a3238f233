"""RFC 6962 Merkle trees: Certificate Transparency's published test vectors, and proofs that refuse tampering."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.audit import merkle

# The eight leaves of the RFC 6962 reference tests (certificate-transparency's merkle_tree_test.cc, and
# Trillian's merkle/testonly): each is the leaf's data in hex.
LEAVES = [
    bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
LEAF_HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]

# Roots of the trees over the first 1..8 leaves, as published with those tests.
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}

# Consistency proofs (from, to) -> path, as published with those tests.
CONSISTENCY = {
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}

# Inclusion proofs (leaf index, tree size) -> path, as published with those tests.
INCLUSION = {
    (0, 1): [],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


def _hex(hashes):
    return [h.hex() for h in hashes]


def test_the_empty_tree_hashes_to_the_hash_of_nothing():
    assert merkle.root_of([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_roots_match_the_published_vectors(size):
    assert merkle.root_of(LEAF_HASHES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize("sizes", sorted(CONSISTENCY))
def test_consistency_proofs_match_the_published_vectors_and_verify(sizes):
    first, second = sizes
    proof = merkle.consistency_proof(first, LEAF_HASHES[:second])
    assert _hex(proof) == CONSISTENCY[sizes]
    assert merkle.verify_consistency(first, second, bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second]), proof)


@pytest.mark.parametrize("at", sorted(INCLUSION))
def test_inclusion_proofs_match_the_published_vectors_and_verify(at):
    index, size = at
    proof = merkle.inclusion_proof(index, LEAF_HASHES[:size])
    assert _hex(proof) == INCLUSION[at]
    assert merkle.verify_inclusion(LEAF_HASHES[index], index, size, proof, bytes.fromhex(ROOTS[size]))


def test_a_leaf_cannot_pass_for_an_interior_node():
    left, right = LEAF_HASHES[0], LEAF_HASHES[1]
    assert merkle.leaf_hash(left + right) != merkle.node_hash(left, right)


def test_a_consistency_proof_fails_for_a_rewritten_history():
    rewritten = [*LEAF_HASHES[:2], merkle.leaf_hash(b"rewritten"), *LEAF_HASHES[3:]]
    proof = merkle.consistency_proof(6, rewritten)
    assert not merkle.verify_consistency(6, 8, bytes.fromhex(ROOTS[6]), merkle.root_of(rewritten), proof)


def test_a_consistency_proof_fails_when_any_hash_in_it_changes():
    proof = merkle.consistency_proof(6, LEAF_HASHES)
    for i in range(len(proof)):
        bent = list(proof)
        bent[i] = hashlib.sha256(bent[i]).digest()
        assert not merkle.verify_consistency(6, 8, bytes.fromhex(ROOTS[6]), bytes.fromhex(ROOTS[8]), bent)


def test_a_proof_for_the_wrong_sizes_fails():
    proof = merkle.consistency_proof(6, LEAF_HASHES)
    assert not merkle.verify_consistency(5, 8, bytes.fromhex(ROOTS[5]), bytes.fromhex(ROOTS[8]), proof)
    assert not merkle.verify_consistency(6, 7, bytes.fromhex(ROOTS[6]), bytes.fromhex(ROOTS[7]), proof)
    assert not merkle.verify_consistency(8, 6, bytes.fromhex(ROOTS[8]), bytes.fromhex(ROOTS[6]), proof)


def test_an_inclusion_proof_fails_for_another_leaf_or_index():
    proof = merkle.inclusion_proof(5, LEAF_HASHES)
    root = bytes.fromhex(ROOTS[8])
    assert not merkle.verify_inclusion(LEAF_HASHES[4], 5, 8, proof, root)
    assert not merkle.verify_inclusion(LEAF_HASHES[5], 4, 8, proof, root)
    assert not merkle.verify_inclusion(LEAF_HASHES[5], 8, 8, proof, root)


def test_proofs_for_impossible_sizes_are_refused():
    with pytest.raises(merkle.ProofError):
        merkle.consistency_ranges(0, 5)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_ranges(6, 5)
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_ranges(5, 5)


@given(st.integers(1, 70), st.data())
def test_every_proof_range_is_the_fold_of_its_blocks_and_every_proof_verifies(size, data):
    leaves = [merkle.leaf_hash(str(i).encode()) for i in range(size)]
    first = data.draw(st.integers(1, size))
    index = data.draw(st.integers(0, size - 1))
    root = merkle.root_of(leaves)
    for start, end in merkle.consistency_ranges(first, size) + merkle.inclusion_ranges(index, size):
        blocks = merkle.blocks_of(start, end)
        hashes = [merkle.root_of(leaves[i << level : (i + 1) << level]) for level, i in blocks]
        assert all(((i + 1) << level) <= size for level, i in blocks)
        assert merkle.fold(hashes) == merkle.root_of(leaves[start:end])
    proof = merkle.consistency_proof(first, leaves)
    assert merkle.verify_consistency(first, size, merkle.root_of(leaves[:first]), root, proof)
    assert merkle.verify_inclusion(leaves[index], index, size, merkle.inclusion_proof(index, leaves), root)
