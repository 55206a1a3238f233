"""Recordings keep their sound and lose every tag: name, place, device, date and cover art; the rest is refused."""

import io

import mutagen
import pytest

from safereport.evidence import actions, audio_structure, storage
from safereport.evidence.formats import M4A, MP3, OGG, WAV, EvidenceRefused, Limits
from safereport.evidence.models import EvidenceFile
from safereport.evidence.stripping import clean
from safereport.intake import actions as intake_actions

from . import recordings, samples

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000, max_files=10, max_audio_seconds=600)
TYPES = {"mp3": MP3, "m4a": M4A, "opus": OGG, "vorbis": OGG, "wav": WAV}
ACCEPTED = "MP3, M4A, Ogg or Opus voice notes, WAV"


def refusal(content: bytes, limits: Limits = LIMITS) -> EvidenceRefused:
    with pytest.raises(EvidenceRefused) as refused:
        clean(content, limits)
    return refused.value


@pytest.mark.parametrize("kind", recordings.KINDS)
def test_a_tagged_recording_keeps_its_sound_and_loses_every_planted_tag(kind):
    original = recordings.tagged(kind)
    for planted in recordings.PLANTED:
        assert planted.encode() in original, planted  # the tags are there to be removed
    cleaned = clean(original, LIMITS)
    assert cleaned.content_type == TYPES[kind] and cleaned.kind == "audio"
    for planted in (*recordings.PLANTED, "Exif", "PhoneMaker"):
        assert planted.encode() not in cleaned.content, planted
        assert planted.encode("utf-16-le") not in cleaned.content, planted
    assert b"ID3" not in cleaned.content and b"APETAGEX" not in cleaned.content and b"\xff\xd8\xff" not in cleaned.content
    # The same sound: as long as before (mutagen reads the container's own length) and decodable to the end.
    assert recordings.decoded_seconds(cleaned.content) == pytest.approx(recordings.SECONDS, abs=0.15)
    read_back = mutagen.File(io.BytesIO(cleaned.content))
    assert read_back is not None and read_back.info.length == pytest.approx(recordings.SECONDS, abs=0.15)
    assert not read_back.tags  # no tag of any kind, not even an empty one


def test_an_m4a_keeps_only_its_audio_tracks_boxes_with_zero_dates():
    cleaned = clean(recordings.tagged("m4a"), LIMITS).content
    audio_structure.check_stored_m4a(cleaned)
    assert b"\xa9xyz" not in cleaned and b"covr" not in cleaned and b"\xa9ART" not in cleaned
    assert cleaned[4:12] == b"ftypM4A " and cleaned.index(b"moov") < cleaned.index(b"mdat")  # plays while it loads


def test_a_stored_mp3_is_mpeg_frames_from_its_first_byte_to_its_last():
    cleaned = clean(recordings.tagged("mp3"), LIMITS).content
    assert audio_structure.check_stored_mp3(cleaned) > 100 and cleaned[-128:-125] != b"TAG"


def test_a_stored_wav_has_only_its_format_and_sound():
    cleaned = clean(recordings.tagged("wav"), LIMITS).content
    assert [kind for kind, _start, _length in audio_structure.wav_chunks(cleaned)] == [b"fmt ", b"data"]
    assert b"LIST" not in cleaned and b"INFO" not in cleaned and b"id3 " not in cleaned.lower()


@pytest.mark.parametrize("kind", ["opus", "vorbis"])
def test_a_stored_ogg_voice_note_has_an_empty_comment_header(kind):
    stream = audio_structure.read_ogg(clean(recordings.tagged(kind), LIMITS).content)
    vendor, count = audio_structure.ogg_comments(stream)
    assert stream.codec == kind and count == 0 and not vendor.startswith(b"Lavf5")  # no version of ffmpeg either


