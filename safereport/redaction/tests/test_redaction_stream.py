"""Behaviour of the JSON-lines redaction stream behind `safereport redact`."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safereport.redaction.stream import redact_stream
from safereport.redaction.tests.statements import marked_only


def run(lines, **kwargs):
    out = io.StringIO()
    counts = redact_stream(lines, out, **kwargs)
    return [json.loads(line) for line in out.getvalue().splitlines()], counts


def test_each_line_is_redacted_in_order_with_spans():
    results, counts = run([b'{"id": "a", "text": "I have no papers"}\n', b'{"id": 2, "text": "he hit me", "lang": "en"}\n'])
    assert [r["id"] for r in results] == ["a", 2]
    assert results[0]["text"] == "I [removed: immigration status]"
    assert results[0]["spans"] == [{"start": 2, "end": 16, "category": "immigration_status"}]
    assert results[1] == {"id": 2, "text": "he hit me", "spans": [], "review": []}
    assert counts == (2, 0)


def test_malformed_line_gets_error_and_stream_continues():
    results, counts = run([b"{not json\n", b'{"id": 1, "text": "ok"}\n'])
    assert results[0]["id"] is None and results[0]["line"] == 1 and "invalid JSON" in results[0]["error"]
    assert results[1] == {"id": 1, "text": "ok", "spans": [], "review": []}
    assert counts == (2, 1)


def test_invalid_utf8_is_an_error_for_that_line_only():
    results, _ = run([b'{"id": 1, "text": "\xff"}\n', b'{"id": 2, "text": "x"}\n'])
    assert "not valid UTF-8" in results[0]["error"] and results[0]["line"] == 1
    assert results[1]["id"] == 2


def test_blank_line_gets_an_error_so_lines_stay_aligned():
    results, _ = run([b"\n", b"   \r\n"])
    assert [r["line"] for r in results] == [1, 2]
    assert all("blank line" in r["error"] for r in results)


def test_missing_or_wrong_id_is_reported_with_null_id():
    results, _ = run([b'{"text": "x"}', b'{"id": true, "text": "x"}', b'{"id": [1], "text": "x"}', b"[1, 2]"])
    assert [r["id"] for r in results] == [None, None, None, None]
    assert 'missing "id"' in results[0]["error"]
    assert "not a boolean" in results[1]["error"]
    assert "got an array" in results[3]["error"]


def test_missing_text_keeps_the_id_in_the_error():
    results, _ = run([b'{"id": "r9"}', b'{"id": "r10", "text": 5}', b'{"id": "r11", "text": "x", "lang": 3}'])
    assert [r["id"] for r in results] == ["r9", "r10", "r11"]
    assert '"text" is missing' in results[0]["error"]
    assert '"lang"' in results[2]["error"]


def test_consented_phone_number_is_kept():
    results, _ = run([b'{"id": 1, "text": "call 07700 900461"}'], keep=frozenset({"phone_number"}))
    assert results[0]["text"] == "call 07700 900461"


def test_output_is_utf8_json_even_for_lone_surrogate_escapes():
    out = io.StringIO()
    redact_stream([b'{"id": "\\ud800", "text": "\\udc00 hi"}'], out)
    line = out.getvalue()
    line.encode("utf-8")
    assert json.loads(line)["text"] == "\ufffd hi"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=8))
def test_one_line_out_per_line_in_for_arbitrary_bytes(chunks):
    lines = [chunk.replace(b"\n", b" ") + b"\n" for chunk in chunks]
    results, counts = run(lines)
    assert len(results) == len(lines) == counts[0]


@pytest.fixture(scope="module")
def marked():
    """A statement of status no pattern describes, which the learned detector marks for review (statements.py)."""
    return marked_only("He hit me.")


def test_review_spans_are_printed_with_offsets_into_the_input_and_left_in_the_text(marked):
    marked_only_text = f"He hit me. {marked}."
    line = json.dumps({"id": "r1", "text": marked_only_text}).encode() + b"\n"
    results, counts = run([line])
    assert counts == (1, 0)
    assert results[0]["text"] == marked_only_text and results[0]["spans"] == []
    [mark] = results[0]["review"]
    assert mark["category"] == "immigration_status"
    assert marked_only_text[mark["start"] : mark["end"]] == marked


def test_the_redact_command_prints_review_spans(monkeypatch, capsysbinary, marked):
    import sys

    from django.core.management import call_command

    line = json.dumps({"id": 7, "text": f"\u200bHe hit me. {marked}."}, ensure_ascii=False).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line), encoding="utf-8"))
    call_command("redact")
    [result] = [json.loads(out) for out in capsysbinary.readouterr().out.decode("utf-8").splitlines()]
    [mark] = result["review"]
    original = f"\u200bHe hit me. {marked}."
    assert original[mark["start"] : mark["end"]] == marked
