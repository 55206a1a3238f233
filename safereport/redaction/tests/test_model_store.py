"""The stored detector: the same decisions as the trained one, used only for its own code and data, never when damaged."""

import stat
from io import StringIO

import pytest
from django.core.management import call_command

from safereport.redaction import detector, model_store, training
from safereport.redaction.engine import redact_with

TEXTS = [
    "my visa ran out last year and I stayed, he hit me on Friday at 22 Mill Road",
    "mi permiso de residencia caducó y mi jefe me pegó con un palo",
    "ich hab nur ne duldung und er hat mich geschlagen",
    "he took my Visa card and 200 pounds from my bag",
]


def small_model() -> detector.Model:
    return detector.Model({" vi": 2.0, "isa": 1.5, "ran": 0.2}, -1.0, {"visa": (3.5, 4)}, pairs={"sa ra": (0.1, 1)})


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


def test_the_stored_file_is_owner_only_and_replaces_models_of_earlier_code_or_data(tmp_path):
    old = tmp_path / f"{model_store.PREFIX}{'0' * 32}.json"
    old.write_text("{}")
    path = model_store.path_in(tmp_path, "1" * 64)
    model_store.save(path, small_model(), "1" * 64)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not old.exists()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


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
def test_a_damaged_stored_model_is_ignored_and_trained_again(tmp_path, monkeypatch, damage):
    key = "2" * 64
    path = model_store.path_in(tmp_path, key)
    model_store.save(path, small_model(), key)
    assert model_store.load(path, key) is not None
    path.write_bytes(damage(path.read_bytes()))
    assert model_store.load(path, key) is None
    retrained = detector.Model({"xy": 1.0}, 0.5)
    calls = []
    monkeypatch.setattr(model_store, "fingerprint", lambda: key)
    model = model_store.cached(tmp_path, lambda: calls.append(1) or retrained)
    assert model is retrained and calls == [1]
    assert model_store.load(path, key).weights == {"xy": 1.0}


def test_a_model_stored_for_other_code_or_data_is_never_used(tmp_path):
    path = model_store.path_in(tmp_path, "3" * 64)
    model_store.save(path, small_model(), "3" * 64)
    assert model_store.load(path, "4" * 64) is None


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


def test_a_directory_that_cannot_be_written_only_costs_the_training(tmp_path):
    blocked = tmp_path / "file-not-directory"
    blocked.write_text("")
    model = small_model()
    assert model_store.cached(blocked / "cache", lambda: model) is model


def test_prepare_detector_trains_once_then_finds_the_stored_model(tmp_path, settings, monkeypatch):
    settings.REDACTION_MODEL_DIR = str(tmp_path)
    calls = []
    monkeypatch.setattr(training, "train", lambda: calls.append(1) or small_model())
    first, second = StringIO(), StringIO()
    call_command("prepare_detector", stdout=first)
    call_command("prepare_detector", stdout=second)
    assert calls == [1]
    assert "Trained the detector" in first.getvalue() and str(tmp_path) in first.getvalue()
    assert "is current" in second.getvalue()


def test_a_server_master_adopts_the_stored_model_and_never_replaces_one_in_use(monkeypatch):
    monkeypatch.setattr(detector, "_model", None)
    first, second = small_model(), detector.Model({"zz": 1.0}, 0.0)
    detector.adopt(first)
    detector.adopt(second)
    assert detector.model() is first


def test_gunicorns_master_loads_a_stored_model_and_never_trains(tmp_path, settings, monkeypatch):
    from safereport import gunicorn_conf

    settings.REDACTION_MODEL_DIR = str(tmp_path)
    monkeypatch.setattr(detector, "_model", None)
    monkeypatch.setattr(training, "train", lambda: pytest.fail("the master must not train"))
    gunicorn_conf.on_starting(None)
    assert detector._model is None  # nothing stored: each worker trains on its first redaction, as before
    key = model_store.fingerprint()
    model_store.save(model_store.path_in(tmp_path, key), small_model(), key)
    gunicorn_conf.on_starting(None)
    assert detector._model is not None and detector._model.weights == small_model().weights
