"""A reporter's return visit: the report's key is kept sealed in the session, opened by a cookie."""
import json
from base64 import b64decode, b64encode

from safereport.vault import session_keys

from safereport.intake.actions import ReporterAccess, open_report

LABEL = "reporter"


def remember(request, response, access: ReporterAccess) -> None:
    payload = json.dumps({"report": str(access.report.pk), "key": b64encode(access.key).decode()}).encode()
    session_keys.remember(request, response, LABEL, payload)
    request.session.set_expiry(30 * 60)  # a shared phone should not stay signed in for long


def current(request) -> ReporterAccess | None:
    data = session_keys.recall(request, LABEL)
    if data is None:
        return None
    raw = json.loads(data)
    return open_report(raw["report"], b64decode(raw["key"]))


def forget(request, response) -> None:
    session_keys.forget(request, response, LABEL)
    request.session.flush()
