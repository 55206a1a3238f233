"""RFC 6962 Merkle tree hashes, inclusion and consistency proofs, and their verification (pure hashlib).

A tree over n leaves is split at k, the largest power of two below n: MTH(D[0:n]) =
SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), and a leaf is SHA-256(0x00 || data), so a leaf can never
pass for an interior node. Proofs are built (RFC 6962 section 2.1) from the hashes of subtrees, asked
for by range, so a caller holding stored nodes answers each with a few lookups rather than the whole log;
verification follows RFC 9162 section 2.1.3.2 and 2.1.4.2, which needs only the two roots and the proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH of no leaves (RFC 6962: the hash of the empty string)

Range = tuple[int, int]  # [start, end) over leaf indexes
Block = tuple[int, int]  # (level, index): the complete subtree over leaves [index * 2**level, (index + 1) * 2**level)


class ProofError(ValueError):
    """A proof was asked for sizes or an index that do not make one."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH straight from the definition: the reference every faster path is tested against."""
    if not leaf_hashes:
        return EMPTY_ROOT
    if len(leaf_hashes) == 1:
        return leaf_hashes[0]
    k = _split(len(leaf_hashes))
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes make the audit path of leaf `index` in a tree of `size` (RFC 6962 PATH)."""
    if not 0 <= index < size:
        raise ProofError(f"Leaf {index} is not in a tree of {size} leaves.")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return ranges[::-1]  # leaf upwards, as PATH lists them


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The subtrees whose hashes prove a tree of `first` leaves is a prefix of one of `second` (RFC 6962 PROOF)."""
    if not 0 < first <= second:
        raise ProofError(f"No consistency proof from {first} to {second} leaves: need 0 < from <= to.")
    ranges: list[Range] = []
    start, end, whole = 0, second, True
    m = first
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            m -= k
            start += k
            whole = False
    if not whole:
        ranges.append((start, end))
    return ranges[::-1]  # SUBPROOF appends on the way back up, so the deepest subtree comes first


def blocks_of(start: int, end: int) -> list[Block]:
    """The complete, aligned subtrees that cover [start, end) from the left, largest first.

    Every range a proof asks for starts at a multiple of its own split, so its RFC 6962 hash is these
    blocks folded from the right (see `fold`).
    """
    blocks: list[Block] = []
    while start < end:
        level = (start & -start).bit_length() - 1 if start else (end - start).bit_length() - 1
        while (1 << level) > end - start:
            level -= 1
        blocks.append((level, start >> level))
        start += 1 << level
    return blocks


def fold(block_hashes: Sequence[bytes]) -> bytes:
    """The RFC 6962 hash of a range from its blocks' hashes, left to right."""
    result = block_hashes[-1]
    for block in reversed(block_hashes[:-1]):
        result = node_hash(block, result)
    return result


def prove(ranges: Iterable[Range], range_hash: Callable[[int, int], bytes]) -> list[bytes]:
    return [range_hash(start, end) for start, end in ranges]


def _list_hash(leaf_hashes: Sequence[bytes]) -> Callable[[int, int], bytes]:
    return lambda start, end: root_of(leaf_hashes[start:end])


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    return prove(inclusion_ranges(index, len(leaf_hashes)), _list_hash(leaf_hashes))


def consistency_proof(first: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    return prove(consistency_ranges(first, len(leaf_hashes)), _list_hash(leaf_hashes))


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2: does `leaf` (a leaf hash) sit at `index` of the tree with this root."""
    if not 0 <= index < size:
        return False
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree of `first` leaves with `first_root` a prefix of the second."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is itself a node of the new tree
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0
