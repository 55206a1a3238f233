"""The public JSON API for reporters and outside clients: /api/v1/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ConfigDict, Field, StrictBool

from safereport.intake import actions, models
from safereport.intake.routing import NoReceivingOrganisation
from safereport.intake.submission import WANTS, Submission, SubmissionInvalid

from . import api_evidence
from .api_auth import CodenameAuth, TooManyAttempts
from .api_input import (
    BODY_ERRORS,
    BODY_ERRORS_SAID,
    Area,
    CrimeTypeCode,
    DuplicateKey,
    Email,
    ErrorOut,
    InterpreterLanguage,
    JSONBodyParser,
    Language,
    MessageBody,
    Name,
    Narrative,
    OccurredOn,
    Phone,
    SafeTimes,
    Strict,
    UnsupportedMediaType,
)

api = NinjaAPI(title="SafeReport public API", version="1", urls_namespace="api", docs_url=None, parser=JSONBodyParser())


class CrimeTypeOut(Schema):
    code: str
    label: str


class ContactIn(Strict):
    name: Name | None = None
    phone: Phone | None = None
    email: Email | None = None


class ConsentChoice(Strict):
    # Only true or false: "yes", 1 or "false" must not count as a choice the reporter made.
    share_contact: StrictBool = False
    share_narrative: StrictBool = False


class ConsentIn(Strict):
    police: ConsentChoice | None = None


class SafeContactIn(Strict):
    """Whether it is safe to call, text or leave a message (true, false, or left out: not said), and when."""

    # Only true or false: "yes" or 1 must not count as the reporter's answer about their own safety.
    call: StrictBool | None = None
    text: StrictBool | None = None
    leave_message: StrictBool | None = None
    times: SafeTimes | None = None


class ReportIn(Strict):
    crime_type: CrimeTypeCode
    narrative: Narrative
    language: Language
    occurred_on: OccurredOn | None = None
    area: Area | None = None
    wants: list[Literal[WANTS]] = []  # type: ignore[valid-type]
    interpreter_language: InterpreterLanguage | None = None
    contact: ContactIn | None = None
    consent: ConsentIn | None = None
    reported_by: Literal["victim", "witness", "third_party"] | None = Field(
        None,
        description="Who gives the account: the victim, a witness, or someone reporting for the victim. Counted "
        "in statistics; left out means not said.",
    )
    safe_contact: SafeContactIn | None = None


class ReportCreatedOut(Schema):
    reference: str
    codename: str


class MessageOut(Schema):
    from_: str = Field(..., alias="from")
    body: str
    sent_at: datetime

    model_config = ConfigDict(populate_by_name=True)


class MeOut(Schema):
    reference: str
    status: str
    messages: list[MessageOut]
    # The day a pending erasure will be carried out; null when none is pending.
    erasure_due_on: date | None = None
    erasure_cancelled_by_staff_on: date | None = Field(
        None,
        description="The day your advocate cancelled your request to erase this report, saying they had spoken with "
        "you; null otherwise (and once you ask again). If you did not agree, ask again.",
    )


class ErasureOut(Schema):
    erasure_requested_on: date
    erasure_due_on: date
    message: str


class MessageIn(Strict):
    body: MessageBody


class MessageCreatedOut(Schema):
    sent_at: datetime


def _error(request, status: int, error: str, message: str, fields: dict | None = None):
    return api.create_response(request, {"error": error, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    fields = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        fields[".".join(loc) or "body"] = item.get("msg", "invalid")
    return _error(request, 422, "invalid", "Some fields are not valid; see `fields`.", fields)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(request, 401, "unauthorised", "Send `Authorization: Codename <your codename>`; this one is not known.")
    response["WWW-Authenticate"] = "Codename"
    return response


@api.exception_handler(TooManyAttempts)
def too_many(request, exc):
    response = _error(request, 429, "too_many_attempts", "Too many wrong codenames. Wait and try again.")
    response["Retry-After"] = str(exc.wait_seconds)
    return response


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, RequestDataTooBig):
        return too_big(request, exc.__cause__)
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return _error(request, 415, "unsupported_media_type", "Send the body as JSON, with `Content-Type: application/json`.")
    if isinstance(exc.__cause__, DuplicateKey):
        key = exc.__cause__.key
        return _error(
            request,
            422,
            "invalid",
            "A key appears more than once in one JSON object; give each key once.",
            {key: "given more than once"},
        )
    if exc.status_code == 400:
        return _error(request, 400, "malformed", "The request body is not a JSON object (or is not valid JSON / UTF-8).")
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return _error(request, 413, "too_large", f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")


@api.get("/crime-types", response=list[CrimeTypeOut], summary="Kinds of crime a report can be about")
def crime_types(request):
    return [{"code": code, "label": str(label)} for code, label in models.CrimeType.choices]


@api.post(
    "/reports",
    response={201: ReportCreatedOut, **BODY_ERRORS, 503: ErrorOut},
    openapi_extra=BODY_ERRORS_SAID,
    summary="Submit an anonymous report; the codename in the answer is shown once and never stored",
)
def create_report(request, payload: ReportIn):
    submission = Submission(
        crime_type=payload.crime_type,
        narrative=payload.narrative,
        language=payload.language,
        occurred_on=payload.occurred_on,
        area=payload.area or "",
        wants=set(payload.wants),
        interpreter_language=payload.interpreter_language or "",
        contact=payload.contact.model_dump(exclude_none=True) if payload.contact else {},
        consent={"police": payload.consent.police.model_dump()} if payload.consent and payload.consent.police else {},
        reported_by=payload.reported_by or "",
        safe_contact=payload.safe_contact.model_dump(exclude_none=True) if payload.safe_contact else {},
    )
    try:
        report, codename = actions.submit_report(submission)
    except SubmissionInvalid as invalid_submission:
        return 422, {
            "error": "invalid",
            "message": "Some fields are not valid; see `fields`.",
            "fields": invalid_submission.errors,
        }
    except NoReceivingOrganisation:
        return 503, {"error": "not_receiving", "message": "No organisation is set up to receive reports yet."}
    return 201, {"reference": report.reference, "codename": codename}


@api.get(
    "/me",
    auth=CodenameAuth(),
    response={200: MeOut, 401: ErrorOut, 429: ErrorOut},
    by_alias=True,
    summary="Your report's status and messages",
)
def me(request):
    access = request.auth
    thread = actions.message_thread(access.report, access.key)
    return {
        "reference": access.report.reference,
        "status": access.report.status,
        "messages": [{"from": m.sender, "body": m.body, "sent_at": m.sent_at} for m in thread],
        "erasure_due_on": access.report.erasure_due_on,
        "erasure_cancelled_by_staff_on": access.report.erasure_cancelled_by_staff_on,
    }


@api.post(
    "/me/messages",
    auth=CodenameAuth(),
    response={201: MessageCreatedOut, 401: ErrorOut, **BODY_ERRORS, 429: ErrorOut},
    openapi_extra=BODY_ERRORS_SAID,
    summary="Send a message to your advocate",
)
def send_message(request, payload: MessageIn):
    if not payload.body.strip():
        return 422, {"error": "invalid", "message": "The message is empty.", "fields": {"body": "empty"}}
    message = actions.post_reporter_message(request.auth, payload.body.strip())
    return 201, {"sent_at": message.sent_at}


@api.delete(
    "/me",
    auth=CodenameAuth(),
    response={202: ErasureOut, 401: ErrorOut, 429: ErrorOut},
    summary="Ask for your report, its messages and its key to be erased after the cooling-off period",
    description=(
        "The erasure is carried out on `erasure_due_on` (the cooling-off period is set by the operator, 7 days "
        "by default). Until then the codename keeps working and `DELETE /me/erasure` cancels it; from that day "
        "the codename gets 401, as one that never existed. Asking again keeps the first due day."
    ),
)
def erase_me(request):
    due = actions.request_erasure(request.auth.report)
    request.auth.report.refresh_from_db(fields=["erasure_requested_on"])
    return 202, {
        "erasure_requested_on": request.auth.report.erasure_requested_on.date(),
        "erasure_due_on": due,
        "message": f"Your report will be erased on {due.isoformat()}. Until then you, or your advocate, can cancel this.",
    }


@api.delete(
    "/me/erasure",
    auth=CodenameAuth(),
    response={204: None, 401: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Cancel a pending erasure of your report; it stays as it is",
    openapi_extra={"responses": {409: {"description": "No erasure is pending (`error`: `no_erasure_pending`)."}}},
)
def cancel_erasure(request):
    try:
        actions.cancel_erasure(request.auth.report)
    except actions.ErasureRefused:
        return 409, {"error": "no_erasure_pending", "message": "No erasure of this report is pending.", "fields": {}}
    return 204, None


api.add_router("/me/evidence", api_evidence.router)
