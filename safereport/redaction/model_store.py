"""The trained detector kept on disk, so that only the first process after a change of its data or code trains it.

Training takes about 20 s of CPU; loading the stored model well under a second. The file is named after a
fingerprint of everything training reads or depends on (this package's code, its training and top-level
evaluation data, the versions of Python, NumPy, SciPy and scikit-learn). The fingerprint a process uses is the one
taken when it imported the detector (`detector.FINGERPRINT`): if the files change under a running process (a
deployment), it neither loads nor stores a model, because the code it runs is no longer the code on disk; it
trains one for itself. A model is stored only if the files are still as they were when training ended.

The file holds n-grams of the project's own labelled sentences and their weights, nothing of any report. It is
read only from a directory and as a file that this user owns and nobody else can write (no symlink), and only if
it matches its own SHA-256; otherwise it is ignored and the process trains. Whoever can write as this user can
change what the detector removes, as they can change the code.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from safereport.durable_files import replaced_atomically

if TYPE_CHECKING:
    from safereport.redaction.detector import Model

FORMAT = 1
_PACKAGE = Path(__file__).parent
PREFIX = "redaction-model-"
_LIBRARIES = ("numpy", "scipy", "scikit-learn")


class UnsafeModelStore(OSError):
    """The model directory or file is a symlink, not this user's, or writable by others."""


def _inputs() -> list[Path]:
    """What training depends on: the package's code and its labelled data (the blind splits excluded: never read)."""
    files = [*_PACKAGE.glob("*.py"), *_PACKAGE.glob("*.c"), *_PACKAGE.glob("training_data/*.jsonl")]
    files += _PACKAGE.glob("evaluation_data/*.jsonl")
    return sorted(files)


def fingerprint() -> str:
    digest = hashlib.sha256()
    versions = [metadata.version(name) for name in _LIBRARIES]  # without importing them
    for part in (f"format {FORMAT}", platform.python_version(), *versions):
        digest.update(part.encode() + b"\0")
    for path in _inputs():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def path_in(directory: Path, key: str) -> Path:
    return directory / f"{PREFIX}{key[:32]}.json"


def _check_safe(mode: int, uid: int, what: Path) -> None:
    if uid != os.geteuid() or mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeModelStore(f"{what} is not owned by this user alone (owner {uid}, mode {stat.S_IMODE(mode):04o})")


def check_directory(directory: Path) -> None:
    """Raise UnsafeModelStore unless `directory` is this user's and nobody else can write it."""
    info = directory.stat()
    _check_safe(info.st_mode, info.st_uid, directory)


def _read(path: Path) -> bytes:
    check_directory(path.parent)
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)  # a symlink planted here is refused (ELOOP)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        _check_safe(info.st_mode, info.st_uid, path)
        return handle.read()


def load(path: Path, key: str) -> Model | None:
    """The model stored at `path` for this fingerprint, or None when there is none, it is not intact or not safe."""
    from safereport.redaction.detector import Model

    try:
        raw = _read(path)
    except OSError:
        return None
    header, _, body = raw.partition(b"\n")
    try:
        meta = json.loads(header)
        if meta.get("format") != FORMAT or meta.get("fingerprint") != key:
            return None
        if meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        data = json.loads(body)
        return Model(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["bias"]),
            {str(k): (float(t), int(c)) for k, (t, c) in data["vocabulary"].items()},
            pairs={str(k): (float(t), int(c)) for k, (t, c) in data["pairs"].items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def save(path: Path, model: Model, key: str) -> None:
    """Write atomically (a temporary file renamed over the name), owner-only; two processes racing both succeed."""
    body = json.dumps(
        {"bias": model.bias, "weights": model.weights, "vocabulary": model.vocabulary, "pairs": model.pairs},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    header = json.dumps({"format": FORMAT, "fingerprint": key, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    check_directory(path.parent)
    with replaced_atomically(path) as out:
        out.write(header + b"\n" + body)


def stale_models(directory: Path, key: str) -> list[Path]:
    """Models stored for other versions of the code or data (`prepare_detector` removes them)."""
    return sorted(p for p in directory.glob(f"{PREFIX}*.json") if p != path_in(directory, key))


def cached(directory: Path | None, train: Callable[[], Model], key: str) -> Model:
    """The stored model for `key` (the fingerprint this process's code was imported under), or one trained now and
    stored for the next process if the files are still those of `key` when training ends.

    A directory that cannot be written, or is not safe, costs only the time to train again: the model is returned.
    """
    if directory is None or fingerprint() != key:
        return train()
    path = path_in(directory, key)
    stored = load(path, key)
    if stored is not None:
        return stored
    model = train()
    if fingerprint() == key:
        try:
            save(path, model, key)
        except OSError:
            pass
    return model


def loaded_if_stored(directory: Path | None, key: str) -> Model | None:
    """The stored model for `key`, without ever training (for a server's worker, which must start quickly)."""
    if directory is None or fingerprint() != key:
        return None
    return load(path_in(directory, key), key)


def configured_directory() -> Path | None:
    """SAFEREPORT_MODEL_CACHE_DIR, or the data directory's cache/ (settings.REDACTION_MODEL_DIR); "" keeps none."""
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        value = os.environ.get("SAFEREPORT_MODEL_CACHE_DIR")
        return Path(value) if value else None
    directory = getattr(settings, "REDACTION_MODEL_DIR", None)
    return Path(directory) if directory else None
