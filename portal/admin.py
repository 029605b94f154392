from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The user admin lives with the staff roles it enforces: enrollment/staff_admin.py.
admin.site.site_header = _("Child medical insurance enrollment: staff")
admin.site.site_title = _("Enrollment staff")
admin.site.index_title = _("Review and settings")
