"""Every stored field of case data, with its class. The firewall decides by class, never by name."""

IDENTITY = "identity"
CONTACT = "contact"
NARRATIVE = "narrative"
CRIME_FACTS = "crime_facts"
IMMIGRATION = "immigration"
OPERATIONAL = "operational"
# The organisation's own assessment of the danger a person is in (risk answers): casework, never sent.
# No recipient's ruling (policy.rule) includes it and no compellable field names it, so no
# package, referral or compelled disclosure carries it; it is not immigration data.
ASSESSMENT = "assessment"
CLASSES = (IDENTITY, CONTACT, NARRATIVE, CRIME_FACTS, IMMIGRATION, OPERATIONAL, ASSESSMENT)

_OPERATIONAL = (
    "id",
    "reference",
    "organisation",
    "data_key",
    "status",
    "language",
    "wants_advocate",
    "wants_interpreter",
    "interpreter_language_sealed",
    "wants_police_visit",
    "assigned_to",
    "unread_reply",
    "risk_high",
    "created_at",
    "updated_at",
    "received_order",
    "filed_on_behalf",
    "filed_by",
    # An erasure pending: the days it was asked for and falls due, nothing of why or by whom.
    "erasure_requested_on",
    "erasure_due_on",
    "erasure_cancelled_by_staff_on",
)

