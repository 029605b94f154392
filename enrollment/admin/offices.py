"""Community offices and their staff accounts, for supervisors."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.admin import TamperedAddressGuard
from portal.forms import PlainMessagesModelForm
from portal.models import User

from ..models import (
    CommunityOffice,
    StaffMembership,
)
from .staff import StaffAccountAdmin, StaffMembershipAdmin

admin.site.register(User, StaffAccountAdmin)
admin.site.register(StaffMembership, StaffMembershipAdmin)


@admin.register(CommunityOffice)
class CommunityOfficeAdmin(TamperedAddressGuard, TranslationAdmin):
    """Name, address and opening hours in Chinese and English (enrollment/translation.py)."""

    form = PlainMessagesModelForm
    list_display = ["name", "region", "phone", "is_active"]
    list_filter = ["region", "is_active"]
    # Both languages: a lookup on the plain name would search the interface's language only.
    search_fields = ["name_zh_hans", "name_en", "address_zh_hans", "address_en"]
