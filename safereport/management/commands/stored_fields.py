"""Print every stored field as a markdown table: firewall class, sealed or clear, and why."""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from safereport.coarse_time import DayDateTimeField
from safereport.firewall.classification import FIELD_CLASSES

SEALED, CLEAR, REVIEW = "SEALED", "CLEAR", "REVIEW"
# Binary columns whose names say they hold ciphertext (AES-256-GCM wraps or SealedBox seals).
SEALED_NAMES = ("sealed", "sealed_secret", "sealed_for_recovery", "wrapped", "wrapped_secret")
# Ciphertext under a name that does not say so: listed by hand, so the judgement stays honest.
SEALED_UNDER_OTHER_NAMES = {
    "firewall.Referral.crime_reference_for_police",
    "firewall.Referral.crime_reference_for_sender",
    "firewall.Referral.crime_reference_for_reporter",
}
# Binary columns that are public by design; anything binary not named here or above is flagged.
PUBLIC_BINARY = {
    "vault.OrganisationKey.public_key": "public key: anyone may seal to it, that is its purpose",
    "vault.OrganisationKey.verify_key": "public signing key: police check referral signatures with it",
    "vault.OrganisationKey.recovery_public_key": "public half of the recovery pair; the words are never stored",
    "vault.StaffKey.public_key": "public key: supervisors seal grants to it",
    "vault.StaffKey.salt": "Argon2id salt: random, public by design",
    "vault.CodenameWrap.lookup": "BLAKE2b of the codename (own personalisation): finds the wrap, not the key",
    "audit.AuditTreeNode.hash": "SHA-256 over entry hashes (a Merkle node), so consistency proofs cost a few lookups; "
    "public in proofs, recomputed by verify_audit",
}

