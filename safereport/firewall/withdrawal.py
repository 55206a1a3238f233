"""A referral whose report the reporter erases is withdrawn: a stub stays so the force is told, nothing else does."""

from __future__ import annotations

from safereport import coarse_time
from safereport.intake.models import Report
from safereport.vault import records

from .investigation import InvestigationStatus
from .models import PoliceUpdate, Referral, ReferralFile

# What a withdrawn referral keeps is its report's reference, the force, the day it was made and the day it was
# withdrawn (and the sending organisation's fingerprints, which say nothing of the report). Every other field
# goes back to empty, so nothing of the report, nor of what the force recorded about it, stays readable (rule 7).
EMPTIED = {
    "package_sealed": None,
    "crime_reference_for_police": None,
    "crime_reference_for_sender": None,
    "crime_reference_for_reporter": None,
    "crime_reference_recorded_at": None,
    "reporter_withheld_more_on": None,
    "investigation_status": InvestigationStatus.RECEIVED,
    "outcome": "",
    "outcome_on": None,
    "status_updated_at": None,
}


def withdraw_referrals(sender, instance: Report, **kwargs) -> None:
    """pre_delete of a report (intake.actions.erase_report): its referrals become withdrawn stubs, and the updates
    the force and the advocate exchanged on them (free text about the person) and the evidence files sent with
    them are deleted.

    One UPDATE, inside the erasure's transaction, so an outcome and its date go together (a check constraint
    holds them to each other); the report's own deletion then sets `report` to NULL.
    """
    referrals = Referral.objects.filter(report=instance)
    # Each referral's own key goes first: every copy of what was sealed under it, in the database's files or in a
    # backup, is noise from then on (firewall.referral_keys; the rekey of its epoch and the erasure ledger do the rest).
    for key_id in referrals.exclude(sealing_key=None).values_list("sealing_key_id", flat=True):
        records.destroy_data_key(key_id)
    PoliceUpdate.objects.filter(referral__in=referrals).delete()
    ReferralFile.objects.filter(referral__in=referrals).delete()  # the evidence files sent with them
    referrals.update(report_reference=instance.reference, withdrawn_on=coarse_time.today().date(), **EMPTIED)
