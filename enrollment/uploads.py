"""Checks on uploaded files, judged by their content, never by their name.

Documents may be JPEG, PNG or PDF. A PDF is opened with pypdf and refused when it cannot be read,
is encrypted, or carries active content (JavaScript, launch actions, attached files) that would
run or open on the office's computers. The card photo must be a JPEG or PNG portrait of at least
the card standard's size; it is made into the card photo itself (EXIF orientation applied,
centre-cropped and scaled to 358 x 441, metadata dropped, a JPEG under 40 KB) so that what the
office prints is exactly what the parent saw and confirmed.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from portal.limits import size_limit_text

from . import file_types
from .file_types import JPEG, PDF, PNG, TYPE_OF_EXTENSION

# GA 461 sets the social security card photo at 358 x 441 pixels; smaller cannot print sharply.
PHOTO_MIN_WIDTH = 358
PHOTO_MIN_HEIGHT = 441
PHOTO_MAX_BYTES = 40 * 1024  # what the card system accepts
# Tried in turn until the photo fits PHOTO_MAX_BYTES; a 358 x 441 JPEG of pure noise fits at 20.
PHOTO_QUALITIES = range(90, 0, -5)

# Previews on the parent's pages: a few KB each instead of a phone photo's megabytes.
THUMBNAIL_MAX_SIDE = 320
THUMBNAIL_QUALITY = 70

# Every dictionary and array reachable from the trailer counts as one. A scanned page takes about
# ten (page, resources, image, content stream, boxes) and a page of text from a word processor a
# few dozen, so a document of a hundred pages stays well inside; walking ten thousand takes about
# a tenth of a second, while a hostile file within the size limit could hold a million.
PDF_MAX_OBJECTS = 10_000

# Names that hold or run scripts: /JS in JavaScript and rendition actions, /JavaScript in the
# document's name tree, /XFA forms (whose XML carries scripts that Acrobat runs).
PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
PDF_ATTACHMENT_KEYS = {"/EmbeddedFiles", "/EF"}

PDF_REFUSALS = {
    "pdf_unreadable": gettext_lazy(
        "%(document)s: the PDF could not be opened. It may be damaged or incomplete: save or scan "
        "it again and upload the new file"
    ),
    "pdf_encrypted": gettext_lazy(
        "%(document)s: the PDF is protected with a password. Save a copy without the password "
        "and upload it"
    ),
    "pdf_javascript": gettext_lazy(
        "%(document)s: the PDF must not contain scripts (JavaScript). Print it to a new PDF or "
        "scan the paper copy, and upload that"
    ),
    "pdf_launch_action": gettext_lazy(
        "%(document)s: the PDF must not contain actions that start other programs. Print it to a "
        "new PDF or scan the paper copy, and upload that"
    ),
    "pdf_embedded_file": gettext_lazy(
        "%(document)s: the PDF must not have other files attached to it. Print it to a new PDF or "
        "scan the paper copy, and upload that"
    ),
    "pdf_too_complex": gettext_lazy(
        "%(document)s: the PDF is too complex to check. Print it to a new PDF or scan the paper "
        "copy, and upload that"
    ),
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed its checks, ready to store."""

    content: ContentFile
    original_name: str
    content_type: str
    width: int | None = None
    height: int | None = None
    thumbnail: ContentFile | None = None  # a small JPEG preview of an image; None for a PDF


def check_document(upload, *, document_name=None) -> CheckedUpload:
    """A scan for the office: JPEG, PNG or PDF, within the size limit, not a decompression bomb,
    and a PDF without a password or active content.

    `document_name` begins the PDF messages ("The child's page of the household register: ..."),
    so a parent uploading several files at once knows which one is meant.
    """
    data = read_within_limit(upload)
    content_type = file_types.sniff(data)
    if content_type not in (JPEG, PNG, PDF):
        raise ValidationError(_("The selected file must be a JPG, PNG or PDF"), code="file_type")
    _check_name_agrees(upload, content_type)
    width = height = thumbnail = None
    if content_type == PDF:
        _check_pdf(data, document_name or _("The selected file"))
    else:
        image = _decode_image(data, content_type)
        width, height = image.size
        thumbnail = make_thumbnail(image)
    return CheckedUpload(
        ContentFile(data), _display_name(upload), content_type, width, height, thumbnail
    )


