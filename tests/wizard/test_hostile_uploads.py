"""Hostile uploads through the wizard: each refused with a clear message next to the field, the
step's other answers kept, and nothing written to disk."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from enrollment import uploads, wizard
from enrollment.models import Document
from tools.factories import make_application, upload
from tools.fake import PDF_BYTES, image_bytes, pdf_bytes

from ..pages import assert_field_error, field_value

HEAD_PAGE = "The head of household page of the household register"
CATALOG_OPENING_OBJECT_4 = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
ONE_PAGE_TREE = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]
JAVASCRIPT_WITH_HEX_ESCAPED_NAMES = b"<< /Type /Action /S /Java#53cript /J#53 (app.alert\\(1\\)) >>"
JAVASCRIPT_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.launchURL\\(1\\)) >>"
GO_TO_FIRST_PAGE = b"[3 0 R /Fit]"


def javascript_action(code):
    """An action that runs `code` as JavaScript when its trigger fires."""
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def add_document_javascript(writer):
    """JavaScript in the document's /Names tree, run when the file opens."""
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("open"), javascript_action("1")]
                    )
                }
            )
        }
    )


def add_page_open_javascript(writer):
    """JavaScript in the first page's additional actions, run when the page is shown."""
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): javascript_action("1")}
    )


def add_javascript_link(writer):
    """A link annotation whose action is JavaScript instead of a web address."""
    link = Link(rect=(50, 50, 200, 80), url="https://example.com")
    link[NameObject("/A")] = javascript_action("app.alert(1)")
    writer.add_annotation(0, link)


def add_launch_on_open(writer):
    """A catalog /OpenAction that starts a program when the file opens."""
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def add_file_attachment_annotation(writer):
    """A paper-clip annotation naming a file, without any /EmbeddedFiles tree."""
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
                NameObject("/FS"): TextStringObject("payload.exe"),
            }
        ),
    )


def add_objects_past_the_cap(writer):
    """One more empty array on the first page than the checker walks."""
    writer.pages[0][NameObject("/PieceInfo")] = ArrayObject(
        ArrayObject() for _ in range(uploads.PDF_MAX_OBJECTS + 1)
    )


def add_links_and_an_outline(writer):
    """What ordinary PDFs carry: a web link and a bookmark on each page."""
    for page in range(len(writer.pages)):
        writer.add_annotation(page, Link(rect=(50, 50, 200, 80), url="https://example.com"))
        writer.add_outline_item(title=f"Page {page + 1}", page_number=page)


def handwritten_pdf(object_4):
    """One page whose catalog runs object 4 on opening, written by hand with a classic
    cross-reference table, for PDF syntax pypdf's writer never produces."""
    return _pdf_file(
        b"%PDF-1.4\n", [CATALOG_OPENING_OBJECT_4, *ONE_PAGE_TREE, object_4], xref_stream=False
    )


def pdf_with_an_object_stream(object_4):
    """As handwritten_pdf, but object 4 is compressed inside an object stream (object 5) listed
    only by a cross-reference stream (object 6), as PDF 1.5 writers save: a scan of the raw bytes
    never sees what object 4 says."""
    header = b"4 0 "
    packed = zlib.compress(header + object_4)
    object_stream = (
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream"
    )
    data = _pdf_file(b"%PDF-1.5\n", [CATALOG_OPENING_OBJECT_4, *ONE_PAGE_TREE, None, object_stream])
    assert object_4 not in data
    return data


def _pdf_file(header, bodies, *, xref_stream=True):
    """Number the bodies from 1 and add the cross-reference section and trailer. A body of None
    is object 4 inside the object stream that follows it."""
    data = bytearray(header)
    offsets = {}
    for number, body in enumerate(bodies, start=1):
        if body is not None:
            offsets[number] = len(data)
            data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    size = len(bodies) + 1 + xref_stream
    start = len(data)
    if not xref_stream:
        data += b"xref\n0 %d\n0000000000 65535 f \n" % size
        data += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
        data += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % size
    else:
        offsets[size - 1] = start
        rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
        for number in range(1, size):
            in_stream = number not in offsets
            rows.append(
                struct.pack(">BIH", 2, number + 1, 0)
                if in_stream
                else struct.pack(">BIH", 1, offsets[number], 0)
            )
        table = b"".join(rows)
        data += (
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % (size - 1, size, len(table))
            + table
            + b"\nendstream\nendobj\n"
        )
    data += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(data)


