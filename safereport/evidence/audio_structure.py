"""Our own reading of audio containers, so a rebuilt recording is kept only if it holds nothing but the sound.

ffmpeg (evidence.audio) writes the new file; these checks do not take its word for it. A stored WAV is a
RIFF with exactly a `fmt ` and a `data` chunk; a stored MP3 is MPEG audio frames end to end (no ID3v1/v2,
APE or Lyrics tag fits between frames); a stored Ogg is one logical stream whose comment header has no
comment; a stored M4A has only the boxes of one audio track, its dates zero. They also find truncation in
what was sent that ffmpeg reads past silently (an Ogg cut before its last page, a WAV cut inside its data).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


class NotClean(Exception):
    """The bytes are not the shape we store: damaged when it is what was sent, a refusal when it is ffmpeg's output."""


# --- WAV -------------------------------------------------------------------------------------------------


def wav_chunks(content: bytes) -> list[tuple[bytes, int, int]]:
    """(id, start of the body, length) of each chunk; NotClean if the RIFF is cut short or misdeclared."""
    if len(content) < 12 or content[:4] != b"RIFF" or content[8:12] != b"WAVE":
        raise NotClean("not a RIFF WAVE")
    chunks, at = [], 12
    while at < len(content):
        if at + 8 > len(content):
            raise NotClean("a chunk header is cut short")
        kind, length = content[at : at + 4], struct.unpack_from("<I", content, at + 4)[0]
        if at + 8 + length > len(content):
            raise NotClean("a chunk is cut short")
        chunks.append((kind, at + 8, length))
        at += 8 + length + (length & 1)  # chunks are padded to an even length
    if not any(kind == b"data" for kind, _start, _length in chunks) or not any(kind == b"fmt " for kind, _s, _l in chunks):
        raise NotClean("no fmt or data chunk")
    return chunks


def check_stored_wav(content: bytes) -> None:
    chunks = wav_chunks(content)
    if [kind for kind, _start, _length in chunks] != [b"fmt ", b"data"]:
        raise NotClean("chunks other than fmt and data")
    _kind, start, length = chunks[0]
    # PCM's format is 16 bytes; 18 with an empty extension, 40 for WAVE_FORMAT_EXTENSIBLE (an extension of 22).
    extension = struct.unpack_from("<H", content, start + 16)[0] if length >= 18 else 0
    if (length, extension) not in ((16, 0), (18, 0), (40, 22)):
        raise NotClean("more in the format chunk than PCM needs")
    if struct.unpack_from("<I", content, 4)[0] != len(content) - 8:
        raise NotClean("RIFF length does not match")


# --- MP3 -------------------------------------------------------------------------------------------------