def check_photo(upload, *, document_name=None) -> CheckedUpload:
    """A card photo: a JPEG or PNG portrait, large enough, made into the card photo: turned
    upright, centre-cropped to the card's proportions and scaled to exactly 358 x 441, a JPEG
    without metadata under PHOTO_MAX_BYTES (the quality lowered step by step until it fits).

    `document_name` is accepted so that forms call every checker alike; the photo's messages
    already say "the photo".
    """
    data = read_within_limit(upload)
    content_type = file_types.sniff(data)
    if content_type not in (JPEG, PNG):
        raise ValidationError(_("The photo must be a JPG or PNG"), code="file_type")
    _check_name_agrees(upload, content_type)
    image = ImageOps.exif_transpose(_decode_image(data, content_type))
    width, height = image.size
    if width < PHOTO_MIN_WIDTH or height < PHOTO_MIN_HEIGHT:
        raise ValidationError(
            _(
                "The photo must be at least %(min_width)d pixels wide and %(min_height)d pixels "
                "high; the selected photo is %(width)d by %(height)d"
            )
            % {
                "min_width": PHOTO_MIN_WIDTH,
                "min_height": PHOTO_MIN_HEIGHT,
                "width": width,
                "height": height,
            },
            code="photo_too_small",
        )
    if height <= width:
        raise ValidationError(
            _("The photo must be a portrait: taller than it is wide"), code="photo_orientation"
        )
    card_photo = ImageOps.fit(
        image.convert("RGB"), (PHOTO_MIN_WIDTH, PHOTO_MIN_HEIGHT), Image.Resampling.LANCZOS
    )
    for quality in PHOTO_QUALITIES:
        buffer = io.BytesIO()
        # Saving without exif= drops every metadata block, location included.
        card_photo.save(buffer, format="JPEG", quality=quality, optimize=True)
        if buffer.tell() <= PHOTO_MAX_BYTES:
            break
    return CheckedUpload(
        ContentFile(buffer.getvalue()),
        _display_name(upload),
        JPEG,
        *card_photo.size,
        make_thumbnail(card_photo),
    )


def make_thumbnail(image: Image.Image) -> ContentFile:
    """A preview of an image: upright, at most THUMBNAIL_MAX_SIDE pixels on its long side, a
    JPEG without metadata (a phone photo of 4032 x 3024 becomes about 10 KB)."""
    preview = ImageOps.exif_transpose(image)
    preview.thumbnail((THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE), Image.Resampling.LANCZOS)
    if preview.mode in ("RGBA", "LA", "PA") or "transparency" in preview.info:
        # A transparent PNG's see-through parts turn white, as on the page, not black.
        background = Image.new("RGB", preview.size, "white")
        background.paste(preview.convert("RGBA"), mask=preview.convert("RGBA").getchannel("A"))
        preview = background
    buffer = io.BytesIO()
    preview.convert("RGB").save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return ContentFile(buffer.getvalue())


