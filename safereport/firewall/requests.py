"""Register inbound disclosure requests and decide them: refusal, or compelled disclosure under dual control."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safereport.accounts.models import Organisation
from safereport.audit.actions import AuditAction
from safereport.audit.log import actor_of, record
from safereport.intake.models import Report
from safereport.intake.references import new_reference
from safereport.vault import keyring, records, signing
from safereport.vault.keyring import UnlockedOrganisation
from safereport.vault.records import RecordCipher

from .classification import IMMIGRATION
from .court_orders import OrderCopy
from .disclosure import compelled_preview, disclose_compelled
from .models import DisclosureRequest
from .policy import COMPELLABLE_FIELDS, COURT_ORDER
from .review import Decisions, Outbound

# Kept in English in the register (it is the organisation's record); pages translate the label around it.
DEFAULT_REFUSAL = "Refused by default: immigration enforcement asked without a legal compulsion (firewall rule 4)."
NOT_A_COURT_ORDER_REFUSAL = (
    "Refused by default: immigration enforcement relied on a legal basis other than a court "
    "order (%(basis)s), and only a court order can compel a disclosure to immigration "
    "enforcement (firewall rule 4)."
)
ORDER_FORBIDS_TELLING = "The court order forbids telling the reporter."
PACKAGE_FIELD = "package"


class RequestInvalid(ValueError):
    """The request as entered cannot be registered; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class RequestNotAllowed(Exception):
    """This person may not take this step on this request; the message says why."""


class PackageErased(RequestNotAllowed):
    """The reporter erased the report, and the package content went with it; the record stays."""


