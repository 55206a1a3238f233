"""Verify a kept audit checkpoint: history since it was signed was neither rewritten nor cut short."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safereport.vault import audit_checkpoints
from safereport.vault.audit_verification import verify_kept, verify_offline
from safereport.vault.signing import MalformedDocument, load_document


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read the {what} {path}: {exc.strerror}.") from None


def _checkpoint(path: str, what: str) -> audit_checkpoints.Checkpoint:
    try:
        return audit_checkpoints.parse(_read(path, what))
    except MalformedDocument as exc:
        raise CommandError(f"The {what} {path} is not a checkpoint: {exc}") from None


def _proof(path: str, kept: audit_checkpoints.Checkpoint, against: audit_checkpoints.Checkpoint) -> list[bytes]:
    try:
        document = load_document(_read(path, "proof"))
        if (document.get("from"), document.get("to")) != (kept.tree_size, against.tree_size):
            raise CommandError(f"The proof {path} is not from {kept.tree_size} to {against.tree_size} entries.")
        return [bytes.fromhex(h) for h in document["proof"]]
    except (MalformedDocument, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CommandError(f"The proof {path} is not a consistency proof: {exc}") from None


class Command(BaseCommand):
    help = (
        "Verify a checkpoint you kept (checkpoint.json from the transparency page) against the current audit log with "
        "an RFC 6962 consistency proof: proves the entries it covered are still there, unchanged, in order. With "
        "--against LATER, link it to a later checkpoint through the log; add --proof FILE (the JSON from "
        "/<lang>/transparency/audit/consistency?from=M&to=N) to check offline, without the database. "
        "Exits non-zero naming what failed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("checkpoint", help="the kept checkpoint (JSON file)")
        parser.add_argument("--against", help="a later checkpoint (JSON file) to link the kept one to")
        parser.add_argument("--proof", help="a downloaded consistency proof (JSON file): verify offline, with --against")
        parser.add_argument(
            "--public-key", action="append", default=[], help="a trusted checkpoint public key (hex); may be repeated"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kept = _checkpoint(options["checkpoint"], "checkpoint")
        against = _checkpoint(options["against"], "later checkpoint") if options["against"] else None
        keys = tuple(options["public_key"])
        try:
            if options["proof"]:
                if against is None:
                    raise CommandError("--proof needs --against: the later checkpoint the proof leads to.")
                problems = verify_offline(kept, against, _proof(options["proof"], kept, against), keys)
            else:
                problems = verify_kept(kept, against, keys)
        except audit_checkpoints.CheckpointKeyError as exc:
            raise CommandError(str(exc)) from None
        if problems:
            raise CommandError("\n".join(problems))
        target = f"the checkpoint of {against.tree_size} entries" if against else "the current audit log"
        self.stdout.write(
            json.dumps({"consistent": True, "checkpoint": kept.document(), "against": target}, indent=2, sort_keys=True)
        )
