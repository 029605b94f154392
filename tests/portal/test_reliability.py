"""Faults and personal data: nothing half-written, notices retried, openings logged, drafts
deleted with their files."""

import datetime
import os
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone

from enrollment import wizard
from enrollment.applications import answers, services
from enrollment.models import AccessLog, Application, Document, Notice, StatusChange
from tools import factories
from tools.factories import make_application

from ..paths import ROOT


def files_under(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# --- A database error inside a move ---------------------------------------------------------


def test_a_database_error_inside_a_move_leaves_no_half_written_status(parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    with (
        mock.patch.object(StatusChange.objects, "create", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        services.application_verify(application=application, by=staff)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not application.history.filter(to_status="verified").exists()
    assert not Notice.objects.filter(
        status_change__application=application, status_change__to_status="verified"
    ).exists()


def test_a_database_error_while_submitting_leaves_the_draft_a_draft(parent, office):
    application = make_application(parent, office)
    with (
        mock.patch.object(StatusChange.objects, "create", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        services.application_submit(application=application, by=parent)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT and application.reference_number is None


# --- The mail server down -------------------------------------------------------------------


def test_when_the_mail_server_is_down_the_move_commits_and_the_notice_is_retried(
    parent, office, staff, django_capture_on_commit_callbacks
):
    application = make_application(parent, office, upto="submitted")
    Notice.objects.update(sent_at=timezone.now())  # the submission's own notice went out
    mail.outbox.clear()
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=ConnectionRefusedError("smtp down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.application_verify(application=application, by=staff)
    assert Application.objects.get(pk=application.pk).status == Application.Status.VERIFIED
    notice = Notice.objects.get(status_change__to_status="verified")
    assert notice.sent_at is None and notice.attempts == 1 and "smtp down" in notice.last_error
    assert notice.next_attempt_at > timezone.now()

    call_command("send_notices")  # not due yet: waits for its next attempt
    assert mail.outbox == []
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    call_command("send_notices")
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.attempts == 2
    assert len(mail.outbox) == 1 and "Documents verified" in mail.outbox[0].subject
    call_command("send_notices")
    assert len(mail.outbox) == 1  # never sent twice


# --- Two tabs submitting at once ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_submitting_from_two_tabs_at_the_same_moment_makes_one_submission():
    office = factories.make_office()
    factories.make_fee_schedule(region=office.region)
    parent = factories.make_user()
    application = make_application(parent, office)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            services.application_submit(application=application, by=parent)
            outcomes.append("submitted")
        except answers.ApplicationNotEditable:
            outcomes.append("already submitted")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already submitted", "submitted"]
    assert StatusChange.objects.filter(application=application, to_status="submitted").count() == 1


# --- Openings are logged --------------------------------------------------------------------


def test_each_staff_opening_is_logged_and_the_parents_own_are_not(client, parent, office, staff):
    application = make_application(parent, office, upto="submitted")
    client.force_login(staff)
    client.get(reverse("admin:enrollment_application_change", args=[application.pk]))
    client.get(reverse("enrollment:print_form", args=[application.public_id]))
    client.get(reverse("enrollment:document", args=[application.public_id, "register_child_page"]))
    client.force_login(parent)
    client.get(reverse("enrollment:print_form", args=[application.public_id]))
    client.get(reverse("enrollment:document", args=[application.public_id, "photo"]))
    log = list(AccessLog.objects.order_by("at").values_list("user__email", "action", "detail"))
    assert log == [
        ("counter@example.com", "opened", ""),
        ("counter@example.com", "printed", "form"),
        ("counter@example.com", "downloaded", "register_child_page"),
    ]


def test_staff_read_the_log_of_their_office_only(client, parent, office, staff):
    ours = make_application(parent, office, upto="submitted")
    theirs = make_application(
        factories.make_user(), factories.make_office("Another office"), upto="submitted"
    )
    supervisor = factories.make_supervisor()
    AccessLog.objects.create(user=supervisor, application=ours, action="opened")
    AccessLog.objects.create(user=supervisor, application=theirs, action="opened")
    client.force_login(staff)
    content = client.get(reverse("admin:enrollment_accesslog_changelist")).content.decode()
    assert ours.reference_number in content and theirs.reference_number not in content


# --- Deleting drafts ------------------------------------------------------------------------


def test_a_parent_deletes_a_draft_and_its_files(parent_client, parent, office, private_media_root):
    draft = make_application(parent, office, before=wizard.FeeStep)
    assert files_under(private_media_root)
    assert (
        parent_client.get(reverse("enrollment:delete_draft", args=[draft.public_id])).status_code
        == 200
    )
    response = parent_client.post(reverse("enrollment:delete_draft", args=[draft.public_id]))
    assert response["Location"] == reverse("enrollment:my_applications")
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Document.objects.exists()
    assert files_under(private_media_root) == []


def test_a_submitted_application_cannot_be_deleted(parent_client, parent, office):
    application = make_application(parent, office, upto="submitted")
    parent_client.post(reverse("enrollment:delete_draft", args=[application.public_id]))
    assert Application.objects.filter(pk=application.pk).exists()
    with pytest.raises(answers.ApplicationNotEditable):
        answers.application_delete_draft(application=application, by=parent)


def test_abandoned_drafts_are_purged_with_their_files(
    parent, office, private_media_root, settings, capsys
):
    settings.DRAFT_RETENTION_DAYS = 30
    old = make_application(parent, office, before=wizard.FeeStep)
    recent = make_application(parent, office, before=wizard.FeeStep)
    submitted_long_ago = make_application(parent, office, upto="submitted")
    long_ago = timezone.now() - datetime.timedelta(days=31)
    Application.objects.filter(pk__in=[old.pk, submitted_long_ago.pk]).update(updated_at=long_ago)
    old_files = [name for d in old.documents.all() for name in (d.file.name, d.thumbnail.name)]

    call_command("purge_abandoned_drafts", "--dry-run")
    assert "1 drafts" in capsys.readouterr().out and Application.objects.filter(pk=old.pk).exists()

    call_command("purge_abandoned_drafts")
    assert not Application.objects.filter(pk=old.pk).exists()
    assert Application.objects.filter(pk__in=[recent.pk, submitted_long_ago.pk]).count() == 2
    remaining = {str(p.relative_to(private_media_root)) for p in files_under(private_media_root)}
    assert not remaining & set(old_files)
    kept = [recent, submitted_long_ago]
    assert remaining == {
        name
        for application in kept
        for document in application.documents.all()
        for name in (document.file.name, document.thumbnail.name)
        if name
    }


# --- Uploads in object storage --------------------------------------------------------------


def test_uploads_go_to_s3_compatible_storage_when_the_environment_says_so():
    env = {
        "PATH": os.environ["PATH"],
        "UPLOAD_STORAGE": "s3",
        "S3_BUCKET": "uploads",
        "S3_ENDPOINT_URL": "https://minio.internal:9000",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    script = (
        "import django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth, s.endpoint_url)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "S3Storage",
        "uploads",
        "private",
        "True",
        "https://minio.internal:9000",
    ], result.stderr
