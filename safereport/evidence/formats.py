"""Which files are accepted, told by their first bytes (never by name or the browser's word), and the limits."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
IMAGE_TYPES = (JPEG, PNG, WEBP)
# Audio as phones record and send it (evidence.audio): MP3, M4A (AAC in MP4: iPhone Voice Memos, Samsung and
# Google recorders, WhatsApp on iPhone), Ogg with Opus or Vorbis (WhatsApp and Telegram voice notes), WAV.
MP3, M4A, OGG, WAV = "audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav"
AUDIO_TYPES = (MP3, M4A, OGG, WAV)
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp", PDF: "pdf", MP3: "mp3", M4A: "m4a", OGG: "ogg", WAV: "wav"}


class EvidenceRefused(Exception):
    """A file that is not stored, with the sentence the person who sent it is shown."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def accepted_types_sentence() -> str:
    return _(
        "We accept photos and screenshots (JPEG, PNG or WebP), PDF documents, and audio recordings "
        "(MP3, M4A, Ogg or Opus voice notes, WAV)."
    )


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int
    max_files: int
    max_audio_seconds: int = 3600

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(settings.EVIDENCE_MAX_BYTES),
            max_pixels=int(settings.EVIDENCE_MAX_PIXELS),
            max_files=int(settings.EVIDENCE_MAX_FILES),
            max_audio_seconds=int(settings.EVIDENCE_MAX_AUDIO_MINUTES * 60),
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
    (0, b"#!AMR", gettext_lazy("an AMR recording (an older phone's voice format)")),  # before "#!", a script's start
    (0, b"#!", gettext_lazy("a program")),
    (0, b"PK\x03\x04", gettext_lazy("a ZIP archive or an office document")),
    (0, b"\xd0\xcf\x11\xe0", gettext_lazy("an office document")),
    (0, b"{\\rtf", gettext_lazy("an office document")),
    (0, b"Rar!", gettext_lazy("an archive")),
    (0, b"7z\xbc\xaf", gettext_lazy("an archive")),
    (0, b"\x1f\x8b", gettext_lazy("an archive")),
    (0, b"fLaC", gettext_lazy("a FLAC recording")),
    (0, b"0&\xb2u\x8ef\xcf\x11", gettext_lazy("a Windows Media (WMA or WMV) file")),
    (0, b"caff", gettext_lazy("a Core Audio (CAF) recording")),
    (0, b"MThd", gettext_lazy("a MIDI file")),
    (0, b".snd", gettext_lazy("an AU recording")),
    (0, b"ID3", gettext_lazy("an audio recording in a format other than MP3")),
    (0, b"\x1aE\xdf\xa3", gettext_lazy("a video")),
    (0, b"GIF8", gettext_lazy("a GIF image")),
    (0, b"BM", gettext_lazy("a BMP image")),
    (0, b"II*\x00", gettext_lazy("a TIFF image")),
    (0, b"MM\x00*", gettext_lazy("a TIFF image")),
)
# MP4 brands a phone's recorder writes for audio; what the file holds decides (evidence.audio refuses video).
_MP4_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"dash")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


def _what_it_is(head: bytes) -> str | None:
    for offset, magic, label in _REFUSED_KINDS:
        if head[offset : offset + len(magic)] == magic:
            return str(label)
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return str(_("a video"))
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return str(_("an AIFF recording"))
    if head[4:8] == b"ftyp":
        if head[8:12] in _HEIF_BRANDS:
            return str(_("an HEIC photo (an iPhone's own format)"))
        return str(_("a video"))
    if head[:2] in (b"\xff\xf1", b"\xff\xf9"):
        return str(_("an AAC recording without its M4A container (an .aac file)"))
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in text:
        return str(_("an SVG drawing"))
    if text.startswith((b"<!doctype html", b"<html", b"<script")):
        return str(_("a web page"))
    return None


def detect(content: bytes) -> str:
    """The accepted type `content` is (an image, a PDF or audio), or EvidenceRefused saying what it seems to be."""
    head = content[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    audio = _audio_type(content)
    if audio is not None:
        return audio
    what = _what_it_is(content[:1024])
    if what is None:
        message = _("This file is not a type we accept. %(accepted)s") % {"accepted": accepted_types_sentence()}
    else:
        message = _("This file looks like %(what)s, which we do not accept. %(accepted)s") % {
            "what": what,
            "accepted": accepted_types_sentence(),
        }
    return _refuse(message, "wrong_type")


def _audio_type(content: bytes) -> str | None:
    """MP3, M4A, Ogg or WAV by their first bytes; the codec inside is checked when the file is rebuilt."""
    head = content[:64]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head[:4] == b"OggS":
        return OGG
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_AUDIO_BRANDS:
        return M4A
    if head[:3] == b"ID3" and len(head) >= 10:
        # The tag's length is in its header (seven bits a byte); what follows it must be MPEG audio, not
        # an ID3 tag stuck on a FLAC or AAC file.
        size = 0
        for byte in head[6:10]:
            size = (size << 7) | (byte & 0x7F)
        length = size + 10 + (10 if head[5] & 0x10 else 0)
        return MP3 if is_mpeg_audio_frame(content[length : length + 4]) else None
    return MP3 if is_mpeg_audio_frame(head[:4]) else None


def is_mpeg_audio_frame(header: bytes) -> bool:
    """Whether four bytes start an MPEG layer III frame (MPEG-1, 2 or 2.5), with a usable bit rate and sample rate."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return False
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate, rate = header[2] >> 4, (header[2] >> 2) & 3
    return version != 1 and layer == 1 and bitrate not in (0, 15) and rate != 3


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
