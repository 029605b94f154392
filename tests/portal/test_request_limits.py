"""Requests over the limits: the body as a whole, each uploaded file, the fields, a file name
Django cannot parse, and a form whose CSRF token has gone stale. Each gets a page in the site's
design and the reader's language that says what happened; nothing saved before is lost; an
oversized file is never written to disk in full."""

import collections
import io
import subprocess
import sys

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from enrollment import wizard
from enrollment.models import Document, HouseholdRegister
from portal.request_limits import CappedUploadHandler
from tools.factories import make_application, upload
from tools.fake import PDF_BYTES
from tools.http_parent import ROOT

from ..answers import register_answers, step_url
from ..pages import assert_field_error, field_value, soup, text

KB = 1024


@pytest.fixture
def small_limits(settings):
    settings.UPLOAD_MAX_BYTES = 50 * KB
    settings.REQUEST_MAX_BYTES = 200 * KB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * KB  # larger files go through a temporary file


@pytest.fixture
def at_register(parent, office):
    """A draft whose household register step was answered once already."""
    return make_application(parent, office, before=wizard.GuardianStep)


def in_site_design(response):
    page = soup(response)
    return page.select_one("header.site-header") is not None and page.find("h1") is not None


def test_a_body_over_the_limit_gets_the_too_large_page_and_nothing_saved_is_lost(
    parent_client, at_register, small_limits, private_media_root
):
    files_before = sorted(p.name for p in private_media_root.rglob("*") if p.is_file())
    response = parent_client.post(
        step_url(at_register, "household-register"),
        register_answers(
            address="Changed 1 Road",
            head_page=upload("head.pdf", PDF_BYTES + b"0" * (300 * KB)),
        ),
    )
    assert response.status_code == 413
    assert in_site_design(response)
    assert "The files you sent are too large" in text(response)
    assert "Each file must be smaller than 50.0 KB" in text(response)
    assert "Everything you saved before is kept" in text(response)
    register = HouseholdRegister.objects.get(application=at_register)
    assert register.address == "北京市东城区幸福路 8 号"
    assert sorted(p.name for p in private_media_root.rglob("*") if p.is_file()) == files_before
    page = parent_client.get(step_url(at_register, "household-register"))
    assert field_value(page, "id_address") == "北京市东城区幸福路 8 号"


def test_the_too_large_page_speaks_the_readers_language(parent, at_register, small_limits):
    browser = Client(headers={"Accept-Language": "zh-hans"})
    browser.force_login(parent)
    response = browser.post(
        step_url(at_register, "household-register"),
        register_answers(head_page=upload("head.pdf", PDF_BYTES + b"0" * (300 * KB))),
    )
    assert response.status_code == 413
    assert soup(response).html["lang"] == "zh-hans"
    assert "文件太大" in text(response)


def test_the_proxys_too_large_page_is_the_sites_own(client, db):
    response = client.get(reverse("request_too_large"))
    assert response.status_code == 413
    assert in_site_design(response)
    assert "Each file must be smaller than 5 MB" in text(response)


def test_a_file_over_the_limit_is_refused_beside_its_field_with_the_answers_kept(
    parent_client, at_register, small_limits, monkeypatch
):
    written = collections.Counter()
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(handler, raw_data, start):
        written[handler.field_name] += len(raw_data)
        return original(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    response = parent_client.post(
        step_url(at_register, "household-register"),
        register_answers(
            address="Changed 1 Road",
            head_page=upload("head.pdf", PDF_BYTES + b"0" * (150 * KB)),
        ),
    )
    assert_field_error(response, "id_head_page", "must be smaller than 50.0 KB")
    assert field_value(response, "id_address") == "Changed 1 Road"
    assert written["head_page"] == 50 * KB + 1, "only one byte past the limit reaches the disk"


def test_the_capped_handler_passes_on_one_byte_past_the_limit_and_swallows_the_rest(settings):
    settings.UPLOAD_MAX_BYTES = 10
    handler = CappedUploadHandler()
    handler.new_file("head_page", "head.pdf", "application/pdf", 100)
    passed = [handler.receive_data_chunk(b"x" * 6, 0) for _ in range(5)]
    assert passed == [b"x" * 6, b"x" * 5, None, None, None]
    assert handler.file_complete(30) is None
    handler.new_file("child_page", "child.pdf", "application/pdf", 4)
    assert handler.receive_data_chunk(b"abcd", 0) == b"abcd", "each file counts from zero"


def test_a_very_long_file_name_gets_a_page_that_says_so_and_keeps_saved_answers(
    parent_client, at_register
):
    scan = io.BytesIO(PDF_BYTES)
    scan.name = "扫描" * 5_000 + ".pdf"  # not an UploadedFile, which would cut it to 255
    response = parent_client.post(
        step_url(at_register, "household-register"),
        register_answers(address="Changed 1 Road", head_page=scan),
    )
    assert response.status_code == 400
    assert in_site_design(response)
    assert "a file whose name is very long" in text(response)
    assert "Everything you saved before is kept" in text(response)
    links = [a["href"] for a in soup(response).select("main a")]
    assert step_url(at_register, "household-register") in links
    assert HouseholdRegister.objects.get(application=at_register).address != "Changed 1 Road"
    assert Document.objects.filter(application=at_register).count() == 2


def test_too_many_fields_get_a_page_that_says_so(parent_client, at_register):
    answers = {f"field{number}": "x" for number in range(400)}
    response = parent_client.post(step_url(at_register, "guardian"), answers)
    assert response.status_code == 400
    assert in_site_design(response)
    assert "more answers or files than any page" in text(response)


def test_a_stale_form_gets_a_kind_page_in_the_sites_design(parent, at_register):
    browser = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    browser.force_login(parent)
    page = step_url(at_register, "guardian")
    response = browser.post(page, {"full_name": "王大明"}, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 403
    assert in_site_design(response)
    assert "The form was not sent" in text(response)
    assert "The page was open too long" in text(response)
    assert "Everything you saved before is kept" in text(response)
    assert f"http://testserver{page}" in [a["href"] for a in soup(response).select("main a")]

    chinese = Client(enforce_csrf_checks=True, headers={"Accept-Language": "zh-hans"})
    response = chinese.post(reverse("email_sign_in"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert soup(response).html["lang"] == "zh-hans"
    assert "表单没有发送成功" in text(response)
    assert "cookie" in text(response).lower(), "no cookie at all: say browsers must accept them"


def test_gunicorn_runs_with_the_projects_request_limits():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "portal.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    config = dict(
        line.split("=", 1) for line in result.stdout.replace(" ", "").splitlines() if "=" in line
    )
    assert config["limit_request_line"] == "4094"
    assert config["limit_request_fields"] == "50"
    assert config["limit_request_field_size"] == "8190"


def test_a_request_for_another_host_gets_the_400_page_not_a_server_error(db):
    response = Client(HTTP_HOST="evil.example", headers={"Accept-Language": "en"}).get("/")
    assert response.status_code == 400
    assert in_site_design(response)
