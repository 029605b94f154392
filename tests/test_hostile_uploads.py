"""Hostile uploads through the wizard: each refused with a clear message next to the field, the
step's other answers kept, and nothing written to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrollment.models import Document

from .factories import PDF_BYTES, image_bytes, make_application
from .pages import assert_field_error, field_value


def hostile_files(limit):
    return {
        # Nine million pixels in a few kilobytes, against a ceiling of one million in this test.
        "decompression bomb": (
            "scan.png",
            lambda: image_bytes(3000, 3000, "PNG", color=(0, 0, 0)),
            "The selected image has too many pixels",
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
        "empty file": ("scan.jpg", b"", "The selected file is empty"),
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
    }


@pytest.fixture
def at_register(parent, office):
    return make_application(parent, office, upto="child")


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
            "register_type": "urban",
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
    assert len(stored) == 1 and "evil" not in stored[0].name
    assert stored[0].resolve().is_relative_to(private_media_root.resolve())