def test_a_leftover_tag_in_what_ffmpeg_wrote_is_refused_not_stored():
    with_tags = recordings.tagged("m4a")  # an M4A whose udta holds items, as if ffmpeg had copied them
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_m4a(with_tags)
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_mp3(recordings.tagged("mp3"))
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_ogg(recordings.tagged("opus"))
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_wav(recordings.tagged("wav"))


@pytest.mark.parametrize("kind", recordings.KINDS)
def test_a_truncated_recording_is_refused_as_damaged(kind):
    whole = recordings.tagged(kind)
    refused = refusal(whole[: len(whole) * 6 // 10])
    assert refused.code == "corrupt" and "damaged or incomplete" in refused.message


def test_an_ogg_cut_exactly_at_a_page_boundary_is_refused_as_damaged():
    whole = recordings.tone("opus")
    last_page = whole.rindex(b"OggS")
    assert refusal(whole[:last_page]).code == "corrupt"  # every page whole, but the stream never ends


def test_a_recording_longer_than_the_limit_is_refused():
    limits = Limits(max_bytes=LIMITS.max_bytes, max_pixels=1, max_files=1, max_audio_seconds=120)
    refused = refusal(recordings.tone("opus", seconds=125.0), limits)
    assert refused.code == "too_long" and "longer than 2 minutes" in refused.message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (lambda: recordings.tone("flac"), "FLAC"),
        (lambda: recordings.tone("ogg-flac"), "FLAC"),
        (lambda: recordings.tone("alac"), "Apple Lossless"),
        (lambda: b"#!AMR\n" + b"\x3c" * 200, "AMR"),
        (lambda: b"0&\xb2u\x8ef\xcf\x11\xa6\xd9\x00\xaa\x00b\xcel" + b"\x00" * 200, "Windows Media"),
        (lambda: b"FORM\x00\x00\x01\x00AIFFCOMM" + b"\x00" * 200, "AIFF"),
        (lambda: b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 200, "AAC recording without its M4A container"),
        (recordings.video, "a video"),
    ],
    ids=["flac", "ogg-flac", "alac", "amr", "wma", "aiff", "adts-aac", "mp4-video"],
)
def test_other_audio_formats_are_refused_by_name_saying_what_is_accepted(content, said):
    refused = refusal(content())
    assert refused.code == "wrong_type" and said in refused.message and ACCEPTED in refused.message


@pytest.mark.parametrize("kind", sorted(samples.EXECUTABLES))
def test_an_executable_renamed_mp3_is_refused(kind):
    refused = refusal(samples.EXECUTABLES[kind])
    assert refused.code == "wrong_type" and "a program" in refused.message


def test_an_mpeg_frame_header_with_nothing_after_it_is_refused_as_damaged():
    assert refusal(b"\xff\xfb\x90\x64" + b"\x00" * 20).code == "corrupt"


def test_without_ffmpeg_a_recording_is_refused_plainly_and_nothing_is_stored(settings):
    settings.EVIDENCE_FFMPEG = "/nonexistent/ffmpeg"
    refused = refusal(recordings.tagged("opus"))
    assert refused.code == "audio_unavailable" and "cannot be added on this server" in refused.message


@pytest.fixture
def opened(make_report):
    report, codename = make_report()
    return intake_actions.open_with_codename(codename)


def test_a_recording_is_stored_sealed_as_audio_and_opens_as_the_cleaned_sound(opened, evidence_storage_dir):
    item = actions.add_evidence(opened.report, opened.key, recordings.tagged("m4a"))
    raw = storage.read(item.storage_name)
    assert item.kind == EvidenceFile.Kind.AUDIO and b"ftyp" not in raw and recordings.NAME.encode() not in raw
    content_type, content = storage.open_sealed(actions._cipher(opened.key, item.pk), raw)
    assert content_type == M4A and content == clean(recordings.tagged("m4a"), LIMITS).content


@pytest.mark.parametrize(
    "content",
    [lambda: recordings.tagged("mp3")[:5000], lambda: b"", lambda: recordings.tone("flac"), lambda: samples.EXECUTABLES["linux"]],
    ids=["truncated", "empty", "flac", "executable"],
)
def test_a_refused_recording_leaves_no_row_and_no_file(opened, evidence_storage_dir, content):
    with pytest.raises(EvidenceRefused):
        actions.add_evidence(opened.report, opened.key, content())
    assert not EvidenceFile.objects.exists()
    assert not (evidence_storage_dir.exists() and any(p.is_file() for p in evidence_storage_dir.rglob("*")))


# Bytes hidden in a codec's own header survive ffmpeg's `-c copy`: the checks of what was written refuse them.
HIDDEN = b"MARIA LOPEZ GPS 51.5074,-0.1278"


def test_a_wav_whose_format_chunk_carries_more_than_pcm_needs_is_refused():
    cleaned = clean(recordings.tagged("wav"), LIMITS).content
    audio_structure.check_stored_wav(cleaned)
    _kind, start, length = audio_structure.wav_chunks(cleaned)[0]
    extension = len(HIDDEN).to_bytes(2, "little") + HIDDEN
    fmt = cleaned[start : start + 16] + extension
    body = b"WAVE" + b"fmt " + len(fmt).to_bytes(4, "little") + fmt + (b"\0" if len(fmt) & 1 else b"") + cleaned[start + length :]
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_wav(b"RIFF" + len(body).to_bytes(4, "little") + body)


def test_an_opus_identification_header_longer_than_its_channel_mapping_is_refused():
    cleaned = clean(recordings.tagged("opus"), LIMITS).content
    assert audio_structure.check_stored_ogg(cleaned) == "opus"
    count = cleaned[26]
    assert count == 1 and cleaned[27] == 19  # the first page holds the 19-byte header alone
    padded = cleaned[:27] + bytes([19 + len(HIDDEN)]) + cleaned[28 : 28 + 19] + HIDDEN + cleaned[28 + 19 :]
    with pytest.raises(audio_structure.NotClean):
        audio_structure.check_stored_ogg(padded)


@pytest.mark.parametrize("hidden", [b"", HIDDEN])
def test_an_aac_config_with_bytes_after_it_is_refused(hidden):
    cleaned = clean(recordings.tagged("m4a"), LIMITS).content
    at = cleaned.index(b"stsd") - 4
    stsd = cleaned[at + 8 : at + int.from_bytes(cleaned[at : at + 4], "big")]
    audio_structure._check_sample_description(stsd)  # what ffmpeg writes passes
    # The decoder-specific info (tag 5) made longer by the hidden bytes, and everything around it rebuilt to match.
    esds_at = stsd.index(b"esds") - 4
    data = stsd[esds_at + 12 :]
    _tag, es_body, es_end = audio_structure._descriptor(data, 0)
    at = es_body + 3  # ffmpeg writes no optional fields
    _tag, config_body, config_end = audio_structure._descriptor(data, at)
    _tag, info_body, info_end = audio_structure._descriptor(data, config_body + 13)

    def descriptor(tag, body):
        return bytes([tag, 0x80, 0x80, 0x80, len(body)])

    info = data[info_body:info_end] + hidden
    config = data[config_body : config_body + 13] + descriptor(5, info) + info
    es = data[es_body:at] + descriptor(4, config) + config + data[config_end:es_end]
    descriptors = descriptor(3, es) + es
    esds = (12 + len(descriptors)).to_bytes(4, "big") + b"esds" + stsd[esds_at + 8 : esds_at + 12] + descriptors
    entry = stsd[12:esds_at] + esds
    grown = stsd[:8] + (4 + len(entry)).to_bytes(4, "big") + entry
    if not hidden:  # the same rebuilding with nothing hidden passes: what is refused is the hidden bytes
        audio_structure._check_sample_description(grown)
        return
    with pytest.raises(audio_structure.NotClean):
        audio_structure._check_sample_description(grown)
