"""Gunicorn settings for SafeReport: an error log that never writes an IP address, and no access log.

Use it wherever gunicorn serves SafeReport: `gunicorn safereport.wsgi -c python:safereport.gunicorn_conf`
(`make run` does). Command-line options given after it (bind, workers) still apply.
"""

import logging

from gunicorn.glogging import Logger

from safereport.log_hygiene import AddressesRemoved, RequestLinesWithheld

# No time of day (whatever collects the output adds its own): a line about a malformed request is caused by a
# visitor's browser, and must not date their visit to the second.
ERROR_LOG_FORMAT = "[%(process)d] [%(levelname)s] %(message)s"


class AddressFreeLogger(Logger):
    """Gunicorn's logger with every address, request line and path taken out of the error log, no time of day on
    its lines, and the access log silenced.

    A malformed request line makes gunicorn log `Invalid request from ip=…`, and any web page can
    make a visitor's browser send one, so without this the error log would record who visited.
    """

    def setup(self, cfg):
        super().setup(cfg)
        # On the loggers, not their handlers: it then covers every handler (file, syslog, a
        # logconfig_dict's), including ones configured after this setup.
        for log in (self.error_log, self.access_log):
            for kind in (RequestLinesWithheld, AddressesRemoved):
                if not any(isinstance(f, kind) for f in log.filters):
                    log.addFilter(kind())
        for handler in self.error_log.handlers:
            handler.setFormatter(logging.Formatter(ERROR_LOG_FORMAT))

    def access(self, resp, req, environ, request_time):
        """Never: an access line names the client's address and user agent (rule 8)."""


logger_class = AddressFreeLogger
accesslog = None
loglevel = "warning"
# Gunicorn 24+ opens a management socket in $HOME by default; SafeReport needs none, and two
# servers run by one user (the demo and a benchmark) would contend for the same path.
control_socket_disable = True


def post_worker_init(worker):
    """In each worker, once the application is loaded: the stored redaction detector, so no request waits for training.

    Only a stored one (`safereport prepare_detector`, which `make run` runs first), in well under a second; without
    one the worker trains on its first redaction instead. Not in the master: after a reload (HUP) new workers run
    the code on disk, and a master that had imported the detector would hand them the old code and model.
    """
    from safereport.redaction import detector, model_store

    stored = model_store.loaded_if_stored(model_store.configured_directory(), detector.FINGERPRINT)
    if stored is not None:
        detector.adopt(stored)
