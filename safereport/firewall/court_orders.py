"""Copies of court orders attached to disclosure requests: held in memory only, checked for type and size."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import wraps

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# A scanned order of a few pages is well under this; the copy is sealed into a database row.
MAX_COPY_BYTES = 10 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# pypdf warns about malformed offsets (never content); a staff upload should not fill the log with them.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class CopyRejected(ValueError):
    """The file is not a copy of an order we can keep; the message says why, in the staff's language."""


@dataclass(frozen=True)
class OrderCopy:
    content: bytes
    media_type: str


def _readable_pdf(content: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CopyRejected(_("This PDF needs a password to open. Attach a copy that opens without one."))
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return False


def _readable_image(content: bytes) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def too_large() -> str:
    return _("The file is larger than %(limit)d MB. Attach a smaller copy (scan at a lower resolution).") % {
        "limit": MAX_COPY_BYTES // (1024 * 1024)
    }


def check_copy(content: bytes) -> OrderCopy:
    """The copy as received, if it is a PDF, PNG or JPEG that opens and is not too large.

    The type is read from the file itself, never from its name or the browser's claim. Metadata is
    kept: the copy is the agency's document, and the organisation may have to show it as served.
    """
    if not content:
        raise CopyRejected(_("The file is empty. Attach the court order as a PDF, PNG or JPEG file."))
    if len(content) > MAX_COPY_BYTES:
        raise CopyRejected(too_large())
    media_type = next((kind for signature, kind in _SIGNATURES if content.startswith(signature)), None)
    if media_type is None:
        raise CopyRejected(_("Attach the court order as a PDF, PNG or JPEG file."))
    readable = _readable_pdf(content) if media_type == PDF else _readable_image(content)
    if not readable:
        raise CopyRejected(
            _("The file looks like a %(kind)s but cannot be opened. Attach a copy that opens.")
            % {"kind": EXTENSIONS[media_type].upper()}
        )
    return OrderCopy(content, media_type)


def download_name(reference: str, media_type: str) -> str:
    return f"{reference}-court-order.{EXTENSIONS.get(media_type, 'bin')}"


class InMemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps uploaded files in memory and never on disk, where Django's default handler would write an
    unencrypted copy of a large order to a temporary file. Past the limit it only counts the bytes, so
    the form can say the file is too large while memory stays bounded for the whole request."""

    limit = MAX_COPY_BYTES  # a subclass may keep less (the public page that checks signed documents)

    def __init__(self, request=None):
        super().__init__(request)
        self.kept = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer, self.size = io.BytesIO(), 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        room = self.limit + 1 - self.kept
        if room > 0:
            self.buffer.write(raw_data[:room])
            self.kept += min(room, len(raw_data))
        # Returning nothing tells Django the chunk is consumed: no other handler sees it.

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, self.size, self.charset, self.content_type_extra
        )


def uploads_kept_in_memory(view):
    """Install the in-memory handler before anything reads the body. The CSRF check reads the body,
    so it is moved inside, after the handler (Django's documented pattern for per-view handlers)."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers = [InMemoryOnlyUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)
