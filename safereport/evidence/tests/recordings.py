"""Recordings made in the tests: a tone encoded by ffmpeg, then tagged by mutagen as a phone would tag it.

Each carries a name, a place (ISO 6709, as iPhone Voice Memos write it in `©xyz`), a device and a date,
in every place its format keeps them: ID3v2, ID3v1 and APE on an MP3 (with cover art); iTunes items and
cover art on an M4A; Vorbis comments on Ogg Opus and Vorbis; a LIST/INFO and an ID3 chunk on a WAV.
"""

import functools
import struct
import subprocess  # noqa: S404 (the test's own ffmpeg, fixed arguments)
import tempfile
from pathlib import Path

from django.conf import settings
from mutagen.apev2 import APEv2
from mutagen.id3 import APIC, ID3, TDRC, TPE1, TSSE, TXXX
from mutagen.mp4 import MP4, MP4Cover
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from . import samples

NAME = samples.NAME
PLACE = "+51.5074-000.1278/"
DEVICE = "Maria's iPhone 13"
DATE = "2026-03-01T21:14:05Z"
PLANTED = (NAME, "51.5074", "000.1278", DEVICE, "iPhone", "2026-03-01")
SECONDS = 3.0

# ffmpeg's encoder and muxer for each kind of file a phone sends.
ENCODINGS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"],
    "m4a": ["-c:a", "aac", "-b:a", "64k", "-f", "ipod"],
    "opus": ["-c:a", "libopus", "-b:a", "24k", "-f", "ogg"],
    "vorbis": ["-c:a", "libvorbis", "-q:a", "2", "-f", "ogg"],
    "wav": ["-c:a", "pcm_s16le", "-f", "wav"],
    "flac": ["-c:a", "flac", "-f", "flac"],
    "ogg-flac": ["-c:a", "flac", "-f", "ogg"],
    "alac": ["-c:a", "alac", "-f", "ipod"],
}


def tone(kind: str, seconds: float = SECONDS) -> bytes:
    """A 440 Hz tone of `seconds`, mono at 16 kHz (a voice memo's quality), encoded as `kind`."""
    return _encoded(kind, seconds)


@functools.cache
def _encoded(kind: str, seconds: float) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out"
        subprocess.run(  # noqa: S603
            [
                settings.EVIDENCE_FFMPEG,
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                f"sine=frequency=440:duration={seconds}",
                "-ac",
                "1",
                "-ar",
                "48000" if kind == "opus" else "16000" if kind != "mp3" else "22050",
                *ENCODINGS[kind],
                "-y",
                str(target),
            ],
            check=True,
        )
        return target.read_bytes()


def video() -> bytes:
    """A second of an MP4 with a picture track beside its sound (brand isom, like a phone's video)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.mp4"
        subprocess.run(  # noqa: S603
            [
                settings.EVIDENCE_FFMPEG,
                "-nostdin",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=64x64:duration=1",
                "-f",
                "lavfi",
                "-i",
                "sine=duration=1",
                "-c:v",
                "mpeg4",
                "-c:a",
                "aac",
                "-shortest",
                "-y",
                str(target),
            ],
            check=True,
        )
        return target.read_bytes()


def _tagged(kind: str, tag) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"recording.{kind}"
        path.write_bytes(tone(kind))
        tag(str(path))
        return path.read_bytes()


def _tag_mp3(path: str) -> None:
    tags = ID3()
    tags.add(TPE1(encoding=3, text=NAME))
    tags.add(TXXX(encoding=3, desc="location", text=PLACE))
    tags.add(TSSE(encoding=3, text=DEVICE))
    tags.add(TDRC(encoding=3, text=DATE[:10]))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="cover", data=samples.jpeg_with_gps()))
    tags.save(path, v1=2)  # an ID3v1 tag at the end as well (its 30 characters hold the name)
    ape = APEv2()
    ape["Artist"], ape["Location"], ape["Tool"] = NAME, PLACE, DEVICE
    ape.save(path)


def _tag_m4a(path: str) -> None:
    tags = MP4(path)
    tags["\xa9ART"], tags["\xa9xyz"], tags["\xa9too"], tags["\xa9day"] = NAME, PLACE, DEVICE, DATE
    tags["covr"] = [MP4Cover(samples.jpeg_with_gps(), imageformat=MP4Cover.FORMAT_JPEG)]
    tags.save()


def _tag_ogg(kind):
    def tag(path: str) -> None:
        tags = (OggOpus if kind == "opus" else OggVorbis)(path)
        tags["ARTIST"], tags["LOCATION"], tags["ENCODER"], tags["DATE"] = NAME, PLACE, DEVICE, DATE
        tags.save()

    return tag


def _info_chunk() -> bytes:
    fields = b""
    for key, value in ((b"IART", NAME), (b"ICMT", PLACE), (b"ISFT", DEVICE), (b"ICRD", DATE)):
        text = value.encode() + b"\x00"
        fields += key + struct.pack("<I", len(text)) + text + (b"\x00" if len(text) % 2 else b"")
    return b"LIST" + struct.pack("<I", 4 + len(fields)) + b"INFO" + fields


def _tag_wav(path: str) -> None:
    tags = WAVE(path)
    tags.add_tags()
    tags.tags.add(TPE1(encoding=3, text=NAME))
    tags.tags.add(TXXX(encoding=3, desc="location", text=PLACE))
    tags.save()
    # And the RIFF's own LIST/INFO chunk, which phone and desktop recorders write, before the sound.
    content = Path(path).read_bytes()
    fmt_end = 12 + 8 + struct.unpack_from("<I", content, 16)[0]
    body = content[12:fmt_end] + _info_chunk() + content[fmt_end:]
    Path(path).write_bytes(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)


_TAGGERS = {"mp3": _tag_mp3, "m4a": _tag_m4a, "opus": _tag_ogg("opus"), "vorbis": _tag_ogg("vorbis"), "wav": _tag_wav}
KINDS = tuple(_TAGGERS)


@functools.cache
def tagged(kind: str) -> bytes:
    """A tone of SECONDS as `kind` with a name, place, device and date in all its format's tags."""
    return _tagged(kind, _TAGGERS[kind])


def decoded_seconds(content: bytes) -> float:
    """How long the recording plays, by decoding all of it (ffmpeg, failing on any error)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in"
        path.write_bytes(content)
        done = subprocess.run(  # noqa: S603
            [
                settings.EVIDENCE_FFMPEG,
                "-nostdin",
                "-v",
                "error",
                "-xerror",
                "-i",
                str(path),
                "-f",
                "null",
                "-",
                "-progress",
                "pipe:1",
                "-nostats",
            ],
            check=True,
            capture_output=True,
        )
    assert done.stderr == b"", done.stderr
    return int(done.stdout.split(b"out_time_us=")[-1].split(b"\n")[0]) / 1_000_000
