"""WSGI entry point for production servers (gunicorn safereport.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.settings")
application = get_wsgi_application()

# A restore cut short leaves the instance half-written: serving it could hand out a mix of two states.
from safereport.management.restoring import journal_left  # noqa: E402

if (journal := journal_left()) is not None:
    raise RuntimeError(f"{journal} says a restore was cut short: run `safereport restore` again before serving.")

# The narrative language detector takes under a second to build: build it before the first report.
from safereport.intake import language_detection  # noqa: E402

language_detection.load()
