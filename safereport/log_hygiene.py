"""Logging filters that keep report content out of every log line (rule 8)."""

import ipaddress
import logging
import re
import traceback


class DropBelowWarning(logging.Filter):
    """For loggers whose chatty records quote data (Django's template engine quotes the context
    when a variable is missing): drop them even if someone turns the level down to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


class ExceptionTextScrubbed(logging.Filter):
    """Keep where an error happened, drop what it said: an exception's message (and the local
    values a traceback formatter could show) may hold what a reporter typed. Frames stay, so an
    operator can still find the fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, tb = record.exc_info
            frames = traceback.extract_tb(tb)
            where = " <- ".join(f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
            record.msg = f"{record.getMessage()} [{kind.__name__} at {where}]"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class RequestPathsWithheld(logging.Filter):
    """No log line names a request's path: a path holds a case or request reference and what was tried on it
    (`/staff/cases/SR-…/immigration-advice/`), or a reporter's language and action. Django logs every 4xx
    response (`django.request`, `django.security.csrf`): those records are dropped, since each is a refusal the
    user was shown and the audit log records what matters, by the day. A 5xx keeps its status and the view's
    name, so an operator can still find the fault (with ExceptionTextScrubbed, where in the code)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None)
        if request is None and status is None:
            return True
        if status is not None and status < 500:
            return False
        match = getattr(request, "resolver_match", None)
        where = match.view_name if match is not None and match.view_name else "path withheld"
        record.msg = f"{status or ''} error in view {where}".strip()
        record.args = ()
        return True


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class RequestLinesWithheld(logging.Filter):
    """For gunicorn's error log: what a malformed request said (its request line, path, header or method, which
    gunicorn quotes in the message) and the path of a request that failed are taken out; the kind of error stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Error handling request"):
            record.msg, record.args = "Error handling request (path withheld)", ()
            return True
        message = record.getMessage()
        if message.startswith("Invalid request from "):
            # "Invalid request from ip=…: Invalid HTTP request line: 'GET /…'": the kind of error, nothing it quoted.
            error = message.split(": ", 1)[1] if ": " in message else ""
            record.msg, record.args = f"Invalid request: {error.split(':', 1)[0].strip()}", ()
        elif "request" in message.lower():
            record.msg, record.args = _QUOTED.sub("'…'", message), ()
        return True


# Candidates only: each is replaced only if ipaddress parses it, so times like 12:30:45 survive.
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d)")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,}(?:%[\w.-]+)?")
ADDRESS_PLACEHOLDER = "[address]"


def _is_address(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _replace_ipv6(match: re.Match) -> str:
    run = match.group(0)
    # gunicorn writes "ip=::1: Invalid request", so the run may end in the colon after the address.
    trimmed = run.rstrip(":")
    for candidate in (run, trimmed):
        if _is_address(candidate):
            return ADDRESS_PLACEHOLDER + run[len(candidate) :]
    return run


def without_addresses(text: str) -> str:
    """The text with every IPv4 and IPv6 address in it replaced by a placeholder."""
    text = _IPV4.sub(lambda m: ADDRESS_PLACEHOLDER if _is_address(m.group(0)) else m.group(0), text)
    return _IPV6.sub(_replace_ipv6, text).replace(f"[{ADDRESS_PLACEHOLDER}]", ADDRESS_PLACEHOLDER)


class AddressesRemoved(logging.Filter):
    """No log line may carry an IP address (rule 8): not a client's, which a malformed request makes
    gunicorn write (`Invalid request from ip=…`), and so, simply, not any."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_addresses(record.getMessage())
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = without_addresses(record.exc_text)
        if record.stack_info:
            record.stack_info = without_addresses(record.stack_info)
        return True
