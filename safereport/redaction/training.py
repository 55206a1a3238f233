"""Training the learned detector from the project's own labelled sentences: offline, deterministic, seconds."""

# Two sources, both in this package:
# - evaluation_data/*.jsonl (top level only: a blind/ split beside it is never read here).
#   Each sentence is cut into the clauses the detector scores at run time; a clause that
#   overlaps a must_remove status statement is positive, every other clause negative (traps,
#   crime facts, the rest of a sentence), and the must_remove and must_keep phrases themselves
#   are added as positive and negative examples. Identifiers and contact details (must_remove
#   with four or more digits, or an email address) are other rules' business and are left out.
# - training_data/*.jsonl: clauses written for the model, {"text", "label": "status"|"other",
#   "kind"}, in every reporter language and mixed, with misspellings, no punctuation and
#   code-switching, of the kinds the patterns missed on unseen text (issue 14).
# Every example is also added once with a few typing slips (deterministic), so the model
# does not learn only the spellings somebody happened to write.

import itertools
import json
import random
import re
import zlib
from collections import Counter
from pathlib import Path

from safereport.redaction.detector import MIN_GRAMS, TOKEN, WORD, Model, pair_key, segment, unit_ngrams, windows
from safereport.redaction.identifier_patterns import EMAIL
from safereport.redaction.text import fold

EVAL_DIR = Path(__file__).with_name("evaluation_data")
TRAINING_DIR = Path(__file__).with_name("training_data")
# Inverse regularisation strength, chosen by cross-validation (docs/redaction.md).
REGULARISATION_C = 96.0
# Weights closer to zero than this change no decision and are not kept.
PRUNE_BELOW = 1e-3
# Development splits that are never trained on, so that their figure stays a prediction: "fresh2"
# (3 Dec 2026, all languages and it/de) was written before the engine was tuned for it and is
# scored against a model that has not seen it.
NEVER_TRAINED_ON = frozenset({"fresh2"})


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluation_cases(exclude_splits: frozenset[str] = frozenset()) -> list[dict]:
    """The labelled evaluation sentences at the top of evaluation_data/ (never blind/)."""
    cases = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        cases += [case for case in _jsonl(path) if case.get("split", "tuned") not in exclude_splits | NEVER_TRAINED_ON]
    return cases


def training_clauses(exclude_splits: frozenset[str] = frozenset()) -> list[dict]:
    """The clauses written for the model; a row written with a development split's sentences carries its name."""
    rows = [row for path in sorted(TRAINING_DIR.glob("*.jsonl")) for row in _jsonl(path)]
    return [row for row in rows if row.get("split") not in exclude_splits | NEVER_TRAINED_ON]


_EMAIL = re.compile(EMAIL)


def _is_identifier(needle: str) -> bool:
    """A number or contact detail: the identifier, shape, phone and email rules' business."""
    return sum(ch.isdigit() for ch in needle) >= 4 or _EMAIL.search(fold(needle)[0]) is not None


