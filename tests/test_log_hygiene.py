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


def _logged(client_call) -> list[str]:
    """What settings.LOGGING's console handler writes while `client_call` runs, with its filters and format."""
    import io

    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        client_call()
        return handler.stream.getvalue().splitlines()
    finally:
        handler.stream = stream


def test_refused_requests_leave_no_log_line_naming_the_case_or_the_time(client, db):
    from safereport.intake.references import new_reference

    reference = new_reference("SR")
    lines = _logged(
        lambda: (
            client.get(f"/en/staff/cases/{reference}/immigration-advice/"),
            client.get(f"/ar/my-report/evidence/{reference}/"),
            client.post("/en/return/", {"codename": "x"}, HTTP_X_CSRFTOKEN="wrong", enforce_csrf_checks=True),
        )
    )
    assert not [line for line in lines if reference in line or "/staff/" in line or "/my-report/" in line], lines


def test_a_server_error_is_logged_with_its_status_and_view_but_not_its_path_or_time():
    import re

    from django.test import RequestFactory
    from django.urls import resolve

    from safereport.log_hygiene import RequestPathsWithheld

    request = RequestFactory().get("/en/staff/cases/SR-ABCD-EFGH/")
    request.resolver_match = resolve("/en/staff/cases/SR-ABCD-EFGH/")
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Internal Server Error", request.path), None
    )
    record.request, record.status_code = request, 500
    assert RequestPathsWithheld().filter(record)
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    line = handler.format(record)
    assert "SR-ABCD-EFGH" not in line and "500" in line and request.resolver_match.view_name in line
    assert not re.search(r"\d{2}:\d{2}:\d{2}", line)  # no time of day


def test_a_refusal_record_is_dropped():
    from safereport.log_hygiene import RequestPathsWithheld

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", "/en/staff/cases/SR-1/"), None
    )
    record.status_code = 404
    assert not RequestPathsWithheld().filter(record)
