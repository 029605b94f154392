"""Who may see and act on an application.

Parents reach only their own. Staff reach the submitted applications of the one community office
they belong to (StaffMembership). Supervisors reach every office's. Drafts stay the parent's own
until they are submitted. Whoever else than the parent opens an application or its files is
recorded (AccessLog).
"""

from dataclasses import dataclass

from .models import AccessLog, Application, InsuredChild, StaffMembership


def is_supervisor(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm("enrollment.review_all_offices"))
    )


def reviewer_office_id(user) -> int | None:
    """The office a member of staff reviews for, or None. Looked up once per request (the
    request's user object keeps it), as the admin asks many times while drawing one page."""
    if not (user.is_active and user.is_staff):
        return None
    if not hasattr(user, "_reviewer_office_id"):
        membership = StaffMembership.objects.filter(user=user).only("office_id").first()
        user._reviewer_office_id = membership.office_id if membership else None
    return user._reviewer_office_id


@dataclass(frozen=True)
class OfficeScope:
    """The offices whose work a user reaches: every office (a supervisor), one (a member of
    staff), or none (anyone else)."""

    every_office: bool
    office_id: int | None

    @property
    def reaches_any(self) -> bool:
        return self.every_office or self.office_id is not None

    def reaches(self, office_id) -> bool:
        return self.every_office or (self.office_id is not None and self.office_id == office_id)

    def filter(self, queryset, *, field="office_id"):
        """The rows of the queryset (by their office column, `field`) this scope reaches."""
        if self.every_office:
            return queryset
        if self.office_id is None:
            return queryset.none()
        return queryset.filter(**{field: self.office_id})


def office_scope(user) -> OfficeScope:
    """The one rule of who reaches which office: supervisors all, staff their own."""
    if is_supervisor(user):
        return OfficeScope(every_office=True, office_id=None)
    return OfficeScope(every_office=False, office_id=reviewer_office_id(user))


def applications_reviewable_by(user, queryset=None):
    """The applications a member of staff or a supervisor may open in the admin."""
    queryset = Application.objects.all() if queryset is None else queryset
    return office_scope(user).filter(queryset.exclude(status=Application.Status.DRAFT))


def may_review(user, application) -> bool:
    if application.status == Application.Status.DRAFT:
        return False
    return office_scope(user).reaches(application.office_id)


def insured_children_reviewable_by(user, queryset=None):
    """The children's records a member of staff (their office's) or a supervisor (all) may open."""
    queryset = InsuredChild.objects.all() if queryset is None else queryset
    return office_scope(user).filter(queryset)


def may_review_child(user, child) -> bool:
    return office_scope(user).reaches(child.office_id)


def may_see(user, application) -> bool:
    """Whether the user may see the application and its files: its owner, or its reviewers."""
    return application.owner_id == user.pk or may_review(user, application)


def record_access(*, user, application, action: str, detail: str = "") -> None:
    """Log an opening by anyone who is not the application's owner (staff, supervisors)."""
    if user.pk != application.owner_id:
        AccessLog.objects.create(user=user, application=application, action=action, detail=detail)