def hostile_pdfs():
    """Files that start with %PDF- like any PDF: each with the code it is refused with and the
    message after the document's name."""
    return {
        "PDF with a password": (
            lambda: pdf_bytes(lambda writer: writer.encrypt(user_password="secret")),
            "pdf_encrypted",
            "the PDF is protected with a password. Save a copy without the password",
        ),
        "PDF encrypted with an empty password": (
            lambda: pdf_bytes(
                lambda writer: writer.encrypt(user_password="", owner_password="office")
            ),
            "pdf_encrypted",
            "the PDF is protected with a password",
        ),
        "PDF with document JavaScript": (
            lambda: pdf_bytes(add_document_javascript),
            "pdf_javascript",
            "the PDF must not contain scripts (JavaScript)",
        ),
        "PDF with JavaScript when a page opens": (
            lambda: pdf_bytes(add_page_open_javascript),
            "pdf_javascript",
            "the PDF must not contain scripts (JavaScript)",
        ),
        "PDF with a link that runs JavaScript": (
            lambda: pdf_bytes(add_javascript_link),
            "pdf_javascript",
            "the PDF must not contain scripts (JavaScript)",
        ),
        "PDF with JavaScript behind hex-escaped names": (
            lambda: handwritten_pdf(JAVASCRIPT_WITH_HEX_ESCAPED_NAMES),
            "pdf_javascript",
            "the PDF must not contain scripts (JavaScript)",
        ),
        "PDF with JavaScript compressed in an object stream": (
            lambda: pdf_with_an_object_stream(JAVASCRIPT_ACTION),
            "pdf_javascript",
            "the PDF must not contain scripts (JavaScript)",
        ),
        "PDF that launches a program when opened": (
            lambda: pdf_bytes(add_launch_on_open),
            "pdf_launch_action",
            "the PDF must not contain actions that start other programs",
        ),
        "PDF with an attached file": (
            lambda: pdf_bytes(lambda writer: writer.add_attachment("invoice.exe", b"MZ\x90\x00")),
            "pdf_embedded_file",
            "the PDF must not have other files attached to it",
        ),
        "PDF with a file-attachment annotation": (
            lambda: pdf_bytes(add_file_attachment_annotation),
            "pdf_embedded_file",
            "the PDF must not have other files attached to it",
        ),
        "PDF with more objects than are checked": (
            lambda: pdf_bytes(add_objects_past_the_cap),
            "pdf_too_complex",
            "the PDF is too complex to check",
        ),
        "PDF without pages": (
            lambda: pdf_bytes(pages=0),
            "pdf_unreadable",
            "the PDF could not be opened. It may be damaged or incomplete",
        ),
        "truncated PDF": (
            lambda: PDF_BYTES[: len(PDF_BYTES) // 2],
            "pdf_unreadable",
            "the PDF could not be opened",
        ),
        "garbage after the PDF signature": (
            lambda: b"%PDF-1.7\n" + b"\x00\xff not a PDF at all " * 50,
            "pdf_unreadable",
            "the PDF could not be opened",
        ),
    }


def hostile_files(limit):
    return {
        # Nine million pixels in a few kilobytes, against a ceiling of one million in this test.
        "decompression bomb": (
            "scan.png",
            lambda: image_bytes(3000, 3000, "PNG", color=(0, 0, 0)),
            "the selected image has too many pixels",
        ),
        "PNG named .pdf": (
            "scan.pdf",
            image_bytes(fmt="PNG"),
            "name ends in .pdf but the file is a PNG",
        ),
        "HTML named .jpg": (
            "scan.jpg",
            b"<html><body><script>alert(document.cookie)</script></body></html>",
            "must be a JPG, PNG or PDF",
        ),
        "SVG named .jpg": (
            "scan.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "must be a JPG, PNG or PDF",
        ),
        "empty file": ("scan.jpg", b"", "the selected file is empty"),
        "file over the limit": ("scan.pdf", PDF_BYTES + b"0" * (limit + 1), "must be smaller than"),
        "path-traversal name": (
            "../../../../tmp/owned.png",
            b"<?php system($_GET['c']); ?>",
            "must be a JPG, PNG or PDF",
        ),
        "executable named .pdf": (
            "scan.pdf",
            b"MZ\x90\x00\x03" + b"\x00" * 100,
            "must be a JPG, PNG or PDF",
        ),
        "polyglot JPEG with HTML after it": (
            "scan.jpg",
            b"\xff\xd8\xff<html><script>alert(1)</script>",
            "could not be read as an image",
        ),
        **{
            case: ("scan.pdf", content, f"{HEAD_PAGE}: {message}")
            for case, (content, _code, message) in hostile_pdfs().items()
        },
    }


@pytest.fixture
def at_register(parent, office):
    return make_application(parent, office, before=wizard.HouseholdRegisterStep)


def files_under(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.mark.parametrize(
    "case",
    [
        "decompression bomb",
        "PNG named .pdf",
        "HTML named .jpg",
        "SVG named .jpg",
        "empty file",
        "file over the limit",
        "path-traversal name",
        "executable named .pdf",
        "polyglot JPEG with HTML after it",
        *hostile_pdfs(),
    ],
)
def test_a_hostile_upload_is_refused_and_leaves_nothing_behind(
    parent_client, at_register, private_media_root, settings, tmp_path, case
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-temp")
    (tmp_path / "upload-temp").mkdir()
    name, content, message = hostile_files(settings.UPLOAD_MAX_BYTES)[case]
    content = content() if callable(content) else content
    before = files_under(private_media_root)
    response = parent_client.post(
        reverse("enrollment:step", args=[at_register.public_id, "household-register"]),
        {
            "register_number": "110001234",
            "register_type": "family",
            "address": "北京市东城区幸福路 8 号",
            "head_name": "王大明",
            "relationship_to_head": "child",
            "head_page": SimpleUploadedFile(name, content),
        },
    )
    assert_field_error(response, "id_head_page", message)
    assert field_value(response, "id_register_number") == "110001234"
    assert field_value(response, "id_address") == "北京市东城区幸福路 8 号"
    assert files_under(private_media_root) == before
    assert files_under(tmp_path / "upload-temp") == []
    assert not Document.objects.filter(application=at_register).exists()


def test_a_good_file_with_a_traversal_name_stays_inside_the_media_root_under_a_random_name(
    parent_client, at_register, private_media_root
):
    parent_client.post(
        reverse("enrollment:step", args=[at_register.public_id, "household-register"]),
        {
            "head_page": SimpleUploadedFile(
                "../../../../etc/cron.d/evil.png", image_bytes(fmt="PNG")
            )
        },
    )
    document = Document.objects.get(application=at_register, kind="register_head_page")
    assert document.original_name == "evil.png"
    stored = files_under(private_media_root)
    assert len(stored) == 2  # the scan and its preview
    for path in stored:
        assert "evil" not in path.name
        assert path.resolve().is_relative_to(private_media_root.resolve())


@pytest.mark.parametrize("case", list(hostile_pdfs()))
def test_each_kind_of_hostile_pdf_is_refused_with_its_own_code_and_the_documents_name(case):
    """Each refusal has a code of its own, and its message starts with the name it is given."""
    content, code, message = hostile_pdfs()[case]
    with pytest.raises(ValidationError) as error:
        uploads.check_document(
            upload("scan.pdf", content()), document_name="The birth medical certificate"
        )
    assert error.value.code == code
    assert error.value.messages[0].startswith(f"The birth medical certificate: {message}")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: PDF_BYTES, id="one blank page"),
        pytest.param(
            lambda: pdf_bytes(add_links_and_an_outline, pages=3), id="web links and an outline"
        ),
        pytest.param(
            lambda: pdf_with_an_object_stream(GO_TO_FIRST_PAGE),
            id="object stream and an open action that shows the first page",
        ),
    ],
)
def test_an_ordinary_pdf_is_accepted_and_stored(
    parent_client, at_register, private_media_root, content
):
    """Links, bookmarks and compressed objects are not active content."""
    parent_client.post(
        reverse("enrollment:step", args=[at_register.public_id, "household-register"]),
        {"head_page": SimpleUploadedFile("scan.pdf", content())},
    )
    document = Document.objects.get(application=at_register, kind="register_head_page")
    assert document.content_type == "application/pdf"
    assert len(files_under(private_media_root)) == 1
