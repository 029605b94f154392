"""A parent reaches only their own applications and files. The URLs are listed from the URLconf,
so a new URL that takes an application cannot be left out."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from enrollment import wizard
from enrollment.models import Application, Document
from tools import factories
from tools.factories import make_application

from ..pages import assert_redirects_to, sign_in_url

STEP_IDS = [step.identifier for step in wizard.STEPS]


def application_url_names():
    resolver = get_resolver()
    namespace = resolver.namespace_dict["enrollment"][1]
    return sorted(
        f"enrollment:{p.name}"
        for p in namespace.url_patterns
        if isinstance(p, URLPattern)
        and "public_id" in p.pattern.converters
        and str(p.pattern).startswith("applications/")  # children/ takes a child's id
    )


def urls_for(application):
    urls = []
    for name in application_url_names():
        pattern = reverse(name, kwargs=_sample_kwargs(name, application))
        urls.append(pattern)
        if name == "enrollment:step":
            urls += [
                reverse(name, kwargs={"public_id": application.public_id, "step_id": s})
                for s in STEP_IDS
            ]
    return urls


def _sample_kwargs(name, application):
    kwargs = {"public_id": application.public_id}
    if name == "enrollment:step":
        kwargs["step_id"] = wizard.ChildStep.identifier
    if name == "enrollment:document":
        kwargs["kind"] = Document.Kind.REGISTER_HEAD_PAGE
    return kwargs


def test_the_list_of_application_urls_is_complete():
    assert application_url_names() == [
        "enrollment:application",
        "enrollment:check",
        "enrollment:confirmation",
        "enrollment:declaration",
        "enrollment:delete_draft",
        "enrollment:document",
        "enrollment:print_checklist",
        "enrollment:print_form",
        "enrollment:step",
        "enrollment:withdraw",
    ]


@pytest.fixture(params=["draft", "submitted"])
def someone_elses_application(request, other_parent, office):
    upto = None if request.param == "draft" else "submitted"
    return make_application(other_parent, office, upto=upto)


def test_parent_cannot_open_or_change_other_parents_application(
    parent_client, someone_elses_application
):
    before = Application.objects.get(pk=someone_elses_application.pk)
    for url in urls_for(someone_elses_application):
        assert parent_client.get(url).status_code == 404, url
        response = parent_client.post(
            url, {"full_name": "Intruder", "confirmed": "on", "office": before.office_id}
        )
        assert response.status_code in (404, 405), url
    after = Application.objects.get(pk=someone_elses_application.pk)
    assert (after.status, after.child.full_name, after.reference_number) == (
        before.status,
        before.child.full_name,
        before.reference_number,
    )


def test_parent_cannot_download_another_parents_files(parent_client, someone_elses_application):
    for document in someone_elses_application.documents.all():
        url = reverse(
            "enrollment:document", args=[someone_elses_application.public_id, document.kind]
        )
        assert parent_client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, someone_elses_application):
    for url in urls_for(someone_elses_application) + [
        reverse("enrollment:my_applications"),
        reverse("enrollment:new"),
    ]:
        assert_redirects_to(client.get(url), sign_in_url(url))


def test_the_owner_downloads_a_document_privately(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.FeeStep)
    response = parent_client.get(
        reverse("enrollment:document", args=[application.public_id, "photo"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_document_not_uploaded_is_not_found(parent_client, parent, office):
    application = make_application(parent, office, before=wizard.PhotoStep)
    assert (
        parent_client.get(
            reverse("enrollment:document", args=[application.public_id, "guardian_id"])
        ).status_code
        == 404
    )
    assert (
        parent_client.get(
            reverse("enrollment:document", args=[application.public_id, "passport"])
        ).status_code
        == 404
    )


def test_media_files_have_no_public_url(client, parent, office, settings):
    application = make_application(parent, office, before=wizard.FeeStep)
    document = application.documents.get(kind="photo")
    for url in [
        f"/media/{document.file.name}",
        f"/{document.file.name}",
        f"/static/{document.file.name}",
    ]:
        assert client.get(url).status_code == 404


def test_my_applications_shows_only_the_parents_own(parent_client, parent, other_parent, office):
    mine = make_application(parent, office, upto="submitted")
    theirs = make_application(other_parent, office, upto="submitted")
    content = parent_client.get(reverse("enrollment:my_applications")).content.decode()
    assert mine.reference_number in content
    assert theirs.reference_number not in content


def test_a_parent_cannot_submit_another_parents_draft_by_guessing_its_address(
    parent_client, other_parent, office
):
    theirs = make_application(other_parent, office)
    url = reverse("enrollment:declaration", args=[theirs.public_id])
    assert parent_client.post(url, {"confirmed": "on"}).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == Application.Status.DRAFT


def test_application_addresses_are_not_guessable(parent, office):
    first = make_application(parent, office, before=wizard.ChildStep)
    second = make_application(parent, office, before=wizard.ChildStep)
    assert (
        reverse("enrollment:application", args=[first.public_id])
        == f"/applications/{first.public_id}/"
    )
    assert first.public_id.version == 4 and first.public_id != second.public_id


def test_unknown_application_is_not_found(parent_client):
    assert (
        parent_client.get("/applications/00000000-0000-4000-8000-000000000000/").status_code == 404
    )


def test_staff_cannot_read_applications_through_the_parent_pages(client, office, other_parent):
    staff = factories.make_user("staff@example.com", is_staff=True)
    client.force_login(staff)
    theirs = make_application(other_parent, office, upto="submitted")
    assert client.get(reverse("enrollment:application", args=[theirs.public_id])).status_code == 404
