"""The record of who, other than the parent, opened an application or its files."""

from .models import AccessLog


def record_access(*, user, application, action: str, detail: str = "") -> None:
    """Log an opening by anyone who is not the application's owner (staff, supervisors)."""
    if user.pk != application.owner_id:
        AccessLog.objects.create(user=user, application=application, action=action, detail=detail)
