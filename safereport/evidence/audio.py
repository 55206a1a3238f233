"""Audio recordings rebuilt by ffmpeg with the sound alone: no tags, no location, no device, no dates.

ffmpeg copies the audio packets (no re-encoding, so nothing of the sound changes) into a new container
it writes from nothing (`-map 0:a:0 -map_metadata -1 -map_chapters -1 -fflags +bitexact`): ID3, APE,
Vorbis comments, MP4 `udta`/`meta`/`©xyz` and cover art have nowhere to go. Its output is then read
again by evidence.audio_structure, which refuses it unless it holds nothing but the sound.

ffmpeg parses what a stranger sent, so it runs as a separate program and never in this process: under
prlimit (memory, CPU time, output size, open files, no core dump), with a wall-clock timeout, an empty
environment, one thread, the demuxer named by us (never guessed: no playlist or concat demuxer that would
open other files) and only the `file` protocol. Bytes pass through anonymous memory files (memfd): the
recording, with its tags, never touches a disk.
"""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 (ffmpeg, by absolute path, with fixed arguments and limits)
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import audio_structure
from .audio_structure import NotClean
from .formats import M4A, MP3, OGG, WAV, EvidenceRefused, Limits, accepted_types_sentence

PRLIMIT = "/usr/bin/prlimit"
_MEMORY = 768 * 1024 * 1024
_CPU_SECONDS = 60
_WALL_SECONDS = 90

# Per container: ffmpeg's demuxer, the muxer that writes the new file, its options, and the codecs kept.
# Codecs a browser plays, so the advocate can listen to what they review.
_DEMUXER = {MP3: "mp3", M4A: "mov", OGG: "ogg", WAV: "wav"}
_MUXER = {
    MP3: ["-id3v2_version", "0", "-write_id3v1", "0", "-f", "mp3"],
    M4A: ["-movflags", "+faststart", "-f", "ipod"],
    OGG: ["-f", "ogg"],
    WAV: ["-rf64", "never", "-write_bext", "0", "-f", "wav"],
}
_CODECS = {
    MP3: {"mp3"},
    M4A: {"aac"},
    OGG: {"opus", "vorbis"},
    WAV: {"pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le"},
}
_CODEC_NAMES = {
    "alac": "Apple Lossless (ALAC)",
    "amr_nb": "AMR",
    "amr_wb": "AMR-WB",
    "flac": "FLAC",
    "speex": "Speex",
    "mp2": "MP2",
    "ac3": "AC-3",
    "eac3": "E-AC-3",
}
_CHECKS = {
    MP3: audio_structure.check_stored_mp3,
    M4A: audio_structure.check_stored_m4a,
    OGG: audio_structure.check_stored_ogg,
    WAV: audio_structure.check_stored_wav,
}
# Decoded and declared lengths may differ by the encoder's priming and padding, never by a missing part.
_DURATION_SLACK_SECONDS = 0.5


def damaged() -> EvidenceRefused:
    return EvidenceRefused(
        _("This recording is damaged or incomplete and could not be read. Send the whole recording again."), "corrupt"
    )


def _codec_refused(codec: str) -> EvidenceRefused:
    name = _CODEC_NAMES.get(codec, codec.upper())
    return EvidenceRefused(
        _("This recording is in the %(codec)s format, which we do not accept. %(accepted)s")
        % {"codec": name, "accepted": accepted_types_sentence()},
        "wrong_type",
    )


def _unavailable() -> EvidenceRefused:
    return EvidenceRefused(
        _("Audio recordings cannot be added on this server at the moment. Please tell your advocate."), "audio_unavailable"
    )


def clean_audio(content: bytes, content_type: str, limits: Limits) -> bytes:
    """The recording rebuilt with the sound alone, or EvidenceRefused (another codec, video, too long, damaged)."""
    if not all(os.path.exists(p) for p in (settings.EVIDENCE_FFMPEG, settings.EVIDENCE_FFPROBE, PRLIMIT)):
        raise _unavailable()
    _check_what_was_sent(content, content_type)
    with _MemoryFile(content) as source:
        declared = _probe(source, content_type, limits)
        decoded = _decoded_seconds(source, content_type, limits)
        if decoded <= 0 or decoded + _DURATION_SLACK_SECONDS < declared:
            raise damaged()  # part of it is missing: an MP3 cut short says so only in its Xing header's length
        rebuilt = _rebuild(source, content_type, limits)
    try:
        _CHECKS[content_type](rebuilt)
    except NotClean:
        # ffmpeg wrote something we do not store (a cut MP3's last frame, or a box we do not know): refuse.
        raise damaged() from None
    return rebuilt


def _check_what_was_sent(content: bytes, content_type: str) -> None:
    try:
        if content_type == WAV:
            audio_structure.wav_chunks(content)
        elif content_type == OGG:
            codec = audio_structure.read_ogg(content).codec
            if codec not in _CODECS[OGG]:
                raise _codec_refused(codec)
    except NotClean:
        raise damaged() from None


