"""Check the audit log against its signed checkpoints: the chain, the tree recomputed, and kept checkpoints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from safereport.audit import log, merkle, tree
from safereport.audit.models import AuditEntry

from .audit_checkpoints import Checkpoint, all_checkpoints, kept_in_log, signature_problem, trusted_keys


@dataclass
class Verdict:
    entries: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _leaves() -> Iterator[bytes]:
    chained = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    for entry_hash in chained.values_list("entry_hash", flat=True).iterator(chunk_size=2000):
        yield tree.leaf_of(entry_hash)


def _name(checkpoint: Checkpoint) -> str:
    return f"checkpoint of {checkpoint.tree_size} entries signed at {checkpoint.signed_at}"


def _checkpoints(verdict: Verdict) -> list[Checkpoint]:
    """Those in the database and those in the checkpoint log file; a file copy missing from the table is a deletion."""
    in_table = all_checkpoints()
    known = {c.signature for c in in_table}
    in_file: list[Checkpoint] = []
    for number, kept in kept_in_log():
        if isinstance(kept, str):
            verdict.problems.append(f"Line {number} of {settings.AUDIT_CHECKPOINT_LOG} is not a checkpoint: {kept}")
        elif kept.signature not in known:
            verdict.problems.append(
                f"The {_name(kept)} is in {settings.AUDIT_CHECKPOINT_LOG} but not in the database: checkpoints were deleted."
            )
            in_file.append(kept)
            known.add(kept.signature)
    return in_table + in_file


def _check_against(checkpoints: list[Checkpoint], verdict: Verdict) -> None:
    keys = trusted_keys()
    for checkpoint in checkpoints:
        problem = signature_problem(checkpoint, keys)
        if problem:
            verdict.problems.append(f"The {_name(checkpoint)} is not genuine: {problem}.")
    recomputed = tree.recompute(_leaves(), {c.tree_size for c in checkpoints})
    verdict.entries = recomputed.size
    for checkpoint in sorted(checkpoints, key=lambda c: c.tree_size):
        if checkpoint.tree_size > recomputed.size:
            verdict.problems.append(
                f"The log has {recomputed.size} entries but the {_name(checkpoint)} says it had {checkpoint.tree_size}: "
                "entries were removed from the end (or the log was emptied)."
            )
        elif recomputed.roots[checkpoint.tree_size].hex() != checkpoint.root_hash:
            verdict.problems.append(
                f"The first {checkpoint.tree_size} entries no longer hash to the root of the {_name(checkpoint)}: "
                "history was rewritten (entries edited, removed, reordered or inserted, then rehashed)."
            )
    if recomputed.bad_node is not None:
        verdict.problems.append(f"Stored tree node {recomputed.bad_node} (level, index) does not match the entries.")
    if recomputed.missing_nodes or recomputed.extra_nodes:
        verdict.problems.append(
            f"The stored tree has {recomputed.missing_nodes} nodes missing and {recomputed.extra_nodes} unexpected nodes."
        )


def verify_log() -> Verdict:
    """Everything `verify_audit` checks; each problem is a sentence saying which kind of tampering it shows."""
    verdict = Verdict()
    chain = log.verify()
    verdict.entries = chain.entries
    if not chain.ok:
        verdict.problems.append(f"Audit log broken at entry {chain.first_broken}: {chain.reason}.")
    checkpoints = _checkpoints(verdict)
    verdict.checkpoints = len(checkpoints)
    _check_against(checkpoints, verdict)
    return verdict


def _problem_with_log(kept: Checkpoint, leaves: list[bytes], second: int, second_root: bytes) -> str:
    if len(leaves) < kept.tree_size:
        return (
            f"The log now has {len(leaves)} entries, fewer than the {kept.tree_size} this checkpoint recorded: "
            "it was cut short (or emptied)."
        )
    if kept.tree_size == 0:
        return "" if kept.root_hash == merkle.EMPTY_ROOT.hex() else "A checkpoint of 0 entries must have the empty root."
    proof = merkle.consistency_proof(kept.tree_size, leaves[:second])
    if not merkle.verify_consistency(kept.tree_size, second, bytes.fromhex(kept.root_hash), second_root, proof):
        return (
            f"No consistency proof links this checkpoint to the log of {second} entries: the first {kept.tree_size} entries "
            "are not the ones it recorded, so history was rewritten."
        )
    return ""


def verify_kept(kept: Checkpoint, against: Checkpoint | None = None, public_keys: tuple[str, ...] = ()) -> list[str]:
    """Problems with a kept checkpoint against the current log (or, with `against`, a later checkpoint via the log)."""
    keys = trusted_keys(public_keys)
    problems = [f"The kept checkpoint is not genuine: {p}." for p in [signature_problem(kept, keys)] if p]
    if against is not None:
        problems += [f"The later checkpoint is not genuine: {p}." for p in [signature_problem(against, keys)] if p]
        if against.tree_size < kept.tree_size:
            problems.append("The later checkpoint is smaller than the kept one: pass the older checkpoint first.")
            return problems
    chain = log.verify()
    if not chain.ok:
        problems.append(f"Audit log broken at entry {chain.first_broken}: {chain.reason}.")
    leaves = list(_leaves())
    if against is not None and len(leaves) < against.tree_size:
        problems.append(
            f"The log now has {len(leaves)} entries, fewer than the {against.tree_size} the later checkpoint recorded."
        )
        return problems
    second = against.tree_size if against else len(leaves)
    second_root = bytes.fromhex(against.root_hash) if against else merkle.root_of(leaves[:second])
    problem = _problem_with_log(kept, leaves, second, second_root)
    return problems + ([problem] if problem else [])


def verify_offline(kept: Checkpoint, against: Checkpoint, proof: list[bytes], public_keys: tuple[str, ...] = ()) -> list[str]:
    """Problems linking two checkpoints with a downloaded consistency proof alone: no database needed."""
    keys = trusted_keys(public_keys)
    problems = [f"The kept checkpoint is not genuine: {p}." for p in [signature_problem(kept, keys)] if p]
    problems += [f"The later checkpoint is not genuine: {p}." for p in [signature_problem(against, keys)] if p]
    first_root, second_root = bytes.fromhex(kept.root_hash), bytes.fromhex(against.root_hash)
    if kept.tree_size == 0:
        ok = first_root == merkle.EMPTY_ROOT
    else:
        ok = merkle.verify_consistency(kept.tree_size, against.tree_size, first_root, second_root, proof)
    if not ok:
        problems.append("The consistency proof does not link the kept checkpoint to the later one: history was rewritten.")
    return problems