_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def mpeg_frame_length(header: bytes) -> int:
    """The length in bytes of the layer III frame this header starts, or 0 if it is not one."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return 0
    version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
    bitrate_index, rate_index, padding = header[2] >> 4, (header[2] >> 2) & 3, (header[2] >> 1) & 1
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return 0
    rate = _SAMPLE_RATES[version][rate_index]
    if version == 3:
        return 144_000 * _BITRATES_V1[bitrate_index] // rate + padding
    return 72_000 * _BITRATES_V2[bitrate_index] // rate + padding


def check_stored_mp3(content: bytes) -> int:
    """The number of frames; NotClean unless the bytes are whole MPEG audio frames from the first to the last."""
    at = frames = 0
    while at < len(content):
        length = mpeg_frame_length(content[at : at + 4])
        if length == 0:
            raise NotClean("bytes that are not an MPEG audio frame")
        if at + length > len(content):
            raise NotClean("the last frame is cut short")
        at += length
        frames += 1
    if frames == 0:
        raise NotClean("no frame")
    return frames


# --- Ogg -------------------------------------------------------------------------------------------------

_PAGE = struct.Struct("<4sBBqIIIB")
_EOS = 0x04


@dataclass(frozen=True)
class OggStream:
    codec: str  # "opus", "vorbis", or what the first packet says it is
    comment_header: bytes
    identification: bytes = b""


def read_ogg(content: bytes) -> OggStream:
    """The codec and comment header of the one logical stream; NotClean if a page is cut, a second stream
    is there (chained or multiplexed), or the last page does not close the stream (the file was cut there)."""
    at, serial, partial, last_flags = 0, None, b"", 0
    packets: list[bytes] = []
    while at < len(content):
        if at + _PAGE.size > len(content) or content[at : at + 4] != b"OggS":
            raise NotClean("a page is cut short or missing")
        _capture, _version, flags, _granule, page_serial, _seq, _crc, count = _PAGE.unpack_from(content, at)
        lacing = content[at + _PAGE.size : at + _PAGE.size + count]
        body = at + _PAGE.size + count
        end = body + sum(lacing)
        if len(lacing) < count or end > len(content):
            raise NotClean("a page is cut short")
        if serial is None:
            serial = page_serial
        elif page_serial != serial or last_flags & _EOS:
            raise NotClean("more than one logical stream")
        if len(packets) < 2:  # only the two header packets are needed
            for size in lacing:
                partial += content[body : body + size]
                body += size
                if size < 255:
                    packets.append(partial)
                    partial = b""
        at, last_flags = end, flags
    if not last_flags & _EOS:
        raise NotClean("the stream does not end: the file was cut")
    if len(packets) < 2:
        raise NotClean("no comment header")
    return OggStream(_ogg_codec(packets[0]), packets[1], packets[0])


def _ogg_codec(first: bytes) -> str:
    for magic, name in ((b"OpusHead", "opus"), (b"\x01vorbis", "vorbis"), (b"\x7fFLAC", "flac"), (b"Speex   ", "speex")):
        if first.startswith(magic):
            return name
    return "other"


def ogg_comments(stream: OggStream) -> tuple[bytes, int]:
    """The comment header's vendor string and how many comments follow it."""
    magic = b"OpusTags" if stream.codec == "opus" else b"\x03vorbis"
    packet = stream.comment_header
    if not packet.startswith(magic) or len(packet) < len(magic) + 8:
        raise NotClean("no comment header")
    (vendor_length,) = struct.unpack_from("<I", packet, len(magic))
    vendor_end = len(magic) + 4 + vendor_length
    if vendor_end + 4 > len(packet):
        raise NotClean("comment header cut short")
    return packet[len(magic) + 4 : vendor_end], struct.unpack_from("<I", packet, vendor_end)[0]


def _identification_size(stream: OggStream) -> int:
    """The one size the codec's identification header has; bytes beyond it could carry anything (`-c copy` keeps them)."""
    header = stream.identification
    if stream.codec == "vorbis":
        return 30
    if len(header) < 19:
        return 19
    channels, family = header[9], header[18]
    return 19 if family == 0 else 21 + channels


def check_stored_ogg(content: bytes) -> str:
    stream = read_ogg(content)
    if len(stream.identification) != _identification_size(stream):
        raise NotClean("more in the codec header than the codec needs")
    vendor, count = ogg_comments(stream)
    # ffmpeg names itself (with +bitexact, without its version); nothing else may be there.
    if count != 0 or vendor not in (b"ffmpeg", b"Lavf") and not vendor.startswith(b"Lavf"):
        raise NotClean("comments left in the comment header")
    return stream.codec


# --- M4A (MP4) -------------------------------------------------------------------------------------------

_CONTAINERS = {b"moov", b"trak", b"edts", b"mdia", b"minf", b"dinf", b"stbl"}
# The boxes of one audio track and its samples, and nothing that can hold a name, place or device.
_ALLOWED = {
    b"": {b"ftyp", b"moov", b"mdat", b"free"},
    b"moov": {b"mvhd", b"trak", b"udta"},
    b"trak": {b"tkhd", b"edts", b"mdia"},
    b"edts": {b"elst"},
    b"mdia": {b"mdhd", b"hdlr", b"minf"},
    b"minf": {b"smhd", b"dinf", b"stbl"},
    b"dinf": {b"dref"},
    b"stbl": {b"stsd", b"stts", b"stsc", b"stsz", b"stco", b"co64", b"sgpd", b"sbgp", b"ctts"},
}
_DATED = (b"mvhd", b"tkhd", b"mdhd")
# ffmpeg's M4A muxer always writes this: user data holding an iTunes meta box with an empty item list.
_EMPTY_UDTA = (
    b"\x00\x00\x00\x3dudta\x00\x00\x00\x35meta\x00\x00\x00\x00"
    b"\x00\x00\x00\x21hdlr\x00\x00\x00\x00\x00\x00\x00\x00mdirappl\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    b"\x00\x00\x00\x08ilst"
)


