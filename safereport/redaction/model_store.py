"""The trained detector kept on disk, so that only the first process after a change of its data or code trains it.

Training takes about 20 s of CPU; loading the stored model well under a second. The file is named after a
fingerprint of everything training reads or depends on (this package's code, its training and top-level
evaluation data, the versions of Python, NumPy and scikit-learn): any change trains a new model, and a
stored model is only ever used by the code that would have trained it. The file holds n-grams of the
project's own labelled sentences and their weights, nothing of any report. A file that does not match its
own digest (truncated, damaged) is ignored and replaced.

Whoever can write this directory can change what the detector removes, as whoever can write the code can;
it is the data directory's (owner-only) unless SAFEREPORT_MODEL_CACHE_DIR names another.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from safereport.durable_files import replaced_atomically
from safereport.redaction.detector import Model

FORMAT = 1
_PACKAGE = Path(__file__).parent
PREFIX = "redaction-model-"


def _inputs() -> list[Path]:
    """What training depends on: the package's code and its labelled data (the blind splits excluded: never read)."""
    files = [*_PACKAGE.glob("*.py"), *_PACKAGE.glob("*.c"), *_PACKAGE.glob("training_data/*.jsonl")]
    files += _PACKAGE.glob("evaluation_data/*.jsonl")
    return sorted(files)


def fingerprint() -> str:
    digest = hashlib.sha256()
    versions = [metadata.version(name) for name in ("numpy", "scikit-learn")]  # without importing scikit-learn
    for part in (f"format {FORMAT}", platform.python_version(), *versions):
        digest.update(part.encode() + b"\0")
    for path in _inputs():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def path_in(directory: Path, key: str | None = None) -> Path:
    return directory / f"{PREFIX}{(key or fingerprint())[:32]}.json"


def load(path: Path, key: str) -> Model | None:
    """The model stored at `path` for this fingerprint, or None when there is none or it is not intact."""
    try:
        raw = path.read_bytes()
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
    with replaced_atomically(path) as out:
        out.write(header + b"\n" + body)
    # Models of earlier code or data are never read again.
    for old in path.parent.glob(f"{PREFIX}*.json"):
        if old != path:
            old.unlink(missing_ok=True)


def cached(directory: Path | None, train: Callable[[], Model]) -> Model:
    """The stored model for the code and data as they are now, or a newly trained one, stored for next time.

    A directory that cannot be written costs only the time to train again: the model is still returned.
    """
    if directory is None:
        return train()
    key = fingerprint()
    path = path_in(directory, key)
    stored = load(path, key)
    if stored is not None:
        return stored
    model = train()
    try:
        save(path, model, key)
    except OSError:
        pass
    return model


def loaded_if_stored(directory: Path | None) -> Model | None:
    """The stored model, without ever training (for a server's master process, which must start quickly)."""
    if directory is None:
        return None
    key = fingerprint()
    return load(path_in(directory, key), key)


def configured_directory() -> Path | None:
    """SAFEREPORT_MODEL_CACHE_DIR, or the data directory's cache/ (settings.REDACTION_MODEL_DIR); "" keeps none."""
    from django.conf import settings

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        value = os.environ.get("SAFEREPORT_MODEL_CACHE_DIR")
        return Path(value) if value else None
    directory = getattr(settings, "REDACTION_MODEL_DIR", None)
    return Path(directory) if directory else None