REASONS = {
    "otp_totp.TOTPDevice.key": "the staff member's TOTP secret, in the clear as django-otp keeps it: it guards the online "
    "sign-in only; a copy of the database still needs the password to open any key (see Second factor)",
    "otp_totp.TOTPDevice.name": "always 'authenticator app'",
    "otp_totp.TOTPDevice.last_t": "last 30-second step accepted: refuses a replayed code",
    "otp_totp.TOTPDevice.drift": "the phone's clock skew, in steps",
    "otp_totp.TOTPDevice.throttling_failure_count": "django-otp's own throttle, switched off (it would lock the owner out)",
    "accounts.RecoveryCode.code_hash": "BLAKE2b of a random 79-bit one-time code; the code is shown once, never stored",
    "accounts.SetupCode.code_hash": "BLAKE2b of the random 79-bit enrolment code handed over with a new password",
    "auth.Permission.name": "Django framework data: names of permissions",
    "auth.Permission.codename": "Django framework data (a permission name, not a reporter's codename)",
    "auth.Group.name": "Django framework data; unused",
    "contenttypes.ContentType.app_label": "Django framework data: model names",
    "contenttypes.ContentType.model": "Django framework data: model names",
    "sessions.Session.session_key": "random cookie value; the row is deleted at sign-out and quick exit",
    "sessions.Session.session_data": "signed (with no signing time), not encrypted: user id, auth hash, and vault:* and "
    "visit:* entries (a report form's draft, a codename not yet shown) that are "
    "AES-GCM ciphertext under a key held only in the browser cookie",
    "sessions.Session.expire_date": "expiry, 8 h, rounded up to 10 minutes (a reporter's 30-minute limits are kept "
    "inside the sealed entries); expired rows are purged",
    "accounts.Organisation.slug": "organisation, not a person",
    "accounts.Organisation.name": "organisation, not a person",
    "accounts.Organisation.kind": "support or police: drives routing and policy",
    "accounts.Organisation.areas": "routing: which areas it serves",
    "accounts.Organisation.receives_unrouted": "routing",
    "accounts.Organisation.specialisms": "routing: which kinds of crime it specialises in",
    "accounts.Organisation.languages": "routing: the languages its staff work in",
    "accounts.User.languages": "the queue offers a member of staff reports in the languages they work in",
    "accounts.User.password": "always Django's 'unusable' marker: the password is checked by opening the staff key wrap, so no second hash exists to guess against",
    "accounts.User.username": "staff email (staff are not anonymous; reporters have no account)",
    "accounts.User.email": "staff email, for sign-in",
    "accounts.User.first_name": "staff name (empty by default)",
    "accounts.User.last_name": "staff name (empty by default)",
    "accounts.User.role": "access control",
    "accounts.PendingNotice.user": "who has unread activity until the next notice batch: never what, which case or since when",
    "audit.AuditEntry.seq": "position in the chain: a gap shows a removed entry",
    "audit.AuditEntry.actor": "`staff:<id>`, `reporter`, `operator`, `system`: never a reporter's identity",
    "audit.AuditEntry.action": "what happened, e.g. `case.read`; a fixed vocabulary",
    "audit.AuditEntry.target": "report reference, `staff:<id>` or `organisation:<id>`",
    "audit.AuditEntry.detail": "ids, fingerprints, consent booleans, recipient kind, redaction categories (see risks); no "
    "content or keys",
    "audit.AuditEntry.prev_hash": "hash chain: tamper evidence",
    "audit.AuditEntry.entry_hash": "hash chain: tamper evidence",
    "audit.AuditHead.entry_hash": "head of the chain: detects truncation",
    "audit.AuditHead.seq": "head of the chain: detects truncation",
    "audit.AuditTreeNode.level": "position of a Merkle tree node over the entries (docs/audit.md)",
    "audit.AuditTreeNode.index": "position of a Merkle tree node over the entries (docs/audit.md)",
    "audit.AuditCheckpoint.tree_size": "how many audit entries a signed checkpoint covers (published on the transparency page)",
    "audit.AuditCheckpoint.root_hash": "Merkle tree head of those entries (published)",
    "audit.AuditCheckpoint.signed_at": "when the checkpoint was signed, to the second: checkpoints are made on a schedule, "
    "so it dates the log's size, not an action (docs/audit.md)",
    "audit.AuditCheckpoint.signature": "Ed25519 signature by the checkpoint key, which is kept outside the database",
    "audit.AuditCheckpoint.key_id": "names the checkpoint key (first 16 hex digits of SHA-256 of its public key)",
    "ratelimit.Counter.key": "keyed BLAKE2b of what is counted (client, account, device) under an hourly random key "
    "deleted after its hour: never an address or email, and unlinkable to one afterwards",
    "ratelimit.Counter.failures": "failed codename or sign-in attempts in the window",
    "ratelimit.Counter.window_ends": "when the count lapses; lapsed rows are deleted as new ones are made",
    "vault.OrganisationKey.fingerprint": "names a key generation in grants, seals and the audit log",
    "vault.OrganisationKey.sealed_for_recovery": "org private key sealed to the recovery pair (16 printed words)",
    "vault.StaffKey.wrapped_secret": "staff private key, AES-GCM under Argon2id(password)",
    "vault.StaffKey.kdf": "Argon2id parameters beside the wrap, so cost can be raised",
    "vault.StaffKey.opslimit": "Argon2id parameters beside the wrap, so cost can be raised",
    "vault.StaffKey.memlimit": "Argon2id parameters beside the wrap, so cost can be raised",
    "vault.OrganisationKeyGrant.sealed_secret": "org private key sealed to the staff member's public key",
    "vault.SealedDataKey.sealed": "report data key sealed to the organisation public key, then AES-GCM under the day's "
    "epoch key (a file outside the database, destroyed after an erasure: vault.epochs)",
    "vault.CodenameWrap.wrapped": "report data key, AES-GCM under a codename-derived key, then under the day's epoch key",
    "vault.SealedDataKey.epoch": "which epoch key wraps the seal (a day's; names no report)",
    "vault.CodenameWrap.epoch": "which epoch key wraps the codename wrap",
    "vault.KeyEpoch.day": "the UTC day whose new data keys the epoch wraps: the same day the data key records",
    "vault.KeyEpoch.rekey_needed": "a key of that day was erased: the epoch is replaced once the day has closed",
    "vault.KeyEpoch.retired": "replaced by a successor; its key file is destroyed",
    "intake.Report.reference": "random `SR-XXXX-XXXX`; how staff and the audit log name a case",
    "intake.Report.status": "queues; the reporter sees it",
    "intake.Report.crime_type": "routing and statistics; one of 9 fixed codes",
    "intake.Report.language": "routing to a speaker; a base language code from a closed list, never a region",
    "intake.Report.area": "routing; one of 5 coarse areas or empty",
    "intake.Report.occurred_month": "statistics by month; the day is sealed",
    "intake.Report.wants_advocate": "queue triage",
    "intake.Report.wants_interpreter": "queue triage",
    "intake.Report.interpreter_language_sealed": "free text naming the interpreter's language: could carry a name or hint at nationality",
    "intake.Report.wants_police_visit": "queue triage",
    "intake.Report.assigned_to": "casework: which member of staff works the case",
    "intake.Report.risk_high": "queue: the current risk assessment's band is high (the same as risk.RiskAssessment.band "
    "says), kept on the report so the queue puts high risk first from an index",
    "intake.Report.unread_reply": "queue: the reporter wrote since an advocate last opened the case (says only "
    "that they came back, as `updated_at` does)",
    "intake.Report.narrative_sealed": "what the reporter wrote",
    "intake.Report.occurred_on_sealed": "exact date could be matched with outside records",
    "intake.Report.contact_sealed": "name, phone, email",
    "intake.Report.safe_contact_sealed": "whether it is safe to call, text or leave a message, and when: describes the "
    "reporter's situation; sealed for every report at one size",
    "intake.Report.reported_by": "statistics (hate-crime returns count it): victim, witness, third party or blank",
    "intake.Report.filed_on_behalf": "queue: a report filed by staff on the victim's behalf (third-party reporting)",
    "intake.Consent.relayed_by_staff": "consent is evidence: a member of staff asked and recorded the victim's answers",
    "intake.Report.immigration_advice_sealed": "wanting immigration advice hints at status",
    "intake.Report.area_detail_sealed": "a place in the reporter's own words may identify them",
    "intake.Report.receipt_sealed": "signed proof of reporting, names the case and its facts",
    "intake.Report.narrative_withheld_sealed": "which parts of the narrative the reporter keeps back from the police "
    "(offsets into it), padded to one size whatever was chosen",
    "intake.Message.sender": "reporter or advocate: thread display",
    "intake.Message.sent_at_sealed": "the exact time the message was sent: the thread is shown and ordered by it",
    "intake.Report.received_order": "the queue's order within a day (times are kept to the day); hints at volume",
    "audit.AuditEntry.at": "the day only (entries are ordered by `seq`); entries written before times were coarsened keep the second: the chain cannot be rewritten",
    "intake.Message.body_sealed": "what was written",
    "intake.Consent.recipient_kind": "consent is evidence: it must be checkable without a key",
    "intake.Consent.share_contact": "consent is evidence: it must be checkable without a key",
    "intake.Consent.share_narrative": "consent is evidence: it must be checkable without a key",
    "intake.Consent.wording_version": "which wording was agreed to",
    "intake.Consent.wording_language": "which translation was agreed to",
    "cases.StatusChange.old": "a case's status history (new, in progress, referred, closed): the report row shows the latest anyway",
    "cases.StatusChange.new": "a case's status history, for the timeline",
    "cases.StatusChange.changed_at": "when a member of staff changed the status, as a note's time: a staff action, never a reporter's",
    "risk.Questionnaire.organisation": "which organisation loaded the set; empty for the sets SafeReport ships",
    "risk.Questionnaire.crime_type": "which crime type the set is for: one of the 9 codes or `generic`",
    "risk.Questionnaire.version": "the set's version, recorded by every assessment made with it",
    "risk.Questionnaire.definition": "the questions, thresholds and next steps: configuration, no case data",
    "risk.RiskAssessment.sequence": "1 for a case's first assessment, then 2, 3 ...: the highest is current",
    "risk.RiskAssessment.score": "how many questions were answered yes: queue triage",
    "risk.RiskAssessment.band": "standard, medium or high: the queue shows it and puts high first",
    "risk.RiskAssessment.answers_sealed": "each answer and the professional judgement: they describe the victim's "
    "situation; never leave the organisation",
    "visits.ForceAgreement.commitments": "what a force agreed for supported visits (fixed codes); organisation data",
    "visits.ForceAgreement.version": "agreements are versioned, never edited: a letter states the version it was issued under",
    "visits.ForceAgreement.agreed_on": "the day the force agreed: stated on the letter",
    "visits.ForceAgreement.recorded_on": "the day it was recorded here",
    "visits.ForceAgreement.superseded_on": "the day a later version or a withdrawal replaced it",
    "visits.PoliceStation.name": "a participating police station: organisation data",
    "visits.PoliceStation.address": "a participating police station's address: organisation data",
    "visits.PoliceStation.added_on": "the day the station was added to the list",
    "visits.Visit.station": "which participating station; links the case to a place, like the coarse area",
    "visits.Visit.details_sealed": "the visit's date and time (matched with a station's records they could name the "
    "reporter) and the advocate's work phone, padded to one size",
    "visits.Visit.letter_sealed": "the signed assurance letter: names the station, the day and time of the visit",
    "cases.CaseNote.body_sealed": "what the advocate wrote, immigration-advice entries and eligibility answers, each "
    "marked inside the seal and padded to one size (20 KiB), so which rows are immigration advice is sealed too",
    "cases.ImmigrationAdvice.notes_sealed": "the one overwritable field of before: moved into an entry and the row "
    "deleted the first time staff open the case; no new rows",
    "accounts.User.gives_immigration_advice": "access control: a regulated immigration adviser, named by a supervisor "
    "(audited); only they read or write immigration-classified data",
    "services.Service.name": "organisation data: a service it refers people to",
    "services.Service.kind": "organisation data: legal, immigration advice, refuge, IDVA, interpreters, health, support scheme",
    "services.Service.languages": "organisation data: languages the service works in",
    "services.Service.areas": "organisation data: areas the service covers",
    "services.Service.eligibility": "organisation data: who the service takes (never about a person)",
    "services.Service.contact": "organisation data: how to reach the service",
    "services.ServiceReferral.recorded_at": "the day the referral was recorded; which service is sealed",
    "services.ServiceReferral.details_sealed": "which service, the dates, the outcome and the note, padded to one size "
    "(8 KiB): a clear service would mark the cases referred for immigration advice",
    "firewall.Referral.package_sealed": "firewalled package, signed, sealed to the force's public key",
    "firewall.ReferralFile.content_sealed": "an evidence file the reporter agreed to send and an advocate reviewed, "
    "sealed to the force's public key",
    "evidence.EvidenceFile.removal_due_on": "the day a file the reporter asked to remove is deleted, after the "
    "cooling-off period; cleared if they keep it",
    "evidence.EvidenceFile.share_with_police_sealed": "whether the reporter agreed that the police may see this file, "
    "sealed with the report's data key at one width",
    "firewall.PublishedQuarter.year": "a completed quarter of the public transparency report",
    "firewall.PublishedQuarter.number": "which quarter of the year (1 to 4)",
    "firewall.PublishedQuarter.counts": "the quarter's counts as the public report shows them (before small numbers "
    "are suppressed): requests by agency, decisions, referrals; no request or report is named",
    "firewall.PublishedQuarter.published_at": "when its counts were read; a request recorded later counts in the "
    "quarter it was recorded",
    "firewall.ReferralFile.number": "which file of the report went with the referral, as the signed package lists it; "
    "that a file was sent (so agreed to, then) is as visible as the referral itself, the current choice is not",
    "firewall.Referral.sealing_key": "the referral's own data key: what is sealed about the referral is under it as well "
    "as sealed to the force or the sender, and it is destroyed when the referral is withdrawn",
    "firewall.Referral.sender_fingerprint": "which key signed the package",
    "firewall.Referral.recipient_fingerprint": "which force key opens the package",
    "firewall.Referral.crime_reference_for_police": "crime reference sealed to the force",
    "firewall.Referral.crime_reference_for_sender": "crime reference sealed to the sending organisation",
    "firewall.Referral.crime_reference_for_reporter": "crime reference sealed under the report's data key, so the "
    "reporter's codename opens it; copied by the sending organisation's session",
    "firewall.Referral.investigation_status": "the force's status of the investigation: a code from a list of 6, for "
    "queues and outcome statistics",
    "firewall.Referral.outcome": "the Home Office crime outcome the force recorded: a code from a fixed list, for statistics",
    "firewall.Referral.outcome_on": "the day of the outcome (the force's act, not the reporter's)",
    "firewall.Referral.status_updated_at": "when the force last recorded the status (a staff time)",
    "firewall.PoliceUpdate.kind": "investigation, crime reference, contact request or the advocate's answer",
    "firewall.PoliceUpdate.details_for_police_sealed": "what the update says (codes, crime reference, the request or "
    "the redacted answer), sealed to the force",
    "firewall.PoliceUpdate.details_for_sender_sealed": "the same, sealed to the organisation that made the referral",
    "intake.Report.crime_reference_shown_sealed": "whether the reporter chose to see the crime reference on their page "
    "(one width, sealed)",
    "firewall.Referral.reporter_withheld_more_on": "the day the reporter kept back more of the narrative after this "
    "referral: the force's page stops showing it",
    "firewall.DisclosureRequest.reference": "register reference",
    "firewall.DisclosureRequest.agency_kind": "who asked, by kind: counted in the transparency report",
    "firewall.DisclosureRequest.agency_name": "the agency (an institution, not the reporter)",
    "firewall.DisclosureRequest.compulsion_claimed": "decides dual control",
    "firewall.DisclosureRequest.legal_basis_kind": "decides dual control",
    "firewall.DisclosureRequest.legal_basis_names_immigration": "decides whether immigration fields may be compelled",
    "firewall.DisclosureRequest.requested_fields": "field names asked for, not their values",
    "firewall.DisclosureRequest.decision": "outcome: counted in the transparency report",
    "firewall.DisclosureRequest.decision_reason": "staff free text in the clear: must not quote the request (see risks)",
    "firewall.DisclosureRequest.refused_by_default": "counted in the transparency report",
    "firewall.DisclosureRequest.withheld_from_reporter": "whether the reporter is told",
    "firewall.DisclosureRequest.withheld_reason": "staff free text in the clear (see risks)",
    "firewall.DisclosureRequest.disclosed_fields": "field names disclosed, not their values",
    "firewall.DisclosureRequest.sealed_to": "fingerprint of the key the package is sealed to",
    "firewall.DisclosureRequest.asked_sealed": "what was asked may name the person or their status",
    "firewall.DisclosureRequest.legal_basis_sealed": "a cited order may name the parties",
    "firewall.DisclosureRequest.package_sealed": "the compelled package, sealed under the report's data key: destroyed, "
    "and the column emptied, when the report is erased",
    "firewall.DisclosureRequest.report_erased": "the report was erased: the record stays, the package content went",
    "intake.Report.erasure_requested_on": "the day the reporter asked to erase the report (cooling-off period)",
    "intake.Report.erasure_due_on": "the day a requested erasure is carried out; cleared if it is cancelled",
    "intake.Report.erasure_cancelled_by_staff_on": "the day a caseworker cancelled the reporter's erasure, shown to the "
    "reporter; cleared when they ask again",
    "intake.ErasedReport.reference": "an erased report's reference: its tombstone for the organisation's staff",
    "intake.ErasedReport.erased_on": "the day the report was erased; nothing else of it is kept",
    "intake.ErasedReport.reason": "whether the reporter erased it or its retention period ended",
    "firewall.Referral.report_reference": "the report's reference, as the force filed its copy: kept when the report is "
    "erased, so the force is told which copy to delete",
    "firewall.Referral.withdrawn_on": "the day the reporter erased the report: the referral is a stub without content",
    "firewall.DisclosureRequest.order_forbids_telling": "whether the court order forbids telling the reporter",
    "firewall.DisclosureRequest.court_order_reference_sealed": "a court order's reference can be looked up to name the parties",
    "firewall.DisclosureRequest.court_order_copy_sealed": "the order as the agency served it: names the person, may state "
    "their status",
    "firewall.DisclosureRequest.court_order_copy_type": "PDF, PNG or JPEG: how to serve the sealed copy",
    "firewall.DisclosureRequest.legal_review_sealed": "the approving supervisor's written legal review of the order",
}

