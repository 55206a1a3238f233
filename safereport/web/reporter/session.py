"""A reporter's return visit: the report's key is kept sealed in the session, opened by a cookie."""

import json
import time
from base64 import b64decode, b64encode

from safereport.intake.actions import ReporterAccess, open_report
from safereport.vault import session_keys

LABEL = "reporter"
# A shared phone should not stay signed in for long. The limit travels inside the sealed payload rather than as
# the session's expiry, which Django would also put on the cookie (Max-Age) and so leave a trace on the phone.
MINUTES = 30


def remember(request, response, access: ReporterAccess) -> None:
    payload = json.dumps(
        {"report": str(access.report.pk), "key": b64encode(access.key).decode(), "until": int(time.time()) + MINUTES * 60}
    ).encode()
    session_keys.remember(request, response, LABEL, payload)


def current(request) -> ReporterAccess | None:
    data = session_keys.recall(request, LABEL)
    if data is None:
        return None
    raw = json.loads(data)
    if time.time() >= raw.get("until", 0):
        request.session.pop(f"vault:{LABEL}", None)  # session_keys' slot: past its time, gone from the server too
        return None
    return open_report(raw["report"], b64decode(raw["key"]))


def forget(request, response) -> None:
    session_keys.forget(request, response, LABEL)
    request.session.flush()
