"""Each referral's own key, so that withdrawing a referral is final in every copy of the database, not only its rows.

A referral's package, its files, the crime reference copies and the updates the force and the sender exchange are
sealed to an organisation's key: the force's, or the sender's. Emptying those fields when the report is erased
(firewall.withdrawal) leaves the old bytes in the database's files until they are overwritten, and in any backup;
with a liaison's or an advocate's password they would open again. So each is sealed twice: inside, under a key of
the referral's own (a vault data key, sealed to the force and to the sender under the day's epoch); outside, to the
organisation as before, so key rotation re-seals it as it always did. Withdrawal destroys the referral's key
(vault.records.destroy_data_key: its rows, its epoch rekeyed once the day ends, the erasure ledger for restores), and
with it the inside of every copy. Referrals made before 4 Dec 2026 have no key of their own and are read as before.
"""

from __future__ import annotations

from safereport.vault import keyring, records
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.models import DataKey, OrganisationKey

from .models import Referral


def new_key(police_id: int, sender_id: int) -> tuple[DataKey, bytes]:
    """The key of a referral about to be made, sealed to the force and to the sending organisation."""
    return records.create_shared_data_key([police_id, sender_id])


def seal(record_id: str, key: bytes, field: str, data: bytes, to: OrganisationKey) -> bytes:
    """`data` under the referral's key, then sealed to one organisation key."""
    return keyring.seal_to_key(to, records.seal_layer(key, record_id, field, data))


def seal_for_both(
    referral: Referral, unlocked: UnlockedOrganisation, data: bytes, police_field: str, sender_field: str
) -> tuple[bytes, bytes]:
    """`data` sealed for the force and for the sender of an existing referral (the referral's key opened once), by a
    member of staff of either side."""
    to_police, to_sender = keyring.active_key(referral.police_id), keyring.active_key(referral.live_report.organisation_id)
    if referral.sealing_key_id is None:  # a referral made before it had a key of its own
        return keyring.seal_to_key(to_police, data), keyring.seal_to_key(to_sender, data)
    key = key_of(referral, unlocked)
    return seal(referral.record_id, key, police_field, data, to_police), seal(
        referral.record_id, key, sender_field, data, to_sender
    )


def key_of(referral: Referral, unlocked: UnlockedOrganisation) -> bytes:
    if referral.sealing_key_id is None:
        raise keyring.AccessDenied("This referral has no key of its own.")
    return records.open_with_organisation(referral.sealing_key_id, unlocked)


def opened(referral: Referral, unlocked: UnlockedOrganisation, field: str, sealed: bytes | memoryview) -> bytes:
    """What `seal` sealed, with the force's or the sender's unlocked keys."""
    inside = keyring.open_for_organisation(unlocked, sealed)
    if referral.sealing_key_id is None:
        return inside
    return records.open_layer(key_of(referral, unlocked), referral.record_id, field, inside)
