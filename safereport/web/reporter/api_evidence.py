"""The reporter's evidence files through the public API: add one, list them, remove one, choose whether the police may see it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, StrictBool

from safereport.evidence import actions as evidence_actions
from safereport.evidence.formats import EvidenceRefused, Limits
from safereport.evidence.models import EvidenceFile
from safereport.evidence.uploads import BoundedMemoryUploadHandler
from safereport.firewall import referral_files

from .api_auth import CodenameAuth
from .api_input import BODY_ERRORS, BODY_ERRORS_SAID, ErrorOut, Strict

router = Router(auth=CodenameAuth(), tags=["evidence"])

# For the OpenAPI document, built once; the endpoints themselves read the settings on each request.
_LIMITS = Limits.from_settings()
# A refusal's status by the evidence capability's code: too big, not a type we take, or (every other code,
# including any a later format adds) a file we read and will not keep.
_STATUS_OF = {"too_large": 413, "wrong_type": 415, "audio_unavailable": 503}


class EvidenceOut(Schema):
    id: uuid.UUID
    number: int = Field(..., ge=1, description="1, 2, 3… in the order files were added: how your advocate refers to them.")
    kind: Literal[tuple(EvidenceFile.Kind.values)] = Field(  # type: ignore[valid-type]
        ..., description="What the file is, told by its content (never by its name)."
    )
    size: int = Field(
        ...,
        ge=0,
        description="Bytes kept, sealed and padded to a size bucket (64 KiB, 128 KiB … 1 MiB, then whole MiB), so the "
        "size says little of what the file is. Not the size of the file sent: hidden details were removed from it.",
    )
    added_on: date = Field(..., description="The day it was added (never a time).")
    added_by: Literal["reporter", "advocate"] = Field(
        ..., description="You (you may remove it), or your advocate on your behalf (ask them to remove it)."
    )
    shared_with_police: bool = Field(..., description="Whether you agreed that the police may see this file.")
    why_not_for_police: Literal["not_agreed", "not_reviewed"] | None = Field(
        ...,
        description="Null when the file would go with a police referral made now; otherwise why not: you have not agreed "
        "(`not_agreed`), or no advocate has looked at it yet (`not_reviewed`).",
    )
    removal_due_on: date | None = Field(
        ...,
        description="Null, or the day this file will be deleted because its removal was asked for (`DELETE`). Until "
        "then it is not shared with the police, and `POST …/keep` keeps it.",
    )


class RemovalOut(Schema):
    removal_due_on: date = Field(
        ...,
        description="The day the file will be deleted: after a waiting period (the same as for erasing the report), so "
        "you can change your mind, or undo a removal someone else made with your codename. Not shared with the police "
        "from now on.",
    )


class LimitsOut(Schema):
    max_bytes: int = Field(..., description="Largest file accepted, in bytes.")
    max_files: int = Field(..., description="Most files one report holds.")
    max_pixels: int = Field(..., description="Largest image, in pixels (width × height).")


class EvidenceListOut(Schema):
    files: list[EvidenceOut]
    limits: LimitsOut


class FileConsentIn(Strict):
    # Only true or false: "yes" or 1 must not count as the reporter's choice about the police.
    shared: StrictBool = Field(..., description="true: the police may see this file; false: they may not.")


def _listing(item: EvidenceFile, key: bytes) -> dict:
    return {
        "id": item.pk,
        "number": item.number,
        "kind": item.kind,
        "size": item.sealed_size,
        "added_on": item.added_on.date(),
        "added_by": "reporter" if item.added_by_reporter else "advocate",
        "shared_with_police": evidence_actions.shared_with_police(item, key),
        "why_not_for_police": evidence_actions.why_not_for_police(item, key),
        "removal_due_on": item.removal_due_on,
    }


def _refusal(status: int, error: str, message: str, *, of_the_file: bool = True):
    return status, {"error": error, "message": message, "fields": {"file": error} if of_the_file else {}}


def _received_file(request: HttpRequest):
    """The one file sent in the field `file`, kept in memory up to the limit (plus a byte) and never beyond;
    or the refusal to answer instead."""
    if request.content_type != "multipart/form-data":
        return None, _refusal(
            415, "unsupported_media_type", "Send the file as `multipart/form-data`, in a field named `file`.", of_the_file=False
        )
    # Set here, not only in settings: an upload must never be spooled in plain text to a temporary file.
    request.upload_handlers = [BoundedMemoryUploadHandler(request)]
    try:
        upload = request.FILES.get("file")
    except RequestDataTooBig:
        return None, _refusal(
            413,
            "too_large",
            f"The form fields beside the file are larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
            of_the_file=False,
        )
    except TooManyFilesSent:
        return None, _refusal(400, "too_many_parts", "Send one file a request, in the field `file`.")
    except (MultiPartParserError, TooManyFieldsSent):
        return None, _refusal(400, "malformed", "The body is not a readable `multipart/form-data` form.", of_the_file=False)
    if upload is None:
        return None, _refusal(422, "required", _("Choose a photo, screenshot, PDF or recording to add; nothing was added."))
    upload.seek(0)
    return upload.read(), None


UPLOAD_SAID = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": f"One photo or screenshot (JPEG, PNG or WebP), PDF, or audio recording (MP3, M4A/AAC, "
                            f"Ogg Opus or Vorbis, WAV), at most {_LIMITS.max_bytes} bytes, {_LIMITS.max_pixels} pixels "
                            f"and {_LIMITS.max_audio_seconds} seconds; its type is told by its content, never its name. "
                            "Its name is not kept.",
                        }
                    },
                    "required": ["file"],
                }
            }
        },
    },
    "responses": {
        400: {"description": "The form cannot be read, or holds more than one file (`error`: `malformed`, `too_many_parts`)."},
        413: {"description": f"The file is larger than {_LIMITS.max_bytes} bytes (`error`: `too_large`)."},
        415: {
            "description": "The body is not `multipart/form-data` (`error`: `unsupported_media_type`), or the file is not a "
            "type accepted (`error`: `wrong_type`; the message says what it seems to be)."
        },
        422: {
            "description": "No file (`required`), an empty one (`empty`), a damaged one (`corrupt`), an image over the pixel "
            f"limit (`too_many_pixels`), a PDF with scripts, actions or attachments (`pdf_active_content`) or a password "
            f"(`pdf_encrypted`), a recording over {_LIMITS.max_audio_seconds} seconds (`too_long`), or the report already "
            f"holds {_LIMITS.max_files} files (`too_many_files`)."
        },
        503: {"description": "Audio recordings cannot be taken on this server now (`error`: `audio_unavailable`)."},
    },
}


@router.post(
    "",
    response={
        201: EvidenceOut,
        400: ErrorOut,
        401: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    openapi_extra=UPLOAD_SAID,
    summary="Add a photo, screenshot or PDF to your report; hidden details (where and when, who) are removed first",
    description="Nothing is kept when the file is refused; `message` is the sentence the codename page shows. "
    "Every file starts not shared with the police.",
)
def add_file(request):
    content, refused = _received_file(request)
    if refused is not None:
        return refused
    try:
        item = evidence_actions.add_evidence(request.auth.report, request.auth.key, content)
    except EvidenceRefused as refusal:
        return _refusal(_STATUS_OF.get(refusal.code, 422), refusal.code, refusal.message)
    return 201, _listing(item, request.auth.key)


@router.get(
    "",
    response={200: EvidenceListOut, 401: ErrorOut, 429: ErrorOut},
    summary="Your report's files (never their content), whether the police may see each, and the limits",
)
def list_files(request):
    access = request.auth
    limits = Limits.from_settings()  # as the upload will judge it now, not as the document was built
    return {
        "files": [_listing(item, access.key) for item in evidence_actions.files_of(access.report)],
        "limits": {"max_bytes": limits.max_bytes, "max_files": limits.max_files, "max_pixels": limits.max_pixels},
    }


_NO_SUCH_FILE = {"error": "not_found", "message": "Your report has no file with this id.", "fields": {}}


@router.delete(
    "/{file_id}",
    response={202: RemovalOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Remove a file you added: it is deleted after a waiting period, and is not shared with the police from now",
    openapi_extra={
        "responses": {
            404: {"description": "Your report has no file with this id (`error`: `not_found`)."},
            409: {"description": "Your advocate added this file; ask them to remove it (`error`: `added_by_advocate`)."},
            422: {"description": "The id is not a UUID."},
        }
    },
)
def remove_file(request, file_id: uuid.UUID):
    access = request.auth
    due = referral_files.request_file_removal(access, file_id)
    if due is not None:
        return 202, {"removal_due_on": due}
    if any(item.pk == file_id for item in evidence_actions.files_of(access.report)):
        return 409, {
            "error": "added_by_advocate",
            "message": "Your advocate added this file on your behalf; ask them to remove it.",
            "fields": {},
        }
    return 404, _NO_SUCH_FILE


@router.put(
    "/{file_id}/police",
    response={200: EvidenceOut, 401: ErrorOut, 404: ErrorOut, **BODY_ERRORS, 429: ErrorOut},
    openapi_extra={
        **BODY_ERRORS_SAID,
        "responses": {
            **BODY_ERRORS_SAID["responses"],
            404: {"description": "Your report has no file with this id (`error`: `not_found`)."},
        },
    },
    summary="Choose whether the police may see one file; taking it back deletes the copies sent with referrals",
    description="A file you mark goes to the police only with a referral, and only after your advocate has looked at it.",
)
def choose_for_police(request, file_id: uuid.UUID, payload: FileConsentIn):
    access = request.auth
    item = referral_files.set_file_consent(access, file_id, payload.shared)
    if item is None:
        return 404, _NO_SUCH_FILE
    return 200, _listing(item, access.key)


@router.post(
    "/{file_id}/keep",
    response={200: EvidenceOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Keep a file whose removal was asked for; it stays not shared with the police until you choose again",
    openapi_extra={
        "responses": {
            404: {"description": "No removal of a file with this id is waiting (`error`: `not_found`)."},
            422: {"description": "The id is not a UUID."},
        }
    },
)
def keep_file(request, file_id: uuid.UUID):
    access = request.auth
    if not referral_files.keep_file(access, file_id):
        return 404, {"error": "not_found", "message": "No removal of a file with this id is waiting.", "fields": {}}
    item = next(item for item in evidence_actions.files_of(access.report) if item.pk == file_id)
    return 200, _listing(item, access.key)
