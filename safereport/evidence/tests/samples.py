"""Files made in the tests: photos with GPS tags, PNGs with text, PDFs with authors or scripts, and bad ones."""

import io
import struct
import zlib

import pikepdf
from PIL import Image
from PIL.PngImagePlugin import PngInfo

NAME = "Maria Lopez"
LATITUDE = (51.0, 30.0, 12.5)


def jpeg_with_gps(orientation: int = 6) -> bytes:
    """A 40x20 photo, red on the left and blue on the right, that its EXIF says to turn (6: 90° clockwise)."""
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = NAME  # Artist
    exif[0x8825] = {1: "N", 2: LATITUDE, 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngInfo()
    info.add_text("Author", NAME)
    info.add_itxt("Comment", f"taken at home by {NAME}")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 128, 0)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 20, 30)).save(out, "WEBP")
    return out.getvalue()


def pdf_with_author() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = NAME
    pdf.docinfo["/Creator"] = "Office on MARIA-LAPTOP"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [NAME]
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def pdf_with_photo_and_comment() -> bytes:
    """A page showing jpeg_with_gps() as it was taken (EXIF, GPS, the owner's name), and a comment by NAME."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    photo = pikepdf.Stream(pdf, jpeg_with_gps())
    photo.Type, photo.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    photo.Width, photo.Height, photo.BitsPerComponent = 40, 20, 8
    photo.ColorSpace, photo.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=photo))
    page.Contents = pdf.make_stream(b"q 80 0 0 40 10 10 cm /Im0 Do Q")
    comment = pikepdf.Dictionary(
        Subtype=pikepdf.Name.Text,  # no /Type: it is optional, and a page's /Annots makes it a comment all the same
        Rect=[10, 60, 30, 80],
        Contents="the bruise on her arm",
        T=NAME,
        M="D:20261201093000Z",
        CreationDate="D:20261201092900Z",
        NM="maria-laptop-0001",
    )
    page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(comment)]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_javascript(where: str = "open_action") -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
    if where == "open_action":
        pdf.Root.OpenAction = action
    else:
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), action])))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_attachment() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden notes")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims width x height pixels (a decompression bomb, as sent)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b"")


def photo(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "linux": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
}
SVG_WITH_SCRIPT = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 100
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100