class DualControlRefused(RequestNotAllowed):
    """An approval that would break dual control (rule 4). It is refused and recorded."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class NewRequest:
    """An inbound request as the member of staff recorded it."""

    agency_kind: str
    agency_name: str
    asked: str
    received_at: datetime | None = None
    report: Report | None = None
    compulsion_claimed: bool = False
    legal_basis_kind: str = ""
    legal_basis: str = ""
    names_immigration: bool = False
    requested_fields: tuple[str, ...] = field(default_factory=tuple)
    withheld_reason: str = ""
    court_order_reference: str = ""
    court_order_copy: OrderCopy | None = None
    order_forbids_telling: bool = False

    @property
    def for_immigration_enforcement(self) -> bool:
        return self.agency_kind == DisclosureRequest.AgencyKind.IMMIGRATION_ENFORCEMENT

    @property
    def cites_court_order(self) -> bool:
        return self.compulsion_claimed and self.legal_basis_kind == COURT_ORDER

    def refusal_by_default(self) -> str | None:
        """Why this request is refused the moment it is registered, or None (rule 4)."""
        if not self.for_immigration_enforcement:
            return None
        if not self.compulsion_claimed:
            return DEFAULT_REFUSAL
        if not self.cites_court_order:
            with translation.override("en"):
                basis = str(DisclosureRequest.LegalBasisKind(self.legal_basis_kind).label).lower()
            return NOT_A_COURT_ORDER_REFUSAL % {"basis": basis}
        return None

    def errors(self) -> dict[str, str]:
        errors = {}
        if self.agency_kind not in DisclosureRequest.AgencyKind.values:
            errors["agency_kind"] = _("Choose the kind of agency.")
        if not self.agency_name.strip():
            errors["agency_name"] = _("Name the agency that asked.")
        if not self.asked.strip():
            errors["asked"] = _("Write down what was asked for.")
        if self.compulsion_claimed and self.legal_basis_kind not in DisclosureRequest.LegalBasisKind.values:
            errors["legal_basis_kind"] = _("Choose the kind of legal basis the agency relies on.")
        if self.compulsion_claimed and not self.legal_basis.strip():
            errors["legal_basis"] = _("Write down the legal basis the agency cites.")
        if self.names_immigration and not self.compulsion_claimed:
            errors["names_immigration"] = _("Only a legal basis that compels disclosure can name immigration data.")
        unknown = set(self.requested_fields) - set(COMPELLABLE_FIELDS)
        if unknown:
            errors["requested_fields"] = _("Unknown field: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        if self.received_at and self.received_at > timezone.now():
            errors["received_at"] = _("This date is in the future.")
        errors.update(self._court_order_errors())
        return errors

    def _court_order_errors(self) -> dict[str, str]:
        errors = {}
        # Whoever asks: a court order is the one basis that can carry immigration data (policy.compelled_rule), so
        # an agency registered as "other" or "police" must put the order on record as immigration enforcement must.
        if self.cites_court_order:
            if not self.court_order_reference.strip():
                errors["court_order_reference"] = _("Write down the court order's reference (its case or order number).")
            if self.court_order_copy is None:
                errors["court_order_copy"] = _("Attach a copy of the court order (PDF, PNG or JPEG).")
        if len(self.court_order_reference.strip()) > 200:
            errors["court_order_reference"] = _("Keep the reference to 200 characters.")
        if self.order_forbids_telling and not self.cites_court_order:
            errors["order_forbids_telling"] = _(
                "Only a court order can forbid telling the reporter. If another law "
                "forbids it, write down the lawful reason below instead."
            )
        if self.for_immigration_enforcement and self.withheld_reason.strip() and not self.order_forbids_telling:
            errors["withheld_reason"] = _(
                "For immigration enforcement, the reporter is told unless the court order "
                "forbids it. Say so above if it does; otherwise leave this empty."
            )
        return errors


@dataclass(frozen=True)
class OpenedRequest:
    request: DisclosureRequest
    asked: str
    legal_basis: str
    court_order_reference: str = ""
    legal_review: str = ""


def _may_register(user) -> bool:
    organisation = user.organisation
    return bool(user.is_authenticated and user.works_cases and organisation and organisation.kind == Organisation.Kind.SUPPORT)


def _seal(organisation_id: int, text: str) -> tuple[bytes, str]:
    return keyring.seal_to_organisation(organisation_id, text.encode("utf-8"))


@transaction.atomic
def register_request(new: NewRequest, *, user) -> DisclosureRequest:
    """Put an inbound request on the register. Immigration enforcement without compulsion is refused at once.

    Only public keys are used, so any member of staff can register, even without unlocked keys.
    """
    if not _may_register(user):
        raise RequestNotAllowed(_("Only staff of a support organisation can register disclosure requests."))
    errors = new.errors()
    if new.report is not None and new.report.organisation_id != user.organisation_id:
        errors["report"] = _("There is no case with this reference in your organisation.")
    if errors:
        raise RequestInvalid(errors)
    organisation_id = user.organisation_id
    asked_sealed, fingerprint = _seal(organisation_id, new.asked.strip())
    refusal = new.refusal_by_default()
    now = timezone.now()
    request = DisclosureRequest(
        reference=new_reference("DR"),
        organisation_id=organisation_id,
        agency_kind=new.agency_kind,
        agency_name=new.agency_name.strip(),
        received_at=new.received_at or now,
        report=new.report,
        compulsion_claimed=new.compulsion_claimed,
        legal_basis_kind=new.legal_basis_kind if new.compulsion_claimed else "",
        legal_basis_names_immigration=new.names_immigration,
        requested_fields=[name for name in COMPELLABLE_FIELDS if name in new.requested_fields],
        asked_sealed=asked_sealed,
        sealed_to=fingerprint,
        recorded_by=user,
        withheld_from_reporter=new.order_forbids_telling or bool(new.withheld_reason.strip()),
        withheld_reason=new.withheld_reason.strip() or (ORDER_FORBIDS_TELLING if new.order_forbids_telling else ""),
        order_forbids_telling=new.order_forbids_telling,
    )
    if new.legal_basis.strip():
        request.legal_basis_sealed, _fp = _seal(organisation_id, new.legal_basis.strip())
    if new.cites_court_order:
        _attach_court_order(request, new)
    if refusal:
        request.decision = DisclosureRequest.Decision.REFUSED
        request.decision_reason, request.refused_by_default, request.decided_at = refusal, True, now
    request.save(force_insert=True)
    record(
        AuditAction.DISCLOSURE_REQUEST_REGISTERED,
        actor=actor_of(user),
        target=request.reference,
        agency_kind=request.agency_kind,
        compulsion_claimed=request.compulsion_claimed,
        legal_basis_kind=request.legal_basis_kind,
        names_immigration=request.legal_basis_names_immigration,
        requested_fields=request.requested_fields,
        report=new.report.reference if new.report else None,
        court_order_attached=request.court_order_copy_sealed is not None,
        order_forbids_telling=request.order_forbids_telling,
    )
    if refusal:
        record(
            AuditAction.DISCLOSURE_REQUEST_REFUSED,
            actor="system",
            target=request.reference,
            agency_kind=request.agency_kind,
            by_default=True,
        )
    return request


def _attach_court_order(request: DisclosureRequest, new: NewRequest) -> None:
    """The order's reference and copy, sealed to the organisation: both name the parties."""
    if new.court_order_reference.strip():
        request.court_order_reference_sealed, _fp = _seal(request.organisation_id, new.court_order_reference.strip())
    if new.court_order_copy is not None:
        request.court_order_copy_sealed, _fp = keyring.seal_to_organisation(request.organisation_id, new.court_order_copy.content)
        request.court_order_copy_type = new.court_order_copy.media_type