def clause_units(folded: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of every unit the detector scores in `folded`, as classify() cuts them."""
    matches = list(TOKEN.finditer(folded))
    tokens = [m.group(1) or "" for m in matches]
    units = []
    for start, end in segment(tokens):
        for first, last in windows(end - start):
            units.append((matches[start + first].start(), matches[start + last - 1].end(), tokens[start + first : start + last]))
    return units


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], text.find(needle) if needle else -1
    while start != -1:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text)[0])


def units_of_case(case: dict) -> list[tuple[list[str], int]]:
    """(folded words of a unit, 1 if it states status else 0) for one evaluation sentence."""
    folded = fold(case["text"])[0]
    status: list[tuple[int, int]] = []
    identifiers: list[tuple[int, int]] = []
    for needle in case["must_remove"]:
        (identifiers if _is_identifier(needle) else status).extend(_occurrences(folded, fold(needle)[0]))
    units = []
    for a, b, words in clause_units(folded):
        if any(s < b and a < e for s, e in status):
            units.append((words, 1))
        elif not any(s < b and a < e for s, e in identifiers):
            units.append((words, 0))
    units += [(_words(needle), 1) for needle in case["must_remove"] if not _is_identifier(needle)]
    units += [
        (_words(needle), 0)
        for needle in case["must_keep"]
        if not any(fold(r)[0] in fold(needle)[0] or fold(needle)[0] in fold(r)[0] for r in case["must_remove"])
    ]
    return units


def units_of_training_clause(row: dict) -> list[tuple[list[str], int]]:
    if row["label"] == "status":
        return [(_words(row["text"]), 1)]
    if row["label"] != "other":
        raise ValueError(f'label must be "status" or "other", not {row["label"]!r}')
    return [(words, 0) for _, _, words in clause_units(fold(row["text"])[0])]


def _with_slips(words: list[str]) -> list[str]:
    """The same words with a typing slip in about one word in three (seeded by the words)."""
    rng = random.Random(zlib.crc32(" ".join(words).encode("utf-8")))  # noqa: S311 (made-up typos, not secrets)
    words = list(words)
    for index, word in enumerate(words):
        if len(word) < 4 or rng.random() > 0.35:
            continue
        i = rng.randrange(1, len(word) - 1)
        slip = rng.randrange(4)
        if slip == 0:
            word = word[:i] + word[i + 1 :]  # a letter dropped
        elif slip == 1:
            word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # two swapped
        elif slip == 2:
            word = word[:i] + word[i] + word[i:]  # a letter doubled
        else:
            word = word[:i] + word[i + 1 : i + 2] + word[i + 1 :]  # a letter replaced by its neighbour
        words[index] = word
    return words


def labelled_units(exclude_splits: frozenset[str] = frozenset()) -> tuple[list[list[str]], list[int]]:
    """(word lists, labels) of every training unit, slipped copies included."""
    units = [u for case in evaluation_cases(exclude_splits) for u in units_of_case(case)]
    units += [u for row in training_clauses(exclude_splits) for u in units_of_training_clause(row)]
    units = [(words, label) for words, label in units if words]
    units += [(slipped, label) for words, label in units if (slipped := _with_slips(words)) != words]
    return [words for words, _ in units], [label for _, label in units]


def _features(words: list[str]) -> Counter:
    return Counter(unit_ngrams(words))


def fit_classifier(texts: list[list[str]], labels: list[int], c: float = REGULARISATION_C):
    """(scikit-learn classifier, n-gram -> column, feature matrix) for these units."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    columns: dict[str, int] = {}
    data, indices, indptr = [], [], [0]
    for words in texts:
        counts = _features(words)
        norm = 1 / np.sqrt(max(sum(counts.values()), MIN_GRAMS))
        for gram, count in counts.items():
            indices.append(columns.setdefault(gram, len(columns)))
            data.append(count * norm)
        indptr.append(len(indices))
    matrix = csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(len(texts), len(columns)))
    # liblinear with a fixed seed gives the same weights on every run.
    classifier = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0, max_iter=1000)
    classifier.fit(matrix, np.array(labels))
    return classifier, columns, matrix


def fit(texts: list[list[str]], labels: list[int], c: float = REGULARISATION_C, prune_below: float = PRUNE_BELOW) -> Model:
    """A logistic regression on char_wb n-grams, read out into a plain Model."""
    classifier, columns, _ = fit_classifier(texts, labels, c)
    coefficients = classifier.coef_[0]
    weights = {gram: float(coefficients[i]) for gram, i in columns.items() if abs(coefficients[i]) >= prune_below}
    model = Model(weights, float(classifier.intercept_[0]))
    vocabulary = {word: model.word_score(word) for words in texts for word in words}
    pairs = {key: model.key_score(key) for words in texts for key in itertools.starmap(pair_key, itertools.pairwise(words))}
    return Model(weights, model.bias, vocabulary, pairs=pairs)


def train(exclude_splits: frozenset[str] = frozenset()) -> Model:
    """Train the detector from this package's labelled data (no download, no randomness left)."""
    return fit(*labelled_units(exclude_splits))