FIELD_CLASSES: dict[str, str] = {
    **{f"intake.Report.{name}": OPERATIONAL for name in _OPERATIONAL},
    "intake.Report.crime_type": CRIME_FACTS,
    "intake.Report.area": CRIME_FACTS,
    "intake.Report.occurred_month": CRIME_FACTS,
    "intake.Report.occurred_on_sealed": CRIME_FACTS,
    "intake.Report.area_detail_sealed": CRIME_FACTS,
    "intake.Report.narrative_sealed": NARRATIVE,
    "intake.Report.contact_sealed": CONTACT,
    # Safe to call, text, leave a message, and when: it goes only where contact details go.
    "intake.Report.safe_contact_sealed": CONTACT,
    # Who gives the account (victim, witness, third party): a fact of the report the police weigh it by.
    "intake.Report.reported_by": CRIME_FACTS,
    "intake.Report.immigration_advice_sealed": IMMIGRATION,
    "intake.Report.receipt_sealed": CRIME_FACTS,
    # Offsets into the narrative, meaningful only with it; used by the firewall to cut it, never sent.
    "intake.Report.narrative_withheld_sealed": NARRATIVE,
    # The reporter's choice to see the crime reference on their own page: a preference, never sent.
    "intake.Report.crime_reference_shown_sealed": OPERATIONAL,
    **{f"intake.Message.{name}": OPERATIONAL for name in ("id", "report", "sender", "author", "sent_at", "sent_at_sealed")},
    # The tombstone of an erased report: its reference, whose it was and the day, so the advocate is told.
    **{f"intake.ErasedReport.{name}": OPERATIONAL for name in ("id", "reference", "organisation", "erased_on", "reason")},
    "intake.Message.body_sealed": NARRATIVE,
    **{
        f"intake.Consent.{name}": OPERATIONAL
        for name in (
            "id",
            "report",
            "recipient_kind",
            "share_contact",
            "share_narrative",
            "wording_version",
            "wording_language",
            "given_at",
            "superseded_at",
            "relayed_by_staff",
            "relayed_by",
        )
    },
    **{f"cases.CaseNote.{name}": OPERATIONAL for name in ("id", "report", "author", "written_at")},
    # Ordinary notes, immigration-advice entries and eligibility answers share this one table and one
    # sealed size (so a seized copy cannot tell them apart): the bodies are therefore `immigration`.
    "cases.CaseNote.body_sealed": IMMIGRATION,
    "cases.ImmigrationAdvice.report": OPERATIONAL,
    **{f"cases.StatusChange.{name}": OPERATIONAL for name in ("id", "report", "old", "new", "author", "changed_at")},
    "cases.ImmigrationAdvice.notes_sealed": IMMIGRATION,
    # Risk: the questionnaire sets are configuration; an assessment's band, score and day are clear for the
    # queue, its answers are sealed and never leave.
    **{
        f"risk.Questionnaire.{name}": OPERATIONAL
        for name in ("id", "organisation", "crime_type", "version", "definition", "loaded_at")
    },
    **{
        f"risk.RiskAssessment.{name}": OPERATIONAL
        for name in ("id", "report", "sequence", "questionnaire", "assessed_by", "score", "band", "assessed_on")
    },
    "risk.RiskAssessment.answers_sealed": ASSESSMENT,
    # The directory is the organisation's own data (who it refers people to), not case data.
    **{
        f"services.Service.{name}": OPERATIONAL
        for name in ("id", "organisation", "name", "kind", "languages", "areas", "eligibility", "contact")
    },
    **{f"services.ServiceReferral.{name}": OPERATIONAL for name in ("id", "report", "recorded_by", "recorded_at")},
    # Which service, when, the outcome and the note, sealed together: a referral to an immigration adviser
    # or to the support scheme for migrant victims says the person has immigration circumstances.
    "services.ServiceReferral.details_sealed": IMMIGRATION,
    **{
        f"firewall.Referral.{name}": OPERATIONAL
        for name in (
            "id",
            "report",
            "police",
            "made_by",
            "made_at",
            "package_sealed",
            # Which vault data key is the referral's own (firewall.referral_keys): a link, no key material.
            "sealing_key",
            "sender_fingerprint",
            "recipient_fingerprint",
            "crime_reference_recorded_at",
            "reporter_withheld_more_on",
            # Codes from fixed lists and a date: what the force says of the investigation, for statistics.
            "investigation_status",
            "outcome",
            "outcome_on",
            "status_updated_at",
            # What a withdrawn referral keeps: which report it was, and when the reporter erased it.
            "report_reference",
            "withdrawn_on",
        )
    },
    "firewall.Referral.crime_reference_for_police": CRIME_FACTS,
    "firewall.Referral.crime_reference_for_sender": CRIME_FACTS,
    # Forces' agreements and stations are the organisation's own records, about no reporter.
    **{
        f"visits.ForceAgreement.{name}": OPERATIONAL
        for name in (
            "id",
            "organisation",
            "force",
            "version",
            "commitments",
            "agreed_on",
            "recorded_by",
            "recorded_on",
            "superseded_on",
        )
    },
    **{
        f"visits.PoliceStation.{name}": OPERATIONAL
        for name in ("id", "organisation", "force", "name", "address", "added_by", "added_on")
    },
    **{
        f"visits.Visit.{name}": OPERATIONAL
        for name in ("id", "report", "station", "agreement", "advocate", "booked_by", "booked_on", "cancelled_on", "cancelled_by")
    },
    # When a named person walks into a given station: matched with the station's records, it names them.
    "visits.Visit.details_sealed": IDENTITY,
    "visits.Visit.letter_sealed": IDENTITY,
    "firewall.Referral.crime_reference_for_reporter": CRIME_FACTS,
    **{
        f"firewall.PoliceUpdate.{name}": OPERATIONAL for name in ("id", "referral", "kind", "written_by", "written_at", "answers")
    },
    # A request for contact and the advocate's answer are free text about the person: narrative.
    "firewall.PoliceUpdate.details_for_police_sealed": NARRATIVE,
    "firewall.PoliceUpdate.details_for_sender_sealed": NARRATIVE,
    # The register says who asked, when, on what footing and with what outcome: operational,
    # and counted (never listed) in the public transparency report.
    **{
        f"firewall.DisclosureRequest.{name}": OPERATIONAL
        for name in (
            "id",
            "reference",
            "organisation",
            "agency_kind",
            "agency_name",
            "received_at",
            "report",
            "compulsion_claimed",
            "legal_basis_kind",
            "legal_basis_names_immigration",
            "requested_fields",
            "decision",
            "decision_reason",
            "refused_by_default",
            "recorded_by",
            "decided_by",
            "approved_by",
            "decided_at",
            "withheld_from_reporter",
            "withheld_reason",
            "disclosed_fields",
            "sealed_to",
            "created_at",
            "report_erased",
            "order_forbids_telling",
            "court_order_copy_type",
            "package_key",
        )
    },
    # What an agency asked can name the person and, from immigration enforcement, state or seek
    # their status; the compelled package may carry immigration fields a legal basis named.
    # Both are therefore `immigration`: they never leave the organisation by any automatic path.
    "firewall.DisclosureRequest.asked_sealed": IMMIGRATION,
    "firewall.DisclosureRequest.package_sealed": IMMIGRATION,
    # A cited court order or warrant may name the parties.
    "firewall.DisclosureRequest.legal_basis_sealed": IDENTITY,
    "firewall.DisclosureRequest.court_order_reference_sealed": IDENTITY,
    # The order itself, and the supervisor's review of it, can state or discuss the person's status.
    "firewall.DisclosureRequest.court_order_copy_sealed": IMMIGRATION,
    "firewall.DisclosureRequest.legal_review_sealed": IMMIGRATION,
    # An evidence file's row says which report has how many files, of which kind, added and reviewed on which day:
    # operational. The file itself is sealed outside the database (evidence.storage) and never a column here.
    **{
        f"evidence.EvidenceFile.{name}": OPERATIONAL
        for name in (
            "id",
            "report",
            "number",
            "kind",
            "storage_name",
            "sealed_size",
            "added_on",
            "added_by_reporter",
            "added_by",
            "reviewed_by",
            "reviewed_on",
            "removal_due_on",
        )
    },
    # The reporter's consent for the file to go to the police, sealed at one width: a choice, like the others.
    "evidence.EvidenceFile.share_with_police_sealed": OPERATIONAL,
    # A file sent with a referral: which referral, which file, its number in the report.
    **{f"firewall.ReferralFile.{name}": OPERATIONAL for name in ("id", "referral", "evidence", "number")},
    # The file itself, sealed to the force: what it shows is the reporter's account in a picture.
    "firewall.ReferralFile.content_sealed": NARRATIVE,
    # A published quarter of the transparency report: counts the public already sees, naming no request or report.
    **{f"firewall.PublishedQuarter.{name}": OPERATIONAL for name in ("id", "year", "number", "counts", "published_at")},
}

# Parts of the sealed contact record: a name identifies, a phone or email reaches.
CONTACT_PARTS = {"name": IDENTITY, "phone": CONTACT, "email": CONTACT}

CASE_DATA_APPS = ("intake", "cases", "risk", "visits", "services", "evidence", "firewall")


def unclassified_fields() -> list[str]:
    """Stored fields of case data with no class: each one is a hole in the firewall."""
    from django.apps import apps

    missing = []
    for app_label in CASE_DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                key = f"{app_label}.{model.__name__}.{field.name}"
                if key not in FIELD_CLASSES:
                    missing.append(key)
    return missing
