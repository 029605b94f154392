"""The two staff roles as Django groups, kept in step with the code after every migrate.

Office staff review their own office's applications (through StaffMembership, not a permission)
and may read offices, fee schedules (with their history of changes) and subsidies. Supervisors
review every office and keep offices, staff, fee schedules, subsidies and the law texts current.
"""

from django.contrib.auth.models import Group, Permission

OFFICE_STAFF = "Office staff"
SUPERVISORS = "Supervisors"

_READ = [
    "view_communityoffice",
    "view_feeschedule",
    "view_subsidycategory",
    "view_feeschedulechange",
]
_MANAGE = [
    f"{action}_{model}"
    for model in ("communityoffice", "feeschedule", "subsidycategory", "staffmembership")
    for action in ("add", "change", "delete", "view")
]
ROLE_PERMISSIONS = {
    OFFICE_STAFF: {"enrollment": _READ},
    SUPERVISORS: {
        "enrollment": [
            *_MANAGE,
            "view_feeschedulechange",
            "view_application",
            "review_all_offices",
            "view_notice",
        ],
        "legal": [
            f"{action}_{model}"
            for model in ("law", "chapter", "article")
            for action in ("add", "change", "delete", "view")
        ],
        "portal": ["add_user", "change_user", "view_user", "view_accountmessage"],
    },
}


def ensure_roles(**kwargs):
    """post_migrate: create the groups and give them exactly the permissions above."""
    for name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for app_label, codenames in by_app.items()
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        ]
        group.permissions.set(permissions)