# Stored things that are not model fields: tables Django keeps, and files.
OTHER_STORED = [
    (
        "`django_migrations.id` `django_migrations.app` `django_migrations.name` `django_migrations.applied`",
        CLEAR,
        "schema history: app and migration names, when applied",
    ),
    ("`sqlite_sequence.name` `.seq` (SQLite only)", CLEAR, "row counters; sequence numbers hint at volume"),
    (
        "`var/safereport.sqlite3` (+ `-wal`, `-journal`)",
        CLEAR,
        "the database file: exactly the fields above, with deleted rows possibly left in free pages",
    ),
    (
        "`var/secret_key` or `SAFEREPORT_SECRET_KEY`",
        CLEAR,
        "signs cookies and CSRF tokens; derives no key that opens report content",
    ),
    ("`DATABASE_URL` (environment)", CLEAR, "database password: gives the database, which is the table above"),
    ("`var/static/`", CLEAR, "public CSS, JS and images from collectstatic"),
    (
        "`var/ratelimit-keys/<hour>.key`",
        CLEAR,
        "this hour's random key for the rate-limit digests (owner-only); deleted when the next hour's key is made",
    ),
    (
        "`var/keys/audit-checkpoint.key` or `SAFEREPORT_AUDIT_CHECKPOINT_KEY_FILE`",
        CLEAR,
        "Ed25519 key that signs audit checkpoints (owner-only); opens nothing, and is kept off the database host "
        "where possible (docs/audit.md)",
    ),
    ("`var/audit-checkpoints.jsonl`", CLEAR, "every signed audit checkpoint, one a line: sizes, roots, times, signatures"),
    (
        "`var/epoch-keys/<uuid>.key` or `SAFEREPORT_EPOCH_KEY_DIR`",
        CLEAR,
        "each day's epoch key (owner-only): opens the outer layer of that day's data key wraps; destroyed once the "
        "day's erasures are rekeyed (see Erasure in fact)",
    ),
    (
        "`var/erasure-ledger.jsonl` or `SAFEREPORT_ERASURE_LEDGER`",
        CLEAR,
        "one line per destroyed data key: its random id and the UTC day, nothing else; a restore erases them again",
    ),
    (
        "`var/keys/backup.key` or `SAFEREPORT_BACKUP_KEY_FILE`",
        CLEAR,
        "AES-256 key that seals backups (owner-only); a copy is kept off the server, never with the backups",
    ),
    (
        "backup files (`safereport backup`)",
        SEALED,
        "AES-256-GCM under the backup key: the database, epoch keys, checkpoint files and ledger; the header "
        "says only format, day, engine, key id, size and SHA-256",
    ),
    ("`var/derivation-slots/`", CLEAR, "empty lock files bounding concurrent Argon2id derivations; hold nothing"),
    (
        "`var/restore-in-progress.json`, `<path>.restoring`",
        CLEAR,
        "only while `safereport restore` runs (or after it was killed, until the next restore undoes it): the "
        "journal holds paths and flags; the staging holds what the restore is writing, as the targets will",
    ),
    (
        "`var/scheduler/<job>.json`, `var/scheduler/lock`",
        CLEAR,
        "`safereport scheduler`'s run records: per job, the last UTC day or hour it ran for, whether it finished, the "
        "attempts and counts (erasures, rekeyed epochs, the log's size); never a reference. The lock file is empty",
    ),
    ("process logs (stderr)", CLEAR, "WARNING and above: paths with report references, never content"),
]


