"""Measuring the redaction engine against the hand-written sentences in evaluation_data/."""

# Metrics, per language and split:
#   removal recall   = must_remove substrings absent from the redacted text / all must_remove
#   removal precision = redaction spans overlapping some must_remove occurrence / all spans
#                       (a span on a trap sentence, which has no must_remove, is a false positive)
#   retention        = must_keep substrings present verbatim in the redacted text / all must_keep
# "tuned" sentences were looked at while the patterns were adjusted; "holdout" sentences were
# written at the same time, before any tuning, and never used to change a pattern.
# "challenge" sentences were written later, without looking at the patterns, in other phrasings
# (other persons, negation, typos, abbreviations); they were scored once before the patterns were
# generalised (vocabulary and grammatical frames, not sentence by sentence).

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from safereport.redaction.engine import redact

EVAL_DIR = Path(__file__).with_name("evaluation_data")
LANGUAGES = ("en", "es", "pt", "pl", "ro", "fr", "ar", "mixed")
SPLITS = ("tuned", "holdout", "challenge")


@dataclass
class Score:
    sentences: int = 0
    remove_total: int = 0
    remove_absent: int = 0
    spans_total: int = 0
    spans_on_target: int = 0
    keep_total: int = 0
    keep_present: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.remove_absent / self.remove_total if self.remove_total else 1.0

    @property
    def precision(self) -> float:
        return self.spans_on_target / self.spans_total if self.spans_total else 1.0

    @property
    def retention(self) -> float:
        return self.keep_present / self.keep_total if self.keep_total else 1.0

    def add(self, other: "Score") -> None:
        for name in ("sentences", "remove_total", "remove_absent", "spans_total",
                     "spans_on_target", "keep_total", "keep_present"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures


def load(language: str) -> list[dict]:
    path = EVAL_DIR / f"{language}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def score_case(case: dict) -> Score:
    result = redact(case["text"], case.get("lang"))
    score = Score(sentences=1)
    targets = [o for needle in case["must_remove"] for o in _occurrences(case["text"], needle)]
    for needle in case["must_remove"]:
        score.remove_total += 1
        if needle in result.text:
            score.failures.append(f"LEAK   {needle!r} in {result.text!r}")
        else:
            score.remove_absent += 1
    for span in result.spans:
        score.spans_total += 1
        if any(span.start < end and start < span.end for start, end in targets):
            score.spans_on_target += 1
        else:
            removed = case["text"][span.start:span.end]
            score.failures.append(f"EXTRA  {removed!r} ({span.category}) in {case['text']!r}")
    for needle in case["must_keep"]:
        score.keep_total += 1
        if needle in result.text:
            score.keep_present += 1
        else:
            score.failures.append(f"LOST   {needle!r} in {result.text!r}")
    return score


def evaluate(languages=LANGUAGES) -> dict[tuple[str, str], Score]:
    """Scores keyed by (language, split), plus ("all", split) totals."""
    scores: dict[tuple[str, str], Score] = {}
    for language in languages:
        for case in load(language):
            split = case.get("split", "tuned")
            for key in ((language, split), ("all", split)):
                scores.setdefault(key, Score()).add(score_case(case))
    return scores


def markdown_table(scores: dict[tuple[str, str], Score]) -> str:
    lines = [
        "| language | split | sentences | removal recall | removal precision | crime-fact retention |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for language in (*LANGUAGES, "all"):
        for split in SPLITS:
            s = scores.get((language, split))
            if s is None:
                continue
            lines.append(
                f"| {language} | {split} | {s.sentences} "
                f"| {s.recall:.3f} ({s.remove_absent}/{s.remove_total}) "
                f"| {s.precision:.3f} ({s.spans_on_target}/{s.spans_total}) "
                f"| {s.retention:.3f} ({s.keep_present}/{s.keep_total}) |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every leak, extra span and lost fact")
    parser.add_argument("--split", choices=SPLITS, help="with --failures, only this split")
    args = parser.parse_args(argv)
    scores = evaluate()
    print(markdown_table(scores))
    if args.failures:
        for (language, split), score in sorted(scores.items()):
            if language != "all" and (args.split in (None, split)):
                for failure in score.failures:
                    print(f"{language}/{split}: {failure}")


if __name__ == "__main__":
    main()
