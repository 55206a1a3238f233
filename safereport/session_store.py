"""Database sessions that keep no record of a visit beyond what expiry needs, and purge expired rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.backends import db
from django.core import signing

# Expiry is kept to this granularity (rounded up, so a session never ends early): a seized table
# tells when someone came back only to within ten minutes, not to the microsecond.
EXPIRY_GRANULARITY = timedelta(minutes=10)


def coarse_expiry(exact: datetime) -> datetime:
    """The first multiple of EXPIRY_GRANULARITY (since the epoch, in the value's zone) at or after ``exact``."""
    epoch = datetime(1970, 1, 1, tzinfo=exact.tzinfo)
    step = EXPIRY_GRANULARITY // timedelta(microseconds=1)
    elapsed = (exact - epoch) // timedelta(microseconds=1)
    return epoch + timedelta(microseconds=-(-elapsed // step) * step)


class UndatedSigner(signing.TimestampSigner):
    """Signs exactly as Django's sessions do, with the signing time fixed at zero.

    Django's session data carries the second it was last written (``signing.dumps`` uses a
    timestamping signer), which would tell when a reporter came back. Keeping the format means
    Django's own readers (``Session.get_decoded()``, the stock store) still read every row.
    """

    def timestamp(self):
        return signing.b62_encode(0)


class SessionStore(db.SessionStore):
    """Django's database sessions, with the visit times taken out.

    - The data is signed with no time in it (UndatedSigner).
    - ``expire_date`` is rounded up to ten minutes.
    - Starting a session deletes every expired one, so old visits do not pile up between runs of
      the scheduled ``safereport clearsessions`` (docs/operations.md).
    """

    def encode(self, session_dict):
        return UndatedSigner(salt=self.key_salt).sign_object(session_dict, serializer=self.serializer, compress=True)

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.expire_date = coarse_expiry(instance.expire_date)
        return instance

    async def acreate_model_instance(self, data):
        instance = await super().acreate_model_instance(data)
        instance.expire_date = coarse_expiry(instance.expire_date)
        return instance

    def create(self):
        self.clear_expired()
        super().create()

    async def acreate(self):
        await self.aclear_expired()
        await super().acreate()
