"""Where the report went, in plain words for the reporter: each status, each police status and outcome."""

from django.utils.translation import gettext_lazy as _

from safereport.firewall.investigation import InvestigationStatus, Outcome
from safereport.intake.models import Report

REPORT_STATUS = {
    Report.Status.NEW: _("Your report has arrived. An advocate will read it, usually within two working days."),
    Report.Status.IN_PROGRESS: _("An advocate is working on your report."),
    Report.Status.REFERRED: _("With your agreement, your report was sent to the police."),
    Report.Status.CLOSED: _("Your case is closed."),
}

POLICE_STATUS = {
    InvestigationStatus.RECEIVED: _("The police have received your report."),
    InvestigationStatus.CRIME_RECORDED: _("The police have recorded it as a crime."),
    InvestigationStatus.UNDER_INVESTIGATION: _("The police are investigating."),
    InvestigationStatus.SUSPECT_CHARGED: _("Someone has been charged."),
    InvestigationStatus.NO_FURTHER_ACTION: _("The police have decided not to take it further for now."),
    InvestigationStatus.CLOSED: _("The police have closed the investigation."),
}

# The Home Office outcomes, grouped into what they mean for the person who reported.
_COURT = _("Someone has been charged or summonsed to court.")
_OUT_OF_COURT = _("The police dealt with the person responsible without going to court, for example with a caution.")
_NOT_PUBLIC_INTEREST = _("It was decided that taking it to court was not in the public interest.")
_PREVENTED = _("The law or the circumstances did not allow a prosecution.")
_EVIDENCE = _("The police could not take it further because there was not enough evidence.")
OUTCOME = {
    Outcome.CHARGED: _COURT,
    Outcome.YOUTH_CAUTION: _OUT_OF_COURT,
    Outcome.ADULT_CAUTION: _OUT_OF_COURT,
    Outcome.TAKEN_INTO_CONSIDERATION: _("The person responsible admitted it while being dealt with for another crime."),
    Outcome.OFFENDER_DIED: _PREVENTED,
    Outcome.PENALTY_NOTICE: _OUT_OF_COURT,
    Outcome.CANNABIS_KHAT_WARNING: _OUT_OF_COURT,
    Outcome.COMMUNITY_RESOLUTION: _OUT_OF_COURT,
    Outcome.CPS_NOT_PUBLIC_INTEREST: _NOT_PUBLIC_INTEREST,
    Outcome.POLICE_NOT_PUBLIC_INTEREST: _NOT_PUBLIC_INTEREST,
    Outcome.SUSPECT_UNDER_AGE: _PREVENTED,
    Outcome.SUSPECT_TOO_ILL: _PREVENTED,
    Outcome.VICTIM_OR_WITNESS_UNAVAILABLE: _PREVENTED,
    Outcome.EVIDENCE_NO_SUSPECT_NO_SUPPORT: _EVIDENCE,
    Outcome.EVIDENCE_VICTIM_SUPPORTS: _EVIDENCE,
    Outcome.EVIDENCE_VICTIM_DOES_NOT_SUPPORT: _EVIDENCE,
    Outcome.TIME_LIMIT_EXPIRED: _PREVENTED,
    Outcome.NO_SUSPECT_IDENTIFIED: _("The investigation ended without finding who was responsible."),
    Outcome.OTHER_BODY: _("Another organisation is taking it further."),
    Outcome.INVESTIGATION_NOT_PUBLIC_INTEREST: _NOT_PUBLIC_INTEREST,
    Outcome.DIVERSIONARY: _OUT_OF_COURT,
}


def in_plain_words(where) -> dict:
    """One referral (firewall.police_updates.WhereItWent) as the reporter's page shows it."""
    return {
        "force": where.force,
        "sent_on": where.sent_on,
        "status": POLICE_STATUS.get(where.status, ""),
        "outcome": OUTCOME.get(where.outcome, ""),
        "outcome_on": where.outcome_on,
        "crime_reference_recorded": where.crime_reference_recorded,
        "crime_reference": where.crime_reference,
    }
