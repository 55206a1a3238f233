"""WSGI entry point for production servers (gunicorn safereport.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.settings")
application = get_wsgi_application()

# The narrative language detector takes under a second to build: build it before the first report.
from safereport.intake import language_detection  # noqa: E402

language_detection.load()
