"""Logging filters that keep report content out of every log line (rule 8)."""
import logging
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
