"""Redacting a stream of JSON lines: exactly one result line out for every line in, in order."""

# Input lines are bytes, so invalid UTF-8 on one line is that line's error and the rest
# of the stream is still redacted. Every output line is one JSON object:
#   {"id": ..., "text": "...", "spans": [{"start", "end", "category"}, ...],
#    "review": [{"start", "end", "category"}, ...]}
# where "spans" were removed from "text" and "review" (the learned detector's lower band)
# were left in it for a person to settle; both are offsets into the input text.
# or, for a line that could not be redacted,
#   {"id": <id or null>, "error": "<what was wrong>", "line": <1-based line number>}
# Blank lines get an error object too, so output line N always answers input line N.

import json
from collections.abc import Iterable
from typing import TextIO

from safereport.redaction.engine import KEEPABLE, MAX_TEXT_CHARS, TextTooLong, redact

# A line this long cannot hold a text under MAX_TEXT_CHARS (4 bytes per character at
# most, plus JSON escaping), so it is refused before json.loads spends memory on it.
MAX_LINE_BYTES = MAX_TEXT_CHARS * 6 + 4096


class LineError(ValueError):
    def __init__(self, message: str, record_id: str | int | None = None):
        super().__init__(message)
        self.record_id = record_id


def _record_id(record: dict) -> str | int:
    if "id" not in record:
        raise LineError('missing "id" (a string or an integer)')
    record_id = record["id"]
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)):
        raise LineError(f'"id" must be a string or an integer, not {_json_type(record_id)}')
    return record_id


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def redact_line(raw: bytes, keep: frozenset[str] = frozenset()) -> dict:
    """The output object for one input line (without its line number on success)."""
    if len(raw) > MAX_LINE_BYTES:
        raise LineError(f"line is {len(raw)} bytes; the limit is {MAX_LINE_BYTES}")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LineError(f"line is not valid UTF-8 (byte {error.start}: {error.reason})") from None
    if not decoded.strip():
        raise LineError("blank line; expected a JSON object")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        raise LineError(f"invalid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise LineError("invalid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise LineError(f"expected a JSON object, got {_json_type(record)}")
    record_id = _record_id(record)
    text, lang = record.get("text"), record.get("lang")
    if not isinstance(text, str):
        problem = "missing" if "text" not in record else f"{_json_type(text)}, not a string"
        raise LineError(f'"text" is {problem}', record_id)
    if lang is not None and not isinstance(lang, str):
        raise LineError(f'"lang" must be a string or null, not {_json_type(lang)}', record_id)
    try:
        result = redact(text, lang, keep=keep)
    except TextTooLong as error:
        raise LineError(str(error), record_id) from None
    spans = [{"start": s.start, "end": s.end, "category": s.category} for s in result.spans]
    review = [{"start": s.start, "end": s.end, "category": s.category} for s in result.review]
    return {"id": record_id, "text": result.text, "spans": spans, "review": review}


def _dumps(obj: dict) -> str:
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # An id with a lone surrogate ("\ud800" in the input JSON) cannot be written as
        # UTF-8; escaped ASCII keeps it exact and the line valid.
        line = json.dumps(obj, ensure_ascii=True)
    return line + "\n"


def redact_stream(lines: Iterable[bytes], out: TextIO, *, keep: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Redact every JSON line of `lines` into `out`; return (lines read, lines in error)."""
    unknown = set(keep) - KEEPABLE
    if unknown:
        raise ValueError(f"only {sorted(KEEPABLE)} can be kept, not {sorted(unknown)}")
    count = errors = 0
    for count, raw in enumerate(lines, start=1):
        try:
            obj = redact_line(raw.rstrip(b"\r\n"), keep)
        except LineError as error:
            errors += 1
            obj = {"id": error.record_id, "error": str(error), "line": count}
        out.write(_dumps(obj))
    return count, errors
