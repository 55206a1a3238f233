"""The stored detector: the same decisions as the trained one, used only for its own code and data, never when damaged
or when someone else could have written it."""

import os
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safereport.redaction import detector, model_store, training
from safereport.redaction.engine import redact_with

TEXTS = [
    "my visa ran out last year and I stayed, he hit me on Friday at 22 Mill Road",
    "mi permiso de residencia caducó y mi jefe me pegó con un palo",
    "ich hab nur ne duldung und er hat mich geschlagen",
    "he took my Visa card and 200 pounds from my bag",
]
KEY = "2" * 64


def small_model(weight: float = 2.0) -> detector.Model:
    return detector.Model({" vi": weight, "isa": 1.5, "ran": 0.2}, -1.0, {"visa": (3.5, 4)}, pairs={"sa ra": (0.1, 1)})


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An owner-only model directory whose files are, as far as model_store can tell, those of KEY."""
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    monkeypatch.setattr(model_store, "fingerprint", lambda: KEY)
    return directory


def test_a_stored_model_makes_exactly_the_decisions_of_the_trained_one(tmp_path):
    trained = detector.model()
    key = model_store.fingerprint()
    path = model_store.path_in(tmp_path, key)
    model_store.save(path, trained, key)
    loaded = model_store.load(path, key)
    assert loaded is not None
    assert loaded.weights == trained.weights and loaded.vocabulary == trained.vocabulary and loaded.pairs == trained.pairs
    assert loaded.bias == trained.bias
    for text in TEXTS:
        assert redact_with(loaded, text) == redact_with(trained, text)


def test_the_stored_file_is_owner_only(store):
    path = model_store.path_in(store, KEY)
    model_store.save(path, small_model(), KEY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-100],  # truncated
        lambda raw: raw.replace(b'"bias":-1.0', b'"bias":9.0'),  # a weight changed, the digest not
        lambda raw: b"not json\n" + raw.partition(b"\n")[2],
        lambda raw: b"",
    ],
    ids=["truncated", "changed", "no-header", "empty"],
)
def test_a_damaged_stored_model_is_ignored_and_trained_again(store, damage):
    path = model_store.path_in(store, KEY)
    model_store.save(path, small_model(), KEY)
    assert model_store.load(path, KEY) is not None
    path.write_bytes(damage(path.read_bytes()))
    assert model_store.load(path, KEY) is None
    retrained, calls = detector.Model({"xy": 1.0}, 0.5), []
    model = model_store.cached(store, lambda: calls.append(1) or retrained, KEY)
    assert model is retrained and calls == [1]
    assert model_store.load(path, KEY).weights == {"xy": 1.0}


def test_a_model_stored_for_other_code_or_data_is_never_used(store):
    path = model_store.path_in(store, KEY)
    model_store.save(path, small_model(), KEY)
    assert model_store.load(path, "4" * 64) is None


def test_after_the_files_change_under_a_running_process_it_neither_loads_nor_stores(store, monkeypatch):
    path = model_store.path_in(store, KEY)
    model_store.save(path, small_model(), KEY)
    # This process imported its code under an older fingerprint than the files now on disk (a deployment).
    older = "5" * 64
    own = detector.Model({"zz": 1.0}, 0.0)
    assert model_store.cached(store, lambda: own, older) is own
    assert model_store.loaded_if_stored(store, older) is None
    assert not model_store.path_in(store, older).exists()


def test_a_model_is_not_stored_if_the_files_changed_while_it_trained(store, monkeypatch):
    prints = iter([KEY, "6" * 64])
    monkeypatch.setattr(model_store, "fingerprint", lambda: next(prints))
    model = model_store.cached(store, small_model, KEY)
    assert model.weights == small_model().weights
    assert not model_store.path_in(store, KEY).exists()


def test_the_fingerprint_changes_with_any_training_input(tmp_path, monkeypatch):
    data = tmp_path / "training_data"
    data.mkdir()
    sentences = data / "en.jsonl"
    sentences.write_text('{"text": "I have no papers", "label": "status"}\n')
    monkeypatch.setattr(model_store, "_PACKAGE", tmp_path)
    monkeypatch.setattr(model_store, "_inputs", lambda: [sentences])
    before = model_store.fingerprint()
    assert model_store.fingerprint() == before
    sentences.write_text('{"text": "I have no papers", "label": "other"}\n')
    assert model_store.fingerprint() != before


def test_the_blind_splits_are_not_read_even_to_fingerprint():
    assert not any("blind" in str(path.relative_to(model_store._PACKAGE)) for path in model_store._inputs())
    assert any(path.name.endswith(".voices3.jsonl") for path in model_store._inputs())


def test_a_symlink_planted_in_the_model_directory_is_never_read(store, tmp_path):
    planted = tmp_path / "planted.json"
    model_store.save(model_store.path_in(store, KEY), detector.Model({}, -50.0), KEY)  # removes nothing at all
    model_store.path_in(store, KEY).rename(planted)
    model_store.path_in(store, KEY).symlink_to(planted)
    assert model_store.load(model_store.path_in(store, KEY), KEY) is None
    assert model_store.cached(store, small_model, KEY).weights == small_model().weights


def test_a_model_file_or_directory_others_can_write_is_never_read(store):
    path = model_store.path_in(store, KEY)
    model_store.save(path, small_model(), KEY)
    path.chmod(0o620)
    assert model_store.load(path, KEY) is None
    path.chmod(0o600)
    assert model_store.load(path, KEY) is not None
    store.chmod(0o777)
    assert model_store.load(path, KEY) is None
    with pytest.raises(model_store.UnsafeModelStore):
        model_store.save(path, small_model(), KEY)


def test_a_directory_that_cannot_be_written_only_costs_the_training(tmp_path):
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")
    model = small_model()
    assert model_store.cached(blocked / "cache", lambda: model, model_store.fingerprint()) is model


def test_prepare_detector_trains_once_then_finds_the_stored_model_and_removes_stale_ones(store, settings, monkeypatch):
    settings.REDACTION_MODEL_DIR = str(store)
    monkeypatch.setattr(detector, "FINGERPRINT", KEY)
    stale = model_store.path_in(store, "7" * 64)
    stale.write_text("{}")
    calls = []
    monkeypatch.setattr(training, "train", lambda: calls.append(1) or small_model())
    first, second = StringIO(), StringIO()
    call_command("prepare_detector", stdout=first)
    call_command("prepare_detector", stdout=second)
    assert calls == [1]
    assert "Trained the detector" in first.getvalue() and str(store) in first.getvalue()
    assert "Removed 1 model" in first.getvalue() and not stale.exists()
    assert "is current" in second.getvalue()


def test_prepare_detector_fails_when_the_model_cannot_be_stored(tmp_path, settings, monkeypatch):
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")
    settings.REDACTION_MODEL_DIR = str(blocked / "cache")
    monkeypatch.setattr(training, "train", small_model)
    with pytest.raises(CommandError, match="could not be stored"):
        call_command("prepare_detector", stdout=StringIO())


def test_a_server_worker_adopts_the_stored_model_and_never_trains(store, settings, monkeypatch):
    from safereport import gunicorn_conf

    settings.REDACTION_MODEL_DIR = str(store)
    monkeypatch.setattr(detector, "FINGERPRINT", KEY)
    monkeypatch.setattr(detector, "_model", None)
    monkeypatch.setattr(training, "train", lambda: pytest.fail("a worker starting must not train"))
    gunicorn_conf.post_worker_init(None)
    assert detector._model is None  # nothing stored: the worker trains on its first redaction, as before
    model_store.save(model_store.path_in(store, KEY), small_model(), KEY)
    gunicorn_conf.post_worker_init(None)
    assert detector._model is not None and detector._model.weights == small_model().weights
    detector.adopt(small_model(9.0))  # a model in use is never replaced
    assert detector.model().weights == small_model().weights


def test_the_gunicorn_master_imports_no_detector_so_a_reload_runs_the_code_on_disk():
    import subprocess
    import sys

    code = "import sys, safereport.gunicorn_conf; print(any(m.startswith('safereport.redaction') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ.copy())
    assert out.stdout.strip() == "False"
