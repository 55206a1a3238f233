"""Pictures inside a PDF, without what their camera wrote into them: JPEG and JPEG 2000 streams, losslessly.

A photo pasted into a PDF keeps its own EXIF (GPS, the phone, the owner's name), XMP and IPTC, whatever the PDF's
own metadata says. Re-encoding would change the picture; instead the segments that only describe it are dropped
and the compressed pixels are kept byte for byte:

- JPEG (/DCTDecode): every APPn segment but APP0 (JFIF), APP2 (the ICC colour profile) and APP14 (Adobe: how to
  read CMYK colours), and every comment, wherever they sit in the file. EXIF and XMP are APP1, IPTC is APP13.
- JPEG 2000 (/JPXDecode) in a JP2 file: only the signature, file type, header and codestream boxes are kept (XML,
  UUID, intellectual property and URL boxes are dropped). A bare codestream carries no such boxes.

Anything that cannot be parsed is refused by the caller as a damaged file.
"""

from __future__ import annotations

import struct

# Kept: start of image and end of image aside, what a decoder needs and the three APPn that change the colours.
_KEEP_APP = {0xE0, 0xE2, 0xEE}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE


class NotAnImage(ValueError):
    """The stream is not the JPEG or JPEG 2000 its filter says."""


def jpeg_without_metadata(data: bytes) -> bytes:
    """The JPEG with its EXIF, XMP, IPTC, comments and other descriptive segments dropped, pixels untouched."""
    if data[:2] != b"\xff\xd8":
        raise NotAnImage("no JPEG start of image")
    out, position, size = bytearray(b"\xff\xd8"), 2, len(data)
    while position < size:
        if data[position] != 0xFF:
            raise NotAnImage("expected a marker")
        while position < size and data[position] == 0xFF:  # fill bytes before a marker
            position += 1
        if position >= size:
            raise NotAnImage("truncated marker")
        marker = data[position]
        position += 1
        if marker == _EOI:
            out += b"\xff\xd9"
            return bytes(out)
        if marker in _STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if position + 2 > size:
            raise NotAnImage("truncated segment")
        (length,) = struct.unpack(">H", data[position : position + 2])
        if length < 2 or position + length > size:
            raise NotAnImage("segment runs past the end")
        segment = data[position : position + length]
        position += length
        descriptive = (0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) or marker == _COM
        if not descriptive:
            out += bytes((0xFF, marker)) + segment
        if marker == _SOS:
            # Entropy-coded data up to the next marker: 0xFF 0x00 is a stuffed byte, 0xFF 0xD0-D7 a restart.
            start = position
            while position < size:
                if data[position] == 0xFF and position + 1 < size and data[position + 1] not in (0x00, *range(0xD0, 0xD8)):
                    if data[position + 1] == 0xFF:
                        position += 1
                        continue
                    break
                position += 1
            out += data[start:position]
    raise NotAnImage("no end of image")


# JP2 boxes a decoder needs: signature, file type, reader requirements, header (a superbox), codestream.
_JP2_KEEP = {b"jP  ", b"ftyp", b"rreq", b"jp2h", b"jp2c"}


def jpx_without_metadata(data: bytes) -> bytes:
    """A JP2 file with only the boxes a decoder needs; a bare JPEG 2000 codestream unchanged."""
    if data[:4] == b"\xff\x4f\xff\x51":
        return data  # a raw codestream: no boxes to carry metadata
    out, position, size = bytearray(), 0, len(data)
    while position < size:
        if position + 8 > size:
            raise NotAnImage("truncated box")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if length == 1:
            if position + 16 > size:
                raise NotAnImage("truncated box")
            (length,) = struct.unpack(">Q", data[position + 8 : position + 16])
            header = 16
        elif length == 0:
            length = size - position  # the last box runs to the end
        if length < header or position + length > size:
            raise NotAnImage("box runs past the end")
        if kind in _JP2_KEEP:
            out += data[position : position + length]
        position += length
    if not out.startswith(b"\x00\x00\x00\x0cjP  "):
        raise NotAnImage("no JP2 signature")
    return bytes(out)
