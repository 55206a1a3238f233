"""Files rewritten without what they say about the person: images re-encoded by Pillow, PDFs rewritten by
pikepdf, audio recordings rebuilt by ffmpeg with the sound alone (evidence.audio).

Nothing of the original is kept: an image's pixels are decoded and written into a new file with no
EXIF, GPS, XMP, ICC profile or text chunks; a PDF is rewritten without its document information, XMP metadata,
comments' authors and dates, and its pictures' own EXIF, XMP and comments (evidence.pdf_images), and refused if it
carries scripts, actions that launch anything, attachments or XFA forms.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pikepdf
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from . import pdf_images
from .audio import clean_audio
from .formats import AUDIO_TYPES, JPEG, PDF, PNG, WEBP, EvidenceRefused, Limits, detect

_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


@dataclass(frozen=True)
class CleanFile:
    content_type: str
    content: bytes

    @property
    def kind(self) -> str:
        if self.content_type in AUDIO_TYPES:
            return "audio"
        return "pdf" if self.content_type == PDF else "image"


def clean(content: bytes, limits: Limits) -> CleanFile:
    """The file rewritten without metadata, or EvidenceRefused (wrong type, too big, corrupt, dangerous)."""
    content_type = detect(content)
    if content_type in AUDIO_TYPES:
        return CleanFile(content_type, clean_audio(content, content_type, limits))
    if content_type == PDF:
        return CleanFile(PDF, _clean_pdf(content))
    return CleanFile(content_type, _clean_image(content, content_type, limits))


def _unreadable() -> EvidenceRefused:
    return EvidenceRefused(
        _("This file is damaged or incomplete and could not be read. Try sending it again, or take a new photo."), "corrupt"
    )


def _too_many_pixels(limits: Limits) -> EvidenceRefused:
    return EvidenceRefused(
        _("This image is too large (more than %(limit)s million pixels). Send a smaller photo or a screenshot.")
        % {"limit": f"{limits.max_pixels / 1_000_000:g}"},
        "too_many_pixels",
    )


def _clean_image(content: bytes, content_type: str, limits: Limits) -> bytes:
    # Pillow's own guard against decompression bombs, at our limit; its warning (over the limit) is a refusal
    # too, and the size is checked from the header before a single pixel is decoded.
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[_PILLOW_FORMAT[content_type]]) as image:
                if image.width * image.height > limits.max_pixels:
                    raise _too_many_pixels(limits)
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _reencode(upright, content_type)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _unreadable() from None


def _reencode(image: Image.Image, content_type: str) -> bytes:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and content_type != JPEG else ("L" if image.mode in ("L", "1") else "RGB")
    converted = image.convert(mode)
    # A new image from the pixels alone: no info dictionary (EXIF, XMP, ICC profile, PNG text) comes with it.
    bare = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if content_type == JPEG:
        bare.save(out, "JPEG", quality=90)
    elif content_type == PNG:
        bare.save(out, "PNG")
    else:
        bare.save(out, "WEBP", quality=90)
    return out.getvalue()


def _scripts_refused() -> EvidenceRefused:
    return EvidenceRefused(
        _("PDFs with scripts or attachments are not accepted. Print it to a new PDF, or take a screenshot of it."),
        "pdf_active_content",
    )


# Keys that make a PDF do something when opened or clicked, or carry other files.
_ACTIVE_KEYS = ("/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia", "/Launch")
_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/Rendition", "/Sound", "/Movie")


def _is_active(obj: pikepdf.Object) -> bool:
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return False
    if any(key in obj for key in _ACTIVE_KEYS):
        return True
    kind = obj.get("/Type")
    if kind in (pikepdf.Name("/EmbeddedFile"), pikepdf.Name("/Filespec")) and ("/EF" in obj or kind == "/EmbeddedFile"):
        return True
    action = obj.get("/S")
    return isinstance(action, pikepdf.Name) and str(action) in _ACTIVE_ACTIONS


def _clean_pdf(content: bytes) -> bytes:
    try:
        # No recovery: a damaged file is refused rather than rebuilt into something the sender never made.
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            root = pdf.Root
            opening = root.get("/OpenAction")
            if isinstance(opening, pikepdf.Dictionary):
                raise _scripts_refused()
            if "/AA" in root or _names_active(root) or ("/AcroForm" in root and "/XFA" in root.AcroForm):
                raise _scripts_refused()
            for obj in pdf.objects:
                if _is_active(obj):
                    raise _scripts_refused()
            if len(pdf.pages) == 0:
                raise _unreadable()
            _strip_pdf_metadata(pdf)
            out = io.BytesIO()
            # A content-derived ID, not the original's (which a creating program may have made from time and machine).
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
            return out.getvalue()
    except pikepdf.PasswordError:
        raise EvidenceRefused(
            _("This PDF is locked with a password. Save an unlocked copy and send that."), "pdf_encrypted"
        ) from None
    except (pikepdf.PdfError, ValueError, RuntimeError, KeyError, TypeError):  # pdf_images.NotAnImage included
        raise _unreadable() from None


def _names_active(root: pikepdf.Object) -> bool:
    names = root.get("/Names")
    return isinstance(names, pikepdf.Dictionary) and any(key in names for key in ("/JavaScript", "/EmbeddedFiles"))


# Who wrote a comment on a page, when, and its own identifier: a markup annotation's author, not its content.
_ANNOTATION_KEYS = ("/M", "/CreationDate", "/NM")


def _strip_pdf_metadata(pdf: pikepdf.Pdf) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    if isinstance(pdf.Root.get("/OpenAction"), pikepdf.Array):
        del pdf.Root["/OpenAction"]  # "open at this page": harmless, but nothing the reader needs
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in ("/Metadata", "/PieceInfo", "/LastModified"):
                if key in obj:
                    del obj[key]
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Annot:
            _strip_annotation(obj)
        elif isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            _strip_image(obj)
    for page in pdf.pages:  # an annotation's /Type is optional: those a page lists are annotations all the same
        annotations = page.obj.get("/Annots")
        for annotation in annotations if isinstance(annotations, pikepdf.Array) else ():
            if isinstance(annotation, pikepdf.Dictionary):
                _strip_annotation(annotation)


def _strip_annotation(annotation: pikepdf.Dictionary) -> None:
    for key in _ANNOTATION_KEYS:
        if key in annotation:
            del annotation[key]
    # /T is a comment's author, but a form field's name (widgets): a form keeps its field names.
    if "/T" in annotation and annotation.get("/Subtype") != pikepdf.Name.Widget:
        del annotation["/T"]


def _strip_image(image: pikepdf.Stream) -> None:
    """A JPEG or JPEG 2000 picture without its camera's EXIF, XMP and comments (evidence.pdf_images)."""
    filters = image.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    if not names or names[-1] not in ("/DCTDecode", "/JPXDecode") or len(names) > 1:
        return  # pixels in a general filter (or none): nothing but pixels
    raw = image.read_raw_bytes()
    cleaned = pdf_images.jpeg_without_metadata(raw) if names[-1] == "/DCTDecode" else pdf_images.jpx_without_metadata(raw)
    if cleaned != raw:
        parms = image.get("/DecodeParms")
        image.write(
            cleaned,
            filter=filters if isinstance(filters, pikepdf.Name | pikepdf.Array) else None,
            decode_parms=parms if isinstance(parms, pikepdf.Dictionary | pikepdf.Array) else None,
        )
