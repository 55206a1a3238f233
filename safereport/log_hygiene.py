"""Logging filters that keep report content out of every log line (rule 8)."""
import logging


class DropBelowWarning(logging.Filter):
    """For loggers whose chatty records quote data (Django's template engine quotes the context
    when a variable is missing): drop them even if someone turns the level down to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING
