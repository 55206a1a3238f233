"""Files are taken by their content and rewritten without metadata; everything else is refused with a reason."""

import io
from unittest import mock

import pikepdf
import pytest
from PIL import Image, ImageFile

from safereport.evidence.formats import JPEG, PDF, PNG, WEBP, EvidenceRefused, Limits
from safereport.evidence.stripping import clean

from . import samples

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000, max_files=10)
ACCEPTED = "JPEG, PNG or WebP"


def refusal(content: bytes, limits: Limits = LIMITS) -> EvidenceRefused:
    with pytest.raises(EvidenceRefused) as refused:
        clean(content, limits)
    return refused.value


def test_a_jpeg_with_gps_comes_back_with_no_exif_at_all_and_still_upright():
    cleaned = clean(samples.jpeg_with_gps(orientation=6), LIMITS)
    assert cleaned.content_type == JPEG
    image = Image.open(io.BytesIO(cleaned.content))
    assert len(image.getexif()) == 0 and image.getexif().get_ifd(0x8825) == {}
    assert "exif" not in image.info and "icc_profile" not in image.info and "xmp" not in image.info
    assert b"Exif" not in cleaned.content and samples.NAME.encode() not in cleaned.content
    # Turned as the camera said: 20 wide and 40 tall, the left (red) half now on top.
    assert image.size == (20, 40)
    top, bottom = image.convert("RGB").getpixel((10, 5)), image.convert("RGB").getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


def test_a_png_with_text_chunks_loses_them():
    cleaned = clean(samples.png_with_text(), LIMITS)
    assert cleaned.content_type == PNG
    image = Image.open(io.BytesIO(cleaned.content))
    assert not getattr(image, "text", {}) and samples.NAME.encode() not in cleaned.content
    assert image.getpixel((3, 3))[:3] == (0, 128, 0)


def test_a_webp_is_accepted_and_re_encoded():
    cleaned = clean(samples.webp(), LIMITS)
    assert cleaned.content_type == WEBP and Image.open(io.BytesIO(cleaned.content)).size == (16, 16)


def test_a_pdf_with_author_and_xmp_comes_back_without_them():
    original = samples.pdf_with_author()
    assert samples.NAME.encode() in original
    cleaned = clean(original, LIMITS)
    assert cleaned.content_type == PDF and cleaned.kind == "pdf"
    assert samples.NAME.encode() not in cleaned.content and b"MARIA-LAPTOP" not in cleaned.content
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root and len(pdf.pages) == 1


def _every_byte_of(content: bytes) -> bytes:
    """The PDF's objects and decoded streams as bytes: a name hidden in a compressed stream shows here too."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        parts = [repr(obj).encode() for obj in pdf.objects]
        parts += [obj.read_raw_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
    return b"".join(parts)


def test_a_photo_inside_a_pdf_loses_its_gps_and_owner_and_keeps_its_pixels():
    original = samples.pdf_with_photo_and_comment()
    assert samples.NAME.encode() in _every_byte_of(original) and b"Exif" in _every_byte_of(original)
    cleaned = clean(original, LIMITS)
    every = _every_byte_of(cleaned.content)
    assert b"Exif" not in every and samples.NAME.encode() not in every and b"PhoneMaker" not in every
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        stream = pdf.pages[0].Resources.XObject.Im0
        photo = Image.open(io.BytesIO(stream.read_raw_bytes()))
        assert len(photo.getexif()) == 0 and photo.getexif().get_ifd(0x8825) == {}
        # Not re-encoded: the same compressed pixels as the camera's.
        assert photo.tobytes() == Image.open(io.BytesIO(samples.jpeg_with_gps())).tobytes()


def test_a_comment_in_a_pdf_keeps_what_it_says_but_not_who_wrote_it_or_when():
    cleaned = clean(samples.pdf_with_photo_and_comment(), LIMITS)
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        (comment,) = pdf.pages[0].Annots
        assert str(comment.Contents) == "the bruise on her arm"
        assert not any(key in comment for key in ("/T", "/M", "/CreationDate", "/NM"))


def test_a_pdf_form_keeps_its_field_names():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T="date_of_incident",
            Rect=[0, 0, 10, 10],
            M="D:20261201",
        )
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([field]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
    out = io.BytesIO()
    pdf.save(out)
    cleaned = clean(out.getvalue(), LIMITS)
    with pikepdf.open(io.BytesIO(cleaned.content)) as opened:
        (kept,) = opened.pages[0].Annots
        assert str(kept.T) == "date_of_incident" and "/M" not in kept


@pytest.mark.parametrize("damage", [b"\xff\xd8\xff\xe1\xff\xff", b"\xff\xd8\xff\xdb\x00\x43", b"not a jpeg"])
def test_a_pdf_whose_picture_is_not_the_jpeg_it_claims_is_refused_as_damaged(damage):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    photo = pikepdf.Stream(pdf, damage)
    photo.Type, photo.Subtype, photo.Filter = pikepdf.Name.XObject, pikepdf.Name.Image, pikepdf.Name.DCTDecode
    photo.Width, photo.Height, photo.BitsPerComponent, photo.ColorSpace = 1, 1, 8, pikepdf.Name.DeviceGray
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=photo))
    out = io.BytesIO()
    pdf.save(out)
    assert refusal(out.getvalue()).code == "corrupt"


@pytest.mark.parametrize("content", [samples.pdf_with_javascript("open_action"), samples.pdf_with_javascript("names")])
def test_a_pdf_with_javascript_is_refused(content):
    refused = refusal(content)
    assert refused.code == "pdf_active_content" and "PDFs with scripts or attachments are not accepted" in refused.message


def test_a_pdf_with_an_attached_file_is_refused():
    assert refusal(samples.pdf_with_attachment()).code == "pdf_active_content"


@pytest.mark.parametrize("kind", sorted(samples.EXECUTABLES))
def test_an_executable_renamed_jpg_is_refused_naming_the_accepted_types(kind):
    refused = refusal(samples.EXECUTABLES[kind])
    assert refused.code == "wrong_type" and "a program" in refused.message and ACCEPTED in refused.message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (samples.SVG_WITH_SCRIPT, "SVG"),
        (samples.HEIC, "HEIC"),
        (samples.ZIP, "ZIP"),
        (samples.MP3, "an audio recording in a format other than MP3"),
        (b"just some text, not a file we take", "not a type we accept"),
    ],
)
def test_svg_heic_zip_audio_and_unknown_files_are_refused_saying_what_is_accepted(content, said):
    refused = refusal(content)
    assert refused.code == "wrong_type" and said in refused.message and ACCEPTED in refused.message


def test_a_decompression_bomb_is_refused_from_its_header_without_decoding_it():
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        refused = refusal(samples.png_declaring(20_000, 20_000))
    assert refused.code == "too_many_pixels" and "40 million pixels" in refused.message


def test_an_image_just_over_the_pixel_limit_is_refused_too():
    # Over the limit but under twice it, where Pillow only warns: the warning is a refusal here.
    assert refusal(samples.png_declaring(7_000, 7_000)).code == "too_many_pixels"


def test_a_truncated_jpeg_is_refused_as_damaged():
    whole = samples.jpeg_with_gps()
    assert refusal(whole[: len(whole) // 2]).code == "corrupt"


def test_a_truncated_pdf_is_refused_as_damaged():
    whole = samples.pdf_with_author()
    assert refusal(whole[: len(whole) // 2]).code == "corrupt"


def test_a_png_header_with_nothing_after_it_is_refused_as_damaged():
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 10).code == "corrupt"


def _box(kind: bytes, payload: bytes) -> bytes:
    return len(payload + kind + b"1234").to_bytes(4, "big") + kind + payload


def test_a_jpeg_2000_picture_keeps_only_the_boxes_a_decoder_needs():
    from safereport.evidence.pdf_images import NotAnImage, jpx_without_metadata

    signature, kinds = _box(b"jP  ", b"\r\n\x87\n"), _box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ")
    header, codestream = _box(b"jp2h", _box(b"ihdr", bytes(14))), _box(b"jp2c", b"\xff\x4f\xff\x51pixels")
    xml = _box(b"xml ", f"<creator>{samples.NAME}</creator>".encode())
    cleaned = jpx_without_metadata(signature + kinds + xml + header + _box(b"uuid", bytes(16) + b"GPS") + codestream)
    assert cleaned == signature + kinds + header + codestream
    assert jpx_without_metadata(b"\xff\x4f\xff\x51raw codestream") == b"\xff\x4f\xff\x51raw codestream"
    with pytest.raises(NotAnImage):
        jpx_without_metadata(signature + b"\x00\x00\x00\xffjp2c")