@dataclass
class _MemoryFile:
    """An anonymous in-memory file, passed to ffmpeg by descriptor and read back: nothing is written to disk."""

    content: bytes = b""

    def __enter__(self) -> _MemoryFile:
        self.fd = os.memfd_create("evidence", os.MFD_CLOEXEC)
        view = memoryview(self.content)
        while view:
            view = view[os.write(self.fd, view) :]
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)

    @property
    def path(self) -> str:
        return f"/proc/self/fd/{self.fd}"

    def read(self) -> bytes:
        size = os.fstat(self.fd).st_size
        return os.pread(self.fd, size, 0)


def _run(program: str, args: list[str], files: list[_MemoryFile], output_limit: int) -> subprocess.CompletedProcess:
    limits = [f"--as={_MEMORY}", f"--cpu={_CPU_SECONDS}", f"--fsize={output_limit}", "--nofile=32", "--core=0"]
    try:
        return subprocess.run(  # noqa: S603 (absolute paths, our own arguments, no shell)
            [PRLIMIT, *limits, "--", program, *args],
            pass_fds=[f.fd for f in files],
            env={"LC_ALL": "C"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise damaged() from None
    except OSError:
        raise _unavailable() from None


def _input(source: _MemoryFile, content_type: str) -> list[str]:
    return ["-protocol_whitelist", "file", "-f", _DEMUXER[content_type], "-i", source.path]


def _probe(source: _MemoryFile, content_type: str, limits: Limits) -> float:
    """The length the file declares, after refusing video, other codecs and recordings over the limit."""
    done = _run(
        settings.EVIDENCE_FFPROBE,
        [
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,codec_name:stream_disposition=attached_pic:format=duration",
            "-of",
            "json",
            *_input(source, content_type),
        ],
        [source],
        output_limit=1024 * 1024,
    )
    if done.returncode != 0:
        raise damaged()
    try:
        found = json.loads(done.stdout)
        streams, duration = found.get("streams", []), float(found.get("format", {}).get("duration", 0))
    except (ValueError, TypeError, AttributeError):
        raise damaged() from None
    if any(s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic") for s in streams):
        raise EvidenceRefused(
            _("This file looks like a video, which we do not accept. %(accepted)s") % {"accepted": accepted_types_sentence()},
            "wrong_type",
        )
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if not audio:
        raise damaged()
    if audio[0].get("codec_name") not in _CODECS[content_type]:
        raise _codec_refused(str(audio[0].get("codec_name", "")))
    if duration > limits.max_audio_seconds:
        raise _too_long(limits)
    return duration


def _too_long(limits: Limits) -> EvidenceRefused:
    return EvidenceRefused(
        _("This recording is longer than %(minutes)s minutes. Send a shorter part of it.")
        % {"minutes": f"{limits.max_audio_seconds / 60:g}"},
        "too_long",
    )


def _decoded_seconds(source: _MemoryFile, content_type: str, limits: Limits) -> float:
    """Decode the first audio stream in full (at most one second past the limit): any error is damage."""
    done = _run(
        settings.EVIDENCE_FFMPEG,
        [
            "-nostdin",
            "-hide_banner",
            "-v",
            "error",
            "-threads",
            "1",
            "-xerror",
            "-err_detect",
            "explode",
            *_input(source, content_type),
            "-map",
            "0:a:0",
            "-t",
            str(limits.max_audio_seconds + 1),
            "-f",
            "null",
            "-",
            "-progress",
            "pipe:1",
            "-nostats",
        ],
        [source],
        output_limit=1024 * 1024,
    )
    if done.returncode != 0 or done.stderr.strip():
        raise damaged()
    lengths = [line.partition(b"=")[2] for line in done.stdout.splitlines() if line.startswith(b"out_time_us=")]
    try:
        seconds = int(lengths[-1]) / 1_000_000
    except (IndexError, ValueError):
        raise damaged() from None
    if seconds > limits.max_audio_seconds:
        raise _too_long(limits)
    return seconds


def _rebuild(source: _MemoryFile, content_type: str, limits: Limits) -> bytes:
    with _MemoryFile() as target:
        done = _run(
            settings.EVIDENCE_FFMPEG,
            [
                "-nostdin",
                "-hide_banner",
                "-v",
                "error",
                "-threads",
                "1",
                *_input(source, content_type),
                "-map",
                "0:a:0",
                "-map_metadata",
                "-1",
                "-map_chapters",
                "-1",
                "-c",
                "copy",
                "-fflags",
                "+bitexact",
                "-flags:a",
                "+bitexact",
                *_MUXER[content_type],
                "-y",
                target.path,
            ],
            [source, target],
            # The container may grow a little (an MP3's new Xing frame); never past the limit's double.
            output_limit=2 * limits.max_bytes,
        )
        if done.returncode != 0:
            raise damaged()
        rebuilt = target.read()
    if len(rebuilt) > limits.max_bytes:
        raise damaged()
    return rebuilt
