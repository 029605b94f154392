"""The email a parent receives at each move of their application.

Sent only once the move's transaction has committed, in the parent's language, as plain text
with an HTML alternative. A failed send is logged and never undoes the move.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import StatusChange
from .summary import masked_id_number

logger = logging.getLogger(__name__)


def queue_status_notice(change: StatusChange) -> None:
    if change.from_status:  # opening a draft is not news to the parent
        change_id = change.pk
        transaction.on_commit(lambda: send_status_notice(change_id))


def send_status_notice(change_id: int) -> bool:
    """Send the notice of one move; True if the mail server took it."""
    change = StatusChange.objects.select_related(
        "application__owner", "application__office", "application__child"
    ).get(pk=change_id)
    application = change.application
    parent = application.owner
    context = {
        "change": change,
        "application": application,
        "office": application.office,
        "child_id_masked": masked_id_number(application.child.id_number),
        "status_url": settings.PORTAL_BASE_URL.rstrip("/")
        + reverse("enrollment:application", args=[application.public_id]),
    }
    with translation.override(parent.language):
        subject = render_to_string("enrollment/email/status_subject.txt", context).strip()
        body = render_to_string("enrollment/email/status.txt", context)
        html = render_to_string("enrollment/email/status.html", context)
    message = EmailMultiAlternatives(subject, body, to=[parent.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # the move stands whatever the mail server does
        logger.exception("Could not send the status notice %s to %s", change_id, parent.email)
        return False
    return True
