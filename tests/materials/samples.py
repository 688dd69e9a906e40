"""Small but real files of every accepted kind, made in code, and the attack corpus built from them."""
from __future__ import annotations

import io
import struct
import zipfile

from PIL import Image


def pdf(text: str = "Slides", pages: int = 1) -> bytes:
    out = io.BytesIO()
    images = [Image.new("RGB", (120, 90), (30 + 40 * i % 200, 90, 160)) for i in range(pages)]
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], title=text)
    return out.getvalue()


def png(size=(64, 48), colour=(20, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg(size=(64, 48), colour=(200, 60, 20), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def jpeg_with_gps(size=(1200, 900)) -> bytes:
    """A photo carrying camera and GPS metadata, as phones write it."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"      # Make
    exif[0x0110] = "SecretPhone 12"  # Model
    exif[0x0112] = 6                 # Orientation: rotated
    gps = {1: "N", 2: (51.0, 10.0, 30.0), 3: "E", 4: (71.0, 26.0, 0.0)}
    exif[0x8825] = gps
    return jpeg(size, exif=exif.tobytes())


_OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptm": ("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
}


def ooxml(kind: str) -> bytes:
    part, content_type = _OOXML[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{part}"/></Relationships>'))
        archive.writestr(part, '<?xml version="1.0" encoding="UTF-8"?><root>Доклад</root>')
    return out.getvalue()


def odf(kind: str) -> bytes:
    mimetype = {"odt": "application/vnd.oasis.opendocument.text",
                "odp": "application/vnd.oasis.opendocument.presentation"}[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/></manifest:manifest>'),
            compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ole(stream_name: str) -> bytes:
    """A minimal OLE2 compound file (what .doc and .ppt are) with one stream of 4 KiB."""
    sector = 512
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    data_sectors = 8  # 4096 bytes: a regular stream, not in the mini stream
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)      # FAT sectors
    struct.pack_into("<I", header, 0x30, 1)      # first directory sector
    struct.pack_into("<I", header, 0x38, 4096)   # mini stream cut-off
    struct.pack_into("<I", header, 0x3C, end)    # first mini FAT sector
    struct.pack_into("<I", header, 0x44, end)    # first DIFAT sector
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [fat_sector, end] + [3 + i for i in range(data_sectors - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)

    def entry(name: str, kind: int, start: int, size: int, child: int = free) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, free, free, child)
        struct.pack_into("<II", raw, 116, start, size)
        return bytes(raw)

    directory = entry("Root Entry", 5, end, 0, child=1) + entry(stream_name, 2, 2, 4096)
    directory += b"\x00" * (sector - len(directory))
    return bytes(header) + fat_bytes + directory + b"\x42" * 4096


def doc() -> bytes:
    return ole("WordDocument")


def ppt() -> bytes:
    return ole("PowerPoint Document")


def mp4() -> bytes:
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    mdat = struct.pack(">I", 8 + 256) + b"mdat" + bytes(range(256))
    return ftyp + mdat


VALID = {
    "pdf": pdf, "png": png, "jpg": jpeg, "jpeg": jpeg, "mp4": mp4, "doc": doc, "ppt": ppt,
    "docx": lambda: ooxml("docx"), "pptx": lambda: ooxml("pptx"), "xlsx": lambda: ooxml("xlsx"),
    "odt": lambda: odf("odt"), "odp": lambda: odf("odp"),
}

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(document.domain)</script></svg>")


def attack_corpus() -> list[tuple[str, str, bytes]]:
    """(case id, file name, bytes): every one must be refused."""
    return [
        ("html-as-pdf", "slides.pdf", HTML),
        ("svg-as-png", "logo.png", SVG),
        ("svg-as-pdf", "report.pdf", SVG),
        ("html-as-docx", "report.docx", HTML),
        ("script-as-jpg", "photo.jpg", b"<script>alert(1)</script>"),
        ("bom-html-as-pdf", "page.pdf", b"\xef\xbb\xbf<html><script>alert(1)</script></html>"),
        ("png-as-pdf", "slides.pdf", png()),
        ("pdf-as-pptx", "deck.pptx", pdf()),
        ("docx-as-pptx", "deck.pptx", ooxml("docx")),
        ("xlsx-as-docx", "text.docx", ooxml("xlsx")),
        ("macro-pptm-as-pptx", "deck.pptx", ooxml("pptm")),
        ("odt-as-odp", "talk.odp", odf("odt")),
        ("plain-zip-as-docx", "text.docx", _zip_with("evil.html", HTML)),
        ("ppt-as-doc", "text.doc", ppt()),
        ("exe-as-doc", "text.doc", b"MZ\x90\x00" + b"\x00" * 200),
        ("elf-as-mp4", "video.mp4", b"\x7fELF" + b"\x00" * 200),
        ("html-extension", "page.html", HTML),
        ("svg-extension", "logo.svg", SVG),
        ("double-extension-html", "slides.pdf.html", HTML),
        ("double-extension-exe", "slides.pdf.exe", b"MZ" + b"\x00" * 100),
        ("double-extension-svg", "photo.jpg.svg", SVG),
        ("double-extension-disguised", "slides.html.pdf", HTML),
        ("no-extension", "README", pdf()),
        ("empty", "empty.pdf", b""),
        ("bidi-override", "evil\u202egpj.exe", b"MZ" + b"\x00" * 100),
    ]


def _zip_with(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()
