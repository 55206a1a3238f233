"""The Merkle tree over the audit log: leaves from the entries, interior nodes stored, proofs in a few queries.

Leaf i is entry seq i + 1 and its leaf data is the 32 bytes of that entry's chain hash (`entry_hash`), which
already binds the entry's content and everything before it. Interior nodes are stored lazily, when a
checkpoint is made (`extend_to`): appending an entry stays one insert in the audited transaction, and a
checkpoint, made on a schedule, pays for the nodes since the last one (about one per entry, amortised).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Max, Q

from . import merkle
from .models import AuditCheckpoint, AuditEntry, AuditTreeNode


class LogShorter(Exception):
    """The entries a tree of this size needs are not all in the log (removed from the end, or from the middle)."""


def leaf_of(entry_hash: str | None) -> bytes:
    if entry_hash is None:  # a place in the chain with no hash: someone cleared it
        raise LogShorter("an audit entry in the chain has no hash")
    return merkle.leaf_hash(bytes.fromhex(entry_hash))


def log_size() -> int:
    """The highest sequence number in the log (0 when empty): the size a new checkpoint covers."""
    return int(AuditEntry.objects.aggregate(top=Max("seq"))["top"] or 0)


def built_size() -> int:
    """How many leaves the stored nodes cover: nodes are made with checkpoints, so the largest checkpoint's size."""
    return int(AuditCheckpoint.objects.aggregate(top=Max("tree_size"))["top"] or 0)


def _leaves(indexes: Iterable[int]) -> dict[int, bytes]:
    wanted = sorted(set(indexes))
    if not wanted:
        return {}
    rows = AuditEntry.objects.filter(seq__in=[i + 1 for i in wanted]).values_list("seq", "entry_hash")
    found = {int(seq or 0) - 1: leaf_of(entry_hash) for seq, entry_hash in rows}
    missing = [i + 1 for i in wanted if i not in found]
    if missing:
        raise LogShorter(f"audit entry {missing[0]} is missing from the log")
    return found


def _leaf_range(start: int, end: int) -> list[bytes]:
    rows = AuditEntry.objects.filter(seq__gt=start, seq__lte=end).order_by("seq").values_list("seq", "entry_hash")
    hashes = []
    for expected, (seq, entry_hash) in enumerate(rows.iterator(chunk_size=2000), start=start + 1):
        if seq != expected:
            raise LogShorter(f"audit entry {expected} is missing from the log")
        hashes.append(leaf_of(entry_hash))
    if len(hashes) != end - start:
        raise LogShorter(f"audit entry {start + len(hashes) + 1} is missing from the log")
    return hashes


def _stored(blocks: Iterable[merkle.Block]) -> dict[merkle.Block, bytes]:
    by_level: dict[int, set[int]] = {}
    for level, index in blocks:
        by_level.setdefault(level, set()).add(index)
    found: dict[merkle.Block, bytes] = {}
    leaves = by_level.pop(0, set())
    found.update({(0, i): h for i, h in _leaves(leaves).items()})
    if by_level:
        query = Q()
        for level, indexes in by_level.items():
            query |= Q(level=level, index__in=sorted(indexes))
        for level, index, digest in AuditTreeNode.objects.filter(query).values_list("level", "index", "hash"):
            found[(level, index)] = bytes(digest)
    missing = [block for level, indexes in by_level.items() for block in ((level, i) for i in indexes) if block not in found]
    if missing:
        raise LogShorter(f"the stored tree has no node {missing[0]}: make a checkpoint first")
    return found


def extend_to(size: int) -> None:
    """Store the interior nodes completed by the leaves up to `size` (call in the checkpoint's transaction)."""
    start = built_size()
    if size <= start:
        return
    # Level by level: the new nodes at a level are [start >> level, size >> level); their children are new
    # nodes of the level below, except perhaps the leftmost, which an earlier checkpoint stored.
    below = dict(enumerate(_leaf_range(start & ~1, size), start=start & ~1))
    level, new_nodes = 1, list[AuditTreeNode]()
    while (size >> level) > (start >> level):
        first, end = start >> level, size >> level
        need = [2 * first] if 2 * first not in below else []
        if need and level > 1:
            below.update({i: h for (_lvl, i), h in _stored([(level - 1, i) for i in need]).items()})
        current = {i: merkle.node_hash(below[2 * i], below[2 * i + 1]) for i in range(first, end)}
        new_nodes.extend(AuditTreeNode(level=level, index=i, hash=h) for i, h in current.items())
        below, level = current, level + 1
    # Nodes are a function of the entries, so a second checkpoint racing this one writes the same values.
    AuditTreeNode.objects.bulk_create(new_nodes, batch_size=2000, ignore_conflicts=True)


def range_hashes(ranges: list[merkle.Range]) -> list[bytes]:
    """The RFC 6962 hash of each range, from stored nodes and leaves: one query for nodes, one for leaves."""
    blocks = {r: merkle.blocks_of(*r) for r in ranges}
    known = _stored(b for bs in blocks.values() for b in bs)
    return [merkle.fold([known[b] for b in blocks[r]]) for r in ranges]


def root_at(size: int) -> bytes:
    """The tree head at `size` from the stored tree (size no larger than the last checkpoint)."""
    return merkle.EMPTY_ROOT if size == 0 else range_hashes([(0, size)])[0]


def consistency_proof(first: int, second: int) -> list[bytes]:
    return range_hashes(merkle.consistency_ranges(first, second))


@dataclass
class Recomputed:
    """The tree recomputed from the entries alone, with every stored node that disagrees with it."""

    size: int = 0
    roots: dict[int, bytes] = field(default_factory=dict)
    bad_node: merkle.Block | None = None
    missing_nodes: int = 0
    extra_nodes: int = 0


def _stack_root(stack: list[tuple[int, bytes]]) -> bytes:
    return merkle.fold([h for _level, h in stack]) if stack else merkle.EMPTY_ROOT


def _complete_nodes(leaves: Iterator[bytes], sizes: set[int], out: Recomputed) -> Iterator[tuple[merkle.Block, bytes]]:
    """Every complete interior node in the order it closes, noting the root at each size asked for."""
    stack: list[tuple[int, bytes]] = []  # complete subtrees of the prefix so far, largest first
    if 0 in sizes:
        out.roots[0] = merkle.EMPTY_ROOT
    for count, leaf in enumerate(leaves, start=1):
        stack.append((0, leaf))
        while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
            (level, right), (_same, left) = stack.pop(), stack.pop()
            digest = merkle.node_hash(left, right)
            stack.append((level + 1, digest))
            yield (level + 1, (count >> (level + 1)) - 1), digest
        out.size = count
        if count in sizes:
            out.roots[count] = _stack_root(stack)


def recompute(leaves: Iterator[bytes], sizes: Iterable[int]) -> Recomputed:
    """Rebuild the tree from `leaves` (in order); compare every stored node with the rebuilt one."""
    out = Recomputed()
    wanted = set(sizes)
    stored = {(level, index): bytes(h) for level, index, h in AuditTreeNode.objects.values_list("level", "index", "hash")}
    limit = built_size()
    for block, digest in _complete_nodes(leaves, wanted, out):
        level, index = block
        if ((index + 1) << level) > limit:
            continue
        held = stored.pop(block, None)
        if held is None:
            out.missing_nodes += 1
        elif held != digest and out.bad_node is None:
            out.bad_node = block
    out.extra_nodes = len(stored)
    return out