def judgement(key: str, field) -> str:
    if not isinstance(field, models.BinaryField):
        return CLEAR
    if field.name.endswith("_sealed") or field.name in SEALED_NAMES or key in SEALED_UNDER_OTHER_NAMES:
        return SEALED
    return CLEAR if key in PUBLIC_BINARY else REVIEW


def reason(key: str, field, verdict: str) -> str:
    if key in REASONS:
        return REASONS[key]
    if key in PUBLIC_BINARY:
        return PUBLIC_BINARY[key]
    if verdict == REVIEW:
        return "binary column with no recorded judgement: decide and record it here"
    if field.is_relation:
        return f"link to {field.related_model._meta.label}"
    if field.primary_key:
        return "random UUID" if isinstance(field, models.UUIDField) else "row number"
    if isinstance(field, DayDateTimeField):
        return "the day only (00:00 UTC): ordering and statistics need no more (see Times)"
    if isinstance(field, (models.DateTimeField, models.DateField)):
        return "timestamp: ordering, queues, expiry"
    if isinstance(field, models.BooleanField):
        return "Django account flag"
    return "framework bookkeeping"


def rows():
    """(field key, db column, firewall class, verdict, why) for every concrete field of every model."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        for field in meta.concrete_fields:
            key = f"{meta.label}.{field.name}"
            verdict = judgement(key, field)
            yield key, f"{meta.db_table}.{field.column}", FIELD_CLASSES.get(key, "—"), verdict, reason(key, field, verdict)


def table() -> list[str]:
    lines = ["| field | column | class | stored | why |", "|---|---|---|---|---|"]
    lines += [f"| `{key}` | `{column}` | {cls} | {verdict} | {why} |" for key, column, cls, verdict, why in rows()]
    lines += ["", "| other stored thing | stored | why |", "|---|---|---|"]
    lines += [f"| {thing} | {verdict} | {why} |" for thing, verdict, why in OTHER_STORED]
    return lines


class Command(BaseCommand):
    help = (
        "Print a markdown table of every stored field of every model (and the other things kept on disk) with "
        "its firewall class, whether it is SEALED or CLEAR at rest, and why. Paste it into docs/threat-model.md; "
        "a test fails when the document and the models disagree. REVIEW marks a binary column nobody has judged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            metavar="MARKDOWN_FILE",
            help="Replace the table in this file (from its '| field | column |' line to the end).",
        )

    def handle(self, *args, **options):
        lines = table()
        if not options["update"]:
            self.stdout.write("\n".join(lines))
            return
        path = Path(options["update"])
        text = path.read_text(encoding="utf-8")
        start = text.find("| field | column |")
        if start < 0:
            raise CommandError(f"{path} has no '| field | column |' table to replace.")
        path.write_text(text[:start] + "\n".join(lines) + "\n", encoding="utf-8")
        self.stdout.write(f"Updated the table in {path}.")