def read_within_limit(upload) -> bytes:
    """The upload's bytes, reading no more than the size limit allows (a larger file is
    refused before it is read whole)."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large()
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large()
    if not data:
        raise ValidationError(_("The selected file is empty"), code="file_empty")
    return data


def _too_large() -> ValidationError:
    return ValidationError(
        _("The selected file must be smaller than %(limit)s") % {"limit": size_limit_text()},
        code="file_too_large",
    )


def _check_name_agrees(upload, content_type):
    """A file whose name says one type and whose content is another is refused: a parent picked
    the wrong file, or someone is disguising one. A name without an extension is judged by its
    content alone."""
    name = _display_name(upload)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not extension:
        return
    if extension not in TYPE_OF_EXTENSION:
        raise ValidationError(_("The selected file must be a JPG, PNG or PDF"), code="file_type")
    if TYPE_OF_EXTENSION[extension] != content_type:
        raise ValidationError(
            _(
                "The selected file's name ends in .%(extension)s but the file is a %(kind)s: "
                "choose the file again, or rename it"
            )
            % {"extension": extension, "kind": file_types.NAME[content_type]},
            code="file_name_mismatch",
        )


def _check_pdf(data: bytes, document: str) -> None:
    """Open the PDF and refuse it if it cannot be read, is encrypted, has no pages, or carries
    active content anywhere in the objects reachable from its trailer."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Even with an empty user password, which viewers open without asking: the owner
            # password can still forbid the printing and copying the office needs, and the
            # office's virus scanner cannot look inside the encrypted streams.
            raise _pdf_refusal("pdf_encrypted", document)
        problem = _pdf_active_content(reader.trailer)
        if problem:
            raise _pdf_refusal(problem, document)
        if len(reader.pages) == 0:
            raise _pdf_refusal("pdf_unreadable", document)
    except ValidationError:
        raise
    except Exception as error:
        # pypdf reads the objects lazily and, on a malformed file, raises its own errors and
        # whatever the parser meets on the way (ValueError, KeyError, RecursionError...): any of
        # them means the file is not a PDF the office can open.
        raise _pdf_refusal("pdf_unreadable", document) from error


def _pdf_active_content(trailer: DictionaryObject) -> str | None:
    """The refusal code for the first active content found from the trailer, or None.

    Walks with an explicit stack and a set of the indirect objects already seen, so reference
    cycles end and deep nesting cannot exhaust Python's stack. Objects inside object streams are
    reached like any other, and pypdf has already decoded hex-escaped names (/J#53 is /JS), which
    a scan of the raw bytes would miss.
    """
    seen = set()
    stack = [trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if not isinstance(node, (DictionaryObject, ArrayObject)):
            continue
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return "pdf_too_complex"
        if isinstance(node, ArrayObject):
            stack.extend(node)
            continue
        problem = _pdf_dictionary_problem(node)
        if problem:
            return problem
        stack.extend(dict.values(node))
    return None


def _pdf_dictionary_problem(node: DictionaryObject) -> str | None:
    """The refusal code for active content in one dictionary (or stream), or None."""
    if PDF_SCRIPT_KEYS & node.keys():
        return "pdf_javascript"
    if PDF_ATTACHMENT_KEYS & node.keys():
        return "pdf_embedded_file"
    action, subtype, type_ = (_pdf_name(node, key) for key in ("/S", "/Subtype", "/Type"))
    if action == "/JavaScript":
        return "pdf_javascript"
    if action == "/Launch":
        return "pdf_launch_action"
    if subtype == "/FileAttachment" or type_ == "/EmbeddedFile":
        return "pdf_embedded_file"
    return None


def _pdf_name(node: DictionaryObject, key: str):
    """A dictionary entry resolved through any indirect reference, or None."""
    value = node.get(key)
    return value.get_object() if value is not None else None


def _pdf_refusal(code: str, document: str) -> ValidationError:
    """The refusal for a PDF problem, its message beginning with the document's name."""
    return ValidationError(PDF_REFUSALS[code] % {"document": document}, code=code)


def _decode_image(data: bytes, content_type: str) -> Image.Image:
    """Decode the whole image, refusing anything Pillow cannot read or that is too many pixels.

    Image.open reads only the header, so the pixel count is checked before any decoding; Pillow's
    own guard (Image.MAX_IMAGE_PIXELS, set from the same setting in apps.py) stays on as well.
    """
    unreadable = ValidationError(
        _("The selected file could not be read as an image: scan or photograph it again"),
        code="file_unreadable",
    )
    too_many_pixels = ValidationError(
        _("The selected image has too many pixels: scan it at a lower resolution"),
        code="image_too_many_pixels",
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                raise too_many_pixels
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if file_types.PILLOW_FORMATS.get(image.format) != content_type:
            raise unreadable
        image.load()
    except Image.DecompressionBombError as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error
    return image


def _display_name(upload) -> str:
    """The parent's file name for display only, without any folder part."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:255] or "upload"
