"""Logs keep where an error happened, never what a reporter typed (rule 8)."""

import logging

from safereport.log_hygiene import DropBelowWarning, ExceptionTextScrubbed


def _record_with_exception(message: str) -> logging.LogRecord:
    try:
        raise ValueError(message)
    except ValueError:
        import sys

        return logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), sys.exc_info()
        )


def test_exception_message_is_dropped_but_the_place_is_kept():
    record = _record_with_exception("my visa expired in March ZQXSECRET")
    assert ExceptionTextScrubbed().filter(record)
    text = logging.Formatter().format(record)
    assert "ZQXSECRET" not in text and "visa" not in text
    assert "ValueError" in text and "test_log_hygiene.py" in text and "/x" in text


def test_template_debug_records_are_dropped_whatever_the_level():
    record = logging.LogRecord("django.template", logging.DEBUG, __file__, 1, "context %s", ({"narrative": "x"},), None)
    assert not DropBelowWarning().filter(record)
    warning = logging.LogRecord("django.template", logging.WARNING, __file__, 1, "w", (), None)
    assert DropBelowWarning().filter(warning)
