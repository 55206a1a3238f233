"""Who is asking the public API: a reporter's codename in the `Authorization` header, never a cookie."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja.security.http import HttpAuthBase

from safereport.intake import actions, throttle
from safereport.web.privacy import ClientRequest


class CodenameAuth(HttpAuthBase):
    """`Authorization: Codename <words>`; unknown and erased codenames get the same 401."""

    openapi_scheme = "codename"

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        scheme, _, codename = header.partition(" ")
        if scheme.lower() != "codename" or not codename.strip():
            return None
        # The right codename always opens the report, however many wrong ones this address tried (whoever shares the
        # reporter's network must not be able to keep them out); only wrong ones are refused while the address waits.
        access = actions.open_with_codename(codename.strip())
        if access is not None:
            return access
        client = cast(ClientRequest, request).client_token
        if wait := throttle.codename_wait_seconds(client):
            raise TooManyAttempts(wait)
        throttle.note_failed_codename(client)
        return None


class TooManyAttempts(Exception):
    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds
