"""A sign-in between its two steps: the password was right, the second factor is still to come.

Nobody is signed in yet (Django's `login` runs only after the second factor), so every staff page still sends
the browser to sign in, and the organisation keys opened by the password sit here, sealed under a cookie key
(vault.session_keys, as for a signed-in session) in a slot no page reads. Only the second step moves them to the
signed-in slot (unlock.keep_unlocked). A password without a code therefore reaches no page and no key, and the
slot dies after PENDING_MINUTES, after MAX_WRONG_CODES wrong codes, or when the sign-in page is opened again.
"""

from __future__ import annotations

import json
import time
from base64 import b64decode, b64encode
from dataclasses import dataclass, field, replace

from safereport.accounts.models import User
from safereport.vault import session_keys
from safereport.vault.keyring import UnlockedOrganisation

LABEL = "staff_pending"
PENDING_MINUTES = 10  # long enough to find the phone, or to scan a QR code at enrolment
MAX_WRONG_CODES = 3  # then the password again: each run of guesses costs a full password check


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class PendingSignIn:
    user_id: int
    email: str
    until: float
    keys: bytes | None  # the opened organisation keys (UnlockedOrganisation.to_bytes), or None if locked
    wrong_codes: int = 0
    candidate_secret: bytes | None = field(default=None)  # the secret shown on the enrolment page

    @property
    def user(self) -> User | None:
        return User.objects.filter(pk=self.user_id, is_active=True, organisation__isnull=False).first()

    def unlocked(self) -> UnlockedOrganisation | None:
        return UnlockedOrganisation.from_bytes(self.keys) if self.keys is not None else None

    def missed(self) -> PendingSignIn:
        return replace(self, wrong_codes=self.wrong_codes + 1)

    def with_candidate(self, secret: bytes) -> PendingSignIn:
        return replace(self, candidate_secret=secret)


def start(user: User, unlocked: UnlockedOrganisation | None) -> PendingSignIn:
    return PendingSignIn(user.pk, user.email, now() + PENDING_MINUTES * 60, unlocked.to_bytes() if unlocked else None)


def keep(request, response, pending: PendingSignIn) -> None:
    payload = {
        "user": pending.user_id,
        "email": pending.email,
        "until": pending.until,
        "keys": b64encode(pending.keys).decode() if pending.keys is not None else None,
        "wrong": pending.wrong_codes,
        "candidate": b64encode(pending.candidate_secret).decode() if pending.candidate_secret else None,
    }
    session_keys.remember(request, response, LABEL, json.dumps(payload).encode())


def recall(request) -> PendingSignIn | None:
    data = session_keys.recall(request, LABEL)
    if data is None:
        return None
    raw = json.loads(data)
    if now() >= raw["until"] or raw["wrong"] >= MAX_WRONG_CODES:
        request.session.pop(f"vault:{LABEL}", None)
        return None
    return PendingSignIn(
        raw["user"],
        raw["email"],
        raw["until"],
        b64decode(raw["keys"]) if raw["keys"] is not None else None,
        raw["wrong"],
        b64decode(raw["candidate"]) if raw["candidate"] else None,
    )


def forget(request, response) -> None:
    session_keys.forget(request, response, LABEL)
