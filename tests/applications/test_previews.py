"""Upload previews: a small thumbnail made once on upload, served privately like the original."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from enrollment import uploads, wizard
from enrollment.applications import answers
from enrollment.models import Document
from tools import factories
from tools.factories import make_application
from tools.fake import PDF_BYTES, phone_photo_bytes


@pytest.fixture(scope="module")
def phone_photo():
    return phone_photo_bytes()


def thumbnail_url(application, kind):
    return reverse("enrollment:document", args=[application.public_id, kind]) + "?size=thumbnail"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_phone_photo_previews_as_a_thumbnail_of_a_few_kb(
    parent_client, parent, office, phone_photo
):
    application = make_application(parent, office, before=wizard.PhotoStep)
    factories.store_document(
        application,
        Document.Kind.REGISTER_HEAD_PAGE,
        factories.upload("IMG_0001.jpg", phone_photo, "image/jpeg"),
    )
    assert len(phone_photo) > 4_000_000

    response = parent_client.get(thumbnail_url(application, "register_head_page"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    preview = body(response)
    assert len(preview) < 30 * 1024
    assert Image.open(io.BytesIO(preview)).size == (320, 240)


def test_the_step_page_shows_the_thumbnail_and_links_the_original(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.GuardianStep)
    page = parent_client.get(
        reverse("enrollment:step", args=[application.public_id, "household-register"])
    ).content.decode()
    original = reverse("enrollment:document", args=[application.public_id, "register_head_page"])
    assert f'src="{original}?size=thumbnail"' in page
    assert f'href="{original}"' in page


def test_the_original_is_still_served_whole(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.GuardianStep)
    response = parent_client.get(
        reverse("enrollment:document", args=[application.public_id, "register_head_page"])
    )
    assert Image.open(io.BytesIO(body(response))).size == (800, 600)


def test_a_pdf_has_no_preview(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.PhotoStep)
    document = factories.store_document(
        application, Document.Kind.GUARDIAN_ID, factories.upload("id.pdf", PDF_BYTES)
    )
    assert not document.thumbnail
    assert parent_client.get(thumbnail_url(application, "guardian_id")).status_code == 404
    page = parent_client.get(reverse("enrollment:step", args=[application.public_id, "guardian"]))
    assert "size=thumbnail" not in page.content.decode()


def test_a_transparent_png_previews_on_white():
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = factories.upload("scan.png", buffer.getvalue())
    preview = Image.open(uploads.check_document(upload).thumbnail)
    assert preview.getpixel((10, 10)) == (255, 255, 255)


def test_an_image_stored_before_previews_gets_one_on_first_request(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.GuardianStep)
    document = Document.objects.get(application=application, kind="register_head_page")
    document.thumbnail.delete(save=True)

    first = parent_client.get(thumbnail_url(application, "register_head_page"))
    document.refresh_from_db()
    made = document.thumbnail.name
    second = parent_client.get(thumbnail_url(application, "register_head_page"))
    document.refresh_from_db()

    assert first.status_code == second.status_code == 200
    assert Image.open(io.BytesIO(body(first))).size == (320, 240)
    assert made and document.thumbnail.name == made


def test_replacing_or_deleting_a_document_removes_its_thumbnail(
    parent, office, django_capture_on_commit_callbacks
):
    application = make_application(parent, office, before=wizard.GuardianStep)
    old = Document.objects.get(application=application, kind="register_head_page")
    storage = old.thumbnail.storage
    with django_capture_on_commit_callbacks(execute=True):
        factories.store_document(application, Document.Kind.REGISTER_HEAD_PAGE)
    new = Document.objects.get(pk=old.pk)
    assert new.thumbnail.name != old.thumbnail.name
    assert not storage.exists(old.thumbnail.name)

    answers.application_delete_draft(application=application, by=parent)
    assert not storage.exists(new.thumbnail.name)
    assert not storage.exists(new.file.name)
