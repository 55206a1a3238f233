"""What a police force says happened to a referral: investigation statuses and the Home Office crime outcomes.

Lists, not free text: a force picks a status and, once the investigation has ended, an outcome with
its date. The codes are kept in the clear on the referral (queues, statistics); the history of
updates is sealed (see firewall.police_updates). The outcome list follows the Home Office crime
outcomes framework (the number is the outcome's number there; 19 is not in use), in our own plain words.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestigationStatus(models.TextChoices):
    RECEIVED = "received", _("Received by the force")
    CRIME_RECORDED = "crime_recorded", _("Crime recorded")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    SUSPECT_CHARGED = "suspect_charged", _("Suspect charged")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    CLOSED = "closed", _("Closed")


# An outcome ends an investigation: only these statuses carry one, and each of them needs one.
ENDED = frozenset({InvestigationStatus.SUSPECT_CHARGED, InvestigationStatus.NO_FURTHER_ACTION, InvestigationStatus.CLOSED})


class Outcome(models.TextChoices):
    CHARGED = "charged", _("1 · Charged or summonsed")
    YOUTH_CAUTION = "youth_caution", _("2 · Youth caution or youth conditional caution")
    ADULT_CAUTION = "adult_caution", _("3 · Adult caution or conditional caution")
    TAKEN_INTO_CONSIDERATION = "taken_into_consideration", _("4 · Taken into consideration with another offence")
    OFFENDER_DIED = "offender_died", _("5 · The offender has died")
    PENALTY_NOTICE = "penalty_notice", _("6 · Penalty notice for disorder")
    CANNABIS_KHAT_WARNING = "cannabis_khat_warning", _("7 · Cannabis or khat warning")
    COMMUNITY_RESOLUTION = "community_resolution", _("8 · Community resolution")
    CPS_NOT_PUBLIC_INTEREST = "cps_not_public_interest", _("9 · Prosecution not in the public interest (CPS decision)")
    POLICE_NOT_PUBLIC_INTEREST = (
        "police_not_public_interest",
        _("10 · Formal action not in the public interest (police decision)"),
    )
    SUSPECT_UNDER_AGE = "suspect_under_age", _("11 · Prosecution prevented: suspect below the age of criminal responsibility")
    SUSPECT_TOO_ILL = "suspect_too_ill", _("12 · Prosecution prevented: suspect too ill")
    VICTIM_OR_WITNESS_UNAVAILABLE = (
        "victim_or_witness_unavailable",
        _("13 · Prosecution prevented: victim or key witness dead or too ill"),
    )
    EVIDENCE_NO_SUSPECT_NO_SUPPORT = (
        "evidence_no_suspect_no_support",
        _("14 · Evidential difficulties: suspect not identified, victim does not support further action"),
    )
    EVIDENCE_VICTIM_SUPPORTS = (
        "evidence_victim_supports",
        _("15 · Evidential difficulties: suspect identified, victim supports action"),
    )
    EVIDENCE_VICTIM_DOES_NOT_SUPPORT = (
        "evidence_victim_does_not_support",
        _("16 · Evidential difficulties: suspect identified, victim does not support action"),
    )
    TIME_LIMIT_EXPIRED = "time_limit_expired", _("17 · Prosecution time limit expired")
    NO_SUSPECT_IDENTIFIED = "no_suspect_identified", _("18 · Investigation complete: no suspect identified")
    OTHER_BODY = "other_body", _("20 · Further action by another body or agency")
    INVESTIGATION_NOT_PUBLIC_INTEREST = (
        "investigation_not_public_interest",
        _("21 · Further investigation not in the public interest (police decision)"),
    )
    DIVERSIONARY = "diversionary", _("22 · Diversionary, educational or intervention activity")
