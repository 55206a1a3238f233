"""Which files are accepted, told by their first bytes (never by name or the browser's word), and the limits."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
IMAGE_TYPES = (JPEG, PNG, WEBP)
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf"}


class EvidenceRefused(Exception):
    """A file that is not stored, with the sentence the person who sent it is shown."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def accepted_types_sentence() -> str:
    return _("We accept photos and screenshots (JPEG, PNG or WebP) and PDF documents.")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_files: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(settings.EVIDENCE_MAX_BYTES),
            max_pixels=int(settings.EVIDENCE_MAX_PIXELS),
            max_files=int(settings.EVIDENCE_MAX_FILES),
        )

    @property
    def max_megabytes(self) -> str:
        return f"{self.max_bytes / (1024 * 1024):g}"


# What a refused file most likely is, so the message can say it (never stored, never logged).
_REFUSED_KINDS: tuple[tuple[int, bytes, object], ...] = (
    (0, b"MZ", gettext_lazy("a program")),
    (0, b"\x7fELF", gettext_lazy("a program")),
    (0, b"\xcf\xfa\xed\xfe", gettext_lazy("a program")),
    (0, b"\xca\xfe\xba\xbe", gettext_lazy("a program")),
    (0, b"#!", gettext_lazy("a program")),
    (0, b"PK\x03\x04", gettext_lazy("a ZIP archive or an office document")),
    (0, b"\xd0\xcf\x11\xe0", gettext_lazy("an office document")),
    (0, b"{\\rtf", gettext_lazy("an office document")),
    (0, b"Rar!", gettext_lazy("an archive")),
    (0, b"7z\xbc\xaf", gettext_lazy("an archive")),
    (0, b"\x1f\x8b", gettext_lazy("an archive")),
    (0, b"ID3", gettext_lazy("an audio recording")),
    (0, b"OggS", gettext_lazy("an audio recording")),
    (0, b"fLaC", gettext_lazy("an audio recording")),
    (0, b"#!AMR", gettext_lazy("an audio recording")),
    (0, b"\x1aE\xdf\xa3", gettext_lazy("a video")),
    (0, b"GIF8", gettext_lazy("a GIF image")),
    (0, b"BM", gettext_lazy("a BMP image")),
    (0, b"II*\x00", gettext_lazy("a TIFF image")),
    (0, b"MM\x00*", gettext_lazy("a TIFF image")),
)
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"3gp", b"3g2")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def _what_it_is(head: bytes) -> str | None:
    for offset, magic, label in _REFUSED_KINDS:
        if head[offset : offset + len(magic)] == magic:
            return str(label)
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"AVI "):
        return str(_("an audio recording") if head[8:12] == b"WAVE" else _("a video"))
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return str(_("an HEIC photo (an iPhone's own format)"))
        if brand.startswith(_AUDIO_BRANDS):
            return str(_("an audio recording"))
        return str(_("a video"))
    if head[:2] in (b"\xff\xf1", b"\xff\xf9", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return str(_("an audio recording"))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in text:
        return str(_("an SVG drawing"))
    if text.startswith((b"<!doctype html", b"<html", b"<script")):
        return str(_("a web page"))
    return None


def detect(content: bytes) -> str:
    """The accepted type `content` is (JPEG, PNG, WebP or PDF), or EvidenceRefused saying what it seems to be."""
    head = content[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    what = _what_it_is(content[:1024])
    if what is None:
        message = _("This file is not a type we accept. %(accepted)s") % {"accepted": accepted_types_sentence()}
    elif what == str(_("an audio recording")):
        message = _("Audio recordings cannot be added yet. %(accepted)s") % {"accepted": accepted_types_sentence()}
    else:
        message = _("This file looks like %(what)s, which we do not accept. %(accepted)s") % {
            "what": what,
            "accepted": accepted_types_sentence(),
        }
    return _refuse(message, "wrong_type")


def _refuse(message: str, code: str) -> str:
    raise EvidenceRefused(message, code)


def check_size(size: int, limits: Limits) -> None:
    if size == 0:
        raise EvidenceRefused(_("The file is empty. Choose the photo or document again."), "empty")
    if size > limits.max_bytes:
        raise EvidenceRefused(
            _("The file is larger than %(limit)s MB. Send a smaller photo or a shorter document.")
            % {"limit": limits.max_megabytes},
            "too_large",
        )