def _locked(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def refuse_request(request: DisclosureRequest, user, reason: str) -> DisclosureRequest:
    """A supervisor refuses a pending request, with the reason recorded."""
    if not (user.is_supervisor and user.organisation_id == request.organisation_id):
        raise RequestNotAllowed(_("Only a supervisor of this organisation can refuse a request."))
    if not reason.strip():
        raise RequestInvalid({"reason": _("Write down why the request is refused.")})
    request = _locked(request)
    if not request.is_pending:
        raise RequestNotAllowed(_("This request has already been decided."))
    request.decision, request.decision_reason = DisclosureRequest.Decision.REFUSED, reason.strip()
    request.decided_by, request.decided_at = user, timezone.now()
    request.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    record(
        AuditAction.DISCLOSURE_REQUEST_REFUSED,
        actor=actor_of(user),
        target=request.reference,
        agency_kind=request.agency_kind,
        by_default=False,
    )
    return request


def _needs_order_on_record(request: DisclosureRequest) -> bool:
    """A court order is cited, or the request is for immigration enforcement: the order must be on record."""
    return request.is_for_immigration_enforcement or request.legal_basis_kind == COURT_ORDER


def _needs_legal_review(request: DisclosureRequest) -> bool:
    """Immigration enforcement asks, or immigration data could go (whoever asks): a written legal review first."""
    asks_immigration = any(
        name in COMPELLABLE_FIELDS and COMPELLABLE_FIELDS[name].field_class == IMMIGRATION for name in request.requested_fields
    )
    return request.is_for_immigration_enforcement or (request.legal_basis_names_immigration and asks_immigration)


def approval_blocker(request: DisclosureRequest, user) -> tuple[str, str] | None:
    """Why `user` cannot approve `request` as (code, message), or None when they can."""
    if not user.is_supervisor:
        return "not_supervisor", _("Only a supervisor can approve a compelled disclosure.")
    if user.organisation_id != request.organisation_id:
        return "other_organisation", _("This request belongs to another organisation.")
    if not request.is_pending:
        return "already_decided", _("This request has already been decided.")
    if not (request.compulsion_claimed and request.legal_basis_kind):
        return "no_compulsion", _("No legal compulsion is recorded, so this request can only be refused.")
    if request.is_for_immigration_enforcement and request.legal_basis_kind != COURT_ORDER:
        return "not_a_court_order", _(
            "Only a court order can compel a disclosure to immigration enforcement, so this request can only be refused."
        )
    if _needs_order_on_record(request) and (
        request.court_order_reference_sealed is None or request.court_order_copy_sealed is None
    ):
        return "court_order_missing", _(
            "The court order's reference and a copy of it must be on record before anything goes "
            "under a court order, whoever asks. Register the request again with both."
        )
    if request.recorded_by is None:
        return "recorder_unknown", _(
            "Whoever recorded this request is no longer known, so two different "
            "supervisors cannot be shown. Register the request again."
        )
    if request.recorded_by_id == user.pk:
        return "same_person", _("You recorded this request, so you cannot approve it. A different supervisor must approve it.")
    if not request.recorded_by.is_supervisor:
        return "recorder_not_supervisor", _(
            "This request was recorded by someone who is not a supervisor. A compelled "
            "disclosure needs two different supervisors, so a supervisor must register "
            "it again."
        )
    return None


def review_preview(request: DisclosureRequest, unlocked: UnlockedOrganisation) -> Outbound | None:
    """What the package's narrative would be, with the marks the approver must settle; None if none goes."""
    if not request.is_pending or request.report is None or unlocked.organisation_id != request.organisation_id:
        return None
    return compelled_preview(request.report, request.compulsion(), request.agency_kind, unlocked)


def approve_compelled_disclosure(
    request: DisclosureRequest,
    approver,
    unlocked: UnlockedOrganisation,
    *,
    legal_review: str = "",
    decisions: Decisions | None = None,
) -> DisclosureRequest:
    """The second supervisor's approval: only then is the package built, through the firewall, and sealed.

    `legal_review` is the approver's written review of the legal basis, sealed to the organisation;
    for immigration enforcement, and whenever immigration data could go whoever asks, there is no approval without one. `decisions` settle the review marks
    in the narrative (firewall.review); with a mark unsettled nothing is approved or produced.
    """
    blocker = approval_blocker(request, approver)
    if blocker is None and unlocked.organisation_id != request.organisation_id:
        blocker = "other_organisation", _("This request belongs to another organisation.")
    if blocker:
        # Recorded outside any transaction of the approval itself, so the attempt is kept.
        record(
            AuditAction.DISCLOSURE_REQUEST_APPROVAL_REFUSED, actor=actor_of(approver), target=request.reference, reason=blocker[0]
        )
        raise DualControlRefused(*blocker)
    review = legal_review.strip()
    if _needs_legal_review(request) and not review:
        record(
            AuditAction.DISCLOSURE_REQUEST_APPROVAL_REFUSED,
            actor=actor_of(approver),
            target=request.reference,
            reason="no_legal_review",
        )
        raise RequestInvalid(
            {
                "legal_review": _(
                    "Write down your legal review of the court order: why it compels "
                    "this organisation, and that only the fields it names will go."
                )
            }
        )
    with transaction.atomic():
        request = _locked(request)
        if not request.is_pending:
            raise RequestNotAllowed(_("This request has already been decided."))
        request.decision, request.approved_by, request.decided_by = DisclosureRequest.Decision.APPROVED, approver, approver
        request.decided_at = timezone.now()
        if review:
            request.legal_review_sealed, _fp = _seal(request.organisation_id, review)
        record(
            AuditAction.DISCLOSURE_REQUEST_APPROVED,
            actor=actor_of(approver),
            target=request.reference,
            recorded_by=actor_of(request.recorded_by),
            legal_review=bool(review),
        )
        if request.report is None:
            request.decision_reason = "Approved; no report is linked (none was named, or it has been erased)."
        else:
            _disclose(request, approver, unlocked, decisions)
        request.save()
    return request


def _disclose(request: DisclosureRequest, approver, unlocked: UnlockedOrganisation, decisions: Decisions | None) -> None:
    if request.report is None:  # approve_compelled_disclosure checked this; never build a package without its report
        raise RequestNotAllowed(_("No report is linked to this request."))
    decision = disclose_compelled(
        request.report,
        request.compulsion(),
        recipient_kind=request.agency_kind,
        recipient_name=request.agency_name,
        request_reference=request.reference,
        unlocked=unlocked,
        actor=actor_of(approver),
        decisions=decisions,
    )
    if not decision.allowed:
        raise RequestNotAllowed(decision.reason)
    # Sealed under the report's own key, not the organisation's: erasing the report destroys that
    # key, and with it every copy of what was handed over, backups included (rule 7).
    key = records.open_with_organisation(request.report.data_key_id, unlocked)
    request.package_sealed = RecordCipher(key, request.record_id).seal(PACKAGE_FIELD, decision.package_json())
    request.package_key_id = request.report.data_key_id
    request.disclosed_fields = decision.package["disclosed_fields"]
    request.decision = DisclosureRequest.Decision.DISCLOSED
    request.decision_reason = "Disclosed under legal compulsion, approved by a second supervisor."
    record(
        AuditAction.DISCLOSURE_REQUEST_DISCLOSED,
        actor=actor_of(approver),
        target=request.reference,
        report=request.report.reference,
        fields=request.disclosed_fields,
    )


def open_request(request: DisclosureRequest, unlocked: UnlockedOrganisation, user) -> OpenedRequest:
    """Open the sealed text of a register entry for a signed-in member of staff; audited."""

    def opened(sealed) -> str:
        return keyring.open_for_organisation(unlocked, sealed).decode("utf-8") if sealed is not None else ""

    record(AuditAction.DISCLOSURE_REQUEST_READ, actor=actor_of(user), target=request.reference)
    return OpenedRequest(
        request,
        opened(request.asked_sealed),
        opened(request.legal_basis_sealed),
        opened(request.court_order_reference_sealed),
        opened(request.legal_review_sealed),
    )


def court_order_copy_for_download(request: DisclosureRequest, unlocked: UnlockedOrganisation, user) -> OrderCopy:
    """The attached copy of the court order, opened for signed-in staff of the organisation; audited."""
    if request.court_order_copy_sealed is None:
        raise RequestNotAllowed(_("No copy of a court order is attached to this request."))
    content = keyring.open_for_organisation(unlocked, request.court_order_copy_sealed)
    record(AuditAction.DISCLOSURE_REQUEST_COURT_ORDER_READ, actor=actor_of(user), target=request.reference)
    return OrderCopy(content, request.court_order_copy_type)


def _open_package(request: DisclosureRequest, unlocked: UnlockedOrganisation) -> bytes | str:
    if request.package_sealed is None:
        raise RequestNotAllowed(_("No package was produced for this request."))
    if request.package_key_id is None:
        # Made before packages were sealed under the report's key: sealed to the organisation.
        return keyring.open_for_organisation(unlocked, request.package_sealed)
    key = records.open_with_organisation(request.package_key_id, unlocked)
    return RecordCipher(key, request.record_id).open(PACKAGE_FIELD, request.package_sealed)


def package_for_download(request: DisclosureRequest, unlocked: UnlockedOrganisation, user) -> dict:
    """The produced package, opened for a supervisor to hand to the agency; audited."""
    if not user.is_supervisor:
        raise RequestNotAllowed(_("Only a supervisor can download a compelled disclosure package."))
    if request.package_erased:
        raise PackageErased(
            _(
                "The reporter erased this report, and the package content went with it. This record of "
                "the disclosure stays: who asked, on what legal basis, when, and which kinds of "
                "information were handed over."
            )
        )
    if request.package_sealed is None:
        raise RequestNotAllowed(_("No package has been produced for this request."))
    package = json.loads(_open_package(request, unlocked))
    record(AuditAction.DISCLOSURE_REQUEST_PACKAGE_DOWNLOADED, actor=actor_of(user), target=request.reference)
    return package


COMPELLED_KIND = "compelled_disclosure"


def signed_package_for_download(request: DisclosureRequest, unlocked: UnlockedOrganisation, user) -> dict:
    """The package signed by the organisation, so the receiving agency (and a court) can verify
    exactly what was handed over: `safereport verify_package` checks it like a police referral."""
    package = package_for_download(request, unlocked, user)
    return signing.sign_document({"kind": COMPELLED_KIND, "package": package}, unlocked, request.organisation)


def compelled_disclosures_for(report: Report, *, include_withheld: bool = False):
    """Compelled disclosures made from a report: what its case page (and, unless withheld, its reporter) sees."""
    made = DisclosureRequest.objects.filter(report=report, decision=DisclosureRequest.Decision.DISCLOSED)
    if not include_withheld:
        made = made.filter(withheld_from_reporter=False)
    return made.order_by("decided_at")