def _boxes(content: bytes, start: int, end: int):
    at = start
    while at < end:
        if at + 8 > end:
            raise NotClean("a box header is cut short")
        size, kind = struct.unpack_from(">I4s", content, at)
        header = 8
        if size == 1:
            if at + 16 > end:
                raise NotClean("a box header is cut short")
            size, header = struct.unpack_from(">Q", content, at + 8)[0], 16
        if size < header or at + size > end:
            raise NotClean("a box is cut short")
        yield kind, at, at + header, at + size
        at += size


def check_stored_m4a(content: bytes) -> None:
    """NotClean unless every box is one of an audio track's, the dates are zero and the one `free` is empty."""
    tracks = _check_boxes(content, 0, len(content), b"")
    if tracks != 1:
        raise NotClean("not exactly one track")


def _check_boxes(content: bytes, start: int, end: int, parent: bytes) -> int:
    tracks = 0
    for kind, at, body, box_end in _boxes(content, start, end):
        if kind not in _ALLOWED[parent]:
            raise NotClean("a box that is not part of an audio track")
        if kind == b"udta" and content[at:box_end] != _EMPTY_UDTA:
            raise NotClean("user data in the file")
        if kind == b"free" and box_end - at != 8:
            raise NotClean("a free box with something in it")
        if kind in _DATED and _dates(content, body) != (0, 0):
            raise NotClean("a date in the file")
        if kind == b"stsd":
            _check_sample_description(content[body:box_end])
        if kind in _CONTAINERS:
            tracks += (kind == b"trak") + _check_boxes(content, body, box_end, kind)
    return tracks


# AAC's AudioSpecificConfig is 2 bytes, 5 with explicit SBR signalling, 7 with PS: never a name's length.
_MAX_AUDIO_CONFIG = 7


def _descriptor(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of body, end of body) of the MPEG-4 descriptor at `at`."""
    if at + 2 > len(data):
        raise NotClean("a codec descriptor is cut short")
    tag, at, size = data[at], at + 1, 0
    for _ in range(4):  # the size: up to four bytes of seven bits
        byte, at = data[at], at + 1
        size = size << 7 | byte & 0x7F
        if not byte & 0x80:
            break
        if at >= len(data):
            raise NotClean("a codec descriptor is cut short")
    if at + size > len(data):
        raise NotClean("a codec descriptor is cut short")
    return tag, at, at + size


def _check_sample_description(stsd: bytes) -> None:
    """One `mp4a` entry whose only child is an `esds` holding the AAC config and nothing else."""
    if len(stsd) < 8 + 8 + 28 or struct.unpack_from(">I", stsd, 4)[0] != 1 or stsd[12:16] != b"mp4a":
        raise NotClean("not one AAC sample description")
    entry_end = 8 + struct.unpack_from(">I", stsd, 8)[0]
    if entry_end != len(stsd):
        raise NotClean("more in the sample description than one entry")
    children = stsd[8 + 36 : entry_end]  # after the entry's header and its 28 bytes of audio fields
    if len(children) < 12 or children[4:8] != b"esds" or struct.unpack_from(">I", children)[0] != len(children):
        raise NotClean("the AAC entry holds more than its codec config")
    data = children[12:]  # after the box header and the full box's version and flags
    tag, body, end = _descriptor(data, 0)
    if tag != 3 or end != len(data):
        raise NotClean("more in the codec config than the codec needs")
    flags = data[body + 2]
    at = body + 3 + (2 if flags & 0x80 else 0) + (2 if flags & 0x20 else 0)
    if flags & 0x40:
        raise NotClean("a URL in the codec config")
    tag, config_body, config_end = _descriptor(data, at)
    if tag != 4:
        raise NotClean("no decoder config")
    inner = config_body + 13
    tag, info_body, info_end = _descriptor(data, inner)
    if tag != 5 or info_end - info_body > _MAX_AUDIO_CONFIG or info_end != config_end:
        raise NotClean("more in the codec config than the codec needs")
    tag, sl_body, sl_end = _descriptor(data, config_end)
    if tag != 6 or sl_end - sl_body != 1 or sl_end != end:
        raise NotClean("more in the codec config than the codec needs")


def _dates(content: bytes, body: int) -> tuple[int, int]:
    version = content[body]
    if version == 1:
        return struct.unpack_from(">QQ", content, body + 4)
    return struct.unpack_from(">II", content, body + 4)
