import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from enrollment import uploads
from tools.factories import upload
from tools.fake import PDF_BYTES, image_bytes, pdf_bytes, phone_photo_bytes


def noisy_image_bytes(width, height, fmt) -> bytes:
    """An image that compresses badly (grain everywhere), the worst case for the size limit."""
    image = Image.merge("RGB", [Image.effect_noise((width, height), 64) for _ in range(3)])
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def test_documents_are_judged_by_content_and_a_name_saying_otherwise_is_refused():
    assert (
        uploads.check_document(upload("scan.PNG", image_bytes(fmt="PNG"))).content_type
        == "image/png"
    )
    assert uploads.check_document(upload("scan.jpeg", image_bytes())).content_type == "image/jpeg"
    assert uploads.check_document(upload("scan", PDF_BYTES)).content_type == "application/pdf"
    with pytest.raises(ValidationError, match=r"name ends in \.pdf but the file is a PNG"):
        uploads.check_document(upload("scan.pdf", image_bytes(fmt="PNG")))
    with pytest.raises(ValidationError, match="must be a JPG, PNG or PDF"):
        uploads.check_document(upload("scan.html", image_bytes(fmt="PNG")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (b"<html><script>alert(1)</script></html>", "must be a JPG, PNG or PDF"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "must be a JPG, PNG or PDF"),
        (b"GIF89a" + b"\x00" * 20, "must be a JPG, PNG or PDF"),
        (b"\xff\xd8\xff" + b"not really a jpeg", "could not be read as an image"),
        (b"\x89PNG\r\n\x1a\n" + b"truncated", "could not be read as an image"),
    ],
)
def test_bad_documents_are_refused_with_a_plain_message(content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_document(upload("scan", content))
    assert message in error.value.messages[0]


def test_a_pdf_refusal_without_a_document_name_speaks_of_the_selected_file():
    encrypted = pdf_bytes(lambda writer: writer.encrypt(user_password=""))
    with pytest.raises(ValidationError) as error:
        uploads.check_document(upload("scan.pdf", encrypted))
    assert error.value.messages == [
        "The selected file: the PDF is protected with a password. Save a copy without the "
        "password and upload it"
    ]


def test_every_checker_takes_the_documents_name_so_forms_call_them_alike():
    for checker, file in [
        (uploads.check_document, upload("scan.pdf", PDF_BYTES)),
        (uploads.check_photo, upload("photo.jpg", image_bytes())),
    ]:
        assert checker(file, document_name="The child's photo").original_name == file.name


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="must be smaller than 1 MB"):
        uploads.check_document(upload("big.pdf", PDF_BYTES + b"0" * (1024 * 1024)))


def test_a_decompression_bomb_is_refused_without_decoding_it(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    bomb = image_bytes(2000, 2000, "PNG", color=(0, 0, 0))  # a few KB, four million pixels
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="too many pixels"):
        uploads.check_document(upload("bomb.png", bomb))


def test_the_parents_file_name_is_kept_for_display_without_any_folder():
    checked = uploads.check_document(upload("../../etc/passwd.png", image_bytes(fmt="PNG")))
    assert checked.original_name == "passwd.png"
    checked = uploads.check_document(upload("C:\\Users\\me\\scan.png", image_bytes(fmt="PNG")))
    assert checked.original_name == "scan.png"


def test_a_photo_is_re_encoded_as_jpeg_without_metadata_and_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "Camera maker"
    sideways = image_bytes(500, 400, "JPEG", exif=exif.tobytes())
    checked = uploads.check_photo(upload("photo.jpg", sideways))
    stored = Image.open(io.BytesIO(checked.content.read()))
    assert stored.format == "JPEG"
    assert stored.size == (358, 441)
    assert not stored.getexif()
    assert (checked.width, checked.height) == (358, 441)


@pytest.mark.parametrize(
    "width, height, fmt",
    [
        (358, 441, "JPEG"),  # already the card's size
        (400, 500, "PNG"),  # a little large, nearly the card's proportions
        (3024, 4032, "JPEG"),  # a phone camera's portrait, 3:4
        (1080, 2400, "JPEG"),  # a tall phone screenshot
        (500, 501, "PNG"),  # nearly square
    ],
)
def test_a_photo_becomes_the_card_photo_358_by_441_under_40_kb(width, height, fmt):
    if (width, height) == (3024, 4032):
        content = Image.open(io.BytesIO(phone_photo_bytes())).rotate(90, expand=True)
        buffer = io.BytesIO()
        content.save(buffer, format="JPEG", quality=90)
        content = buffer.getvalue()
    else:
        content = noisy_image_bytes(width, height, fmt)
    checked = uploads.check_photo(upload(f"photo.{fmt.lower()}", content))
    stored = checked.content.read()
    assert len(stored) < 40 * 1024
    assert Image.open(io.BytesIO(stored)).format == "JPEG"
    assert Image.open(io.BytesIO(stored)).size == (358, 441)
    assert (checked.width, checked.height, checked.content_type) == (358, 441, "image/jpeg")


def test_the_card_photo_is_the_centre_of_the_upload():
    # A portrait wider than the card's proportions loses its sides (here 25 pixels each), so the
    # red bands down each edge are cut off and only the green middle is left.
    image = Image.new("RGB", (700, 801), (0, 160, 0))
    image.paste((200, 0, 0), (0, 0, 20, 801))
    image.paste((200, 0, 0), (680, 0, 700, 801))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    checked = uploads.check_photo(upload("photo.png", buffer.getvalue()))
    stored = Image.open(io.BytesIO(checked.content.read()))
    red, green, _ = stored.getpixel((2, 220))
    assert green > red


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PDF_BYTES, "The photo must be a JPG or PNG"),
        (
            image_bytes(300, 400),
            "at least 358 pixels wide and 441 pixels high; the selected photo is 300 by 400",
        ),
        (image_bytes(600, 500), "must be a portrait"),
        (b"", "The selected file is empty"),
    ],
)
def test_bad_photos_are_refused_with_a_plain_message(content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_photo(upload("photo.jpg", content))
    assert message in error.value.messages[0]
