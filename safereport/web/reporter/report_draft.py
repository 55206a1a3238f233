"""The report form between its steps: what was typed, sealed in the server session for minutes, then the codename once.

Nothing a reporter types travels in the page (no hidden fields), so the browser's history and
its "resend the form" hold nothing readable. The server keeps it sealed under the visit's
cookie key (`vault.visit_seal`), so a copy of the session table cannot read it either.

The form's state is one of:
  Draft  answers so far and the form's one-time token, for DRAFT_MINUTES after the last step;
  Sent   the spent token, and the codename until the page after the report has shown it once.
"""

from __future__ import annotations

import json
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction

from safereport.intake import withheld as withheld_parts
from safereport.vault import visit_seal

LABEL = "report-form"
DRAFT_MINUTES = 30  # long enough to write the narrative slowly; short enough that a phone left behind forgets it


@dataclass
class Draft:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    answers: dict[str, list[str]] = field(default_factory=dict)
    show_errors_on: str | None = None  # the step that was sent with mistakes, shown with them until corrected
    restarted: bool = False  # the earlier answers had expired or been cleared when a later step arrived
    # The parts of the narrative the reporter keeps back from the police, by their words, so an edit
    # to the narrative afterwards cannot move the choice onto other words (see `withheld_ranges`).
    withheld: list[str] = field(default_factory=list)


@dataclass
class Sent:
    token: str
    codename: str | None  # None once the page after the report has shown it
    reference: str | None


def load(request) -> Draft | Sent | None:
    raw = visit_seal.open_sealed(request, LABEL)
    if raw is None:
        return None
    state = json.loads(raw)
    kind = state.pop("kind")
    return Draft(**state) if kind == "draft" else Sent(**state)


def save(request, response, state: Draft | Sent) -> None:
    kind = "draft" if isinstance(state, Draft) else "sent"
    payload = json.dumps({"kind": kind, **state.__dict__}, ensure_ascii=False).encode()
    visit_seal.seal(request, response, LABEL, payload, lifetime=DRAFT_MINUTES * 60)


def withheld_ranges(draft: Draft, narrative: str) -> tuple[tuple[tuple[int, int], ...], list[str]]:
    """The parts kept back, found again in `narrative` by their words; and the chosen words no longer found in it.

    Words no longer found mean the narrative was edited after the choice: the reporter must look
    again before the report is sent with the narrative shared (see `report_form`).
    """
    wanted = set(draft.withheld)
    ranges = [(start, end) for start, end in withheld_parts.parts(narrative) if narrative[start:end] in wanted]
    found = {narrative[start:end] for start, end in ranges}
    try:
        return withheld_parts.normalise(ranges, narrative), [text for text in draft.withheld if text not in found]
    except withheld_parts.WithheldInvalid:
        return (), list(draft.withheld)  # cannot be kept as chosen: nothing is sent until the reporter chooses again


@contextmanager
def claimed(request):
    """One transaction in which this browser's session row is locked and re-read, so a form is accepted only once.

    Two posts of the same last step (a double tap, a resend) both arrive holding the draft;
    the second waits here until the first has replaced it with `Sent` and committed, then
    reads that instead of the draft. The session is saved inside the transaction for that.
    """
    with transaction.atomic():
        key = request.session.session_key
        if key:
            store_class = type(request.session)
            store_class.get_model_class().objects.select_for_update().filter(session_key=key).first()
            request.session = store_class(key)  # the row as it is now, not as this request began
        yield
        if request.session.modified:
            request.session.save()
            if key and request.session.session_key == key:
                # Saved once, here: a second save after the response could race the page showing the codename.
                # (A new session is left to the middleware, which must also send its cookie.)
                request.session.modified = False
