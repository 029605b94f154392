"""Accounts and office memberships in the admin.

Superusers manage every account with Django's full user admin, and they alone grant the
Supervisors role. Supervisors add office staff and keep their names, whether they may sign in,
and which office they belong to, and nothing more: they never see parents' accounts, other
supervisors or superusers, never set a password, a permission or a group. The limits hold on the
server: the forms a supervisor gets have no other fields, and the queryset has no other accounts.
"""

import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import accounts, staff_two_factor
from portal.admin import TamperedAddressGuard
from portal.forms import PlainMessagesModelForm
from portal.models import User, normalize_email_address
from portal.phone_numbers import masked_phone_number

from ..models import StaffMembership
from ..roles import OFFICE_STAFF, SUPERVISORS


def office_staff_accounts(queryset=None):
    """The accounts a supervisor manages: staff who are neither superusers nor supervisors."""
    queryset = queryset if queryset is not None else User.objects.all()
    return queryset.filter(is_staff=True, is_superuser=False).exclude(groups__name=SUPERVISORS)


class StaffAccountCreationForm(PlainMessagesModelForm):
    """A supervisor's new member of staff: who they are; the password is theirs to choose."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def clean_email(self):
        email = normalize_email_address(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email


class StaffAccountChangeForm(PlainMessagesModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "is_active"]


class StaffMembershipInline(admin.StackedInline):
    model = StaffMembership
    form = PlainMessagesModelForm
    fields = ["office"]
    max_num = 1
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        """A supervisor's member of staff always has an office (they move them to another, or
        close the account); a superuser's account may be anyone's, a parent's included."""
        if not request.user.is_superuser:
            kwargs.update(min_num=1, validate_min=True, can_delete=False)
        return super().get_formset(request, obj, **kwargs)


class StaffAccountAdmin(TamperedAddressGuard, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "masked_phone", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "phone", "first_name", "last_name"]
    add_form_template = "admin/portal/user/add_form.html"
    inlines = [StaffMembershipInline]
    actions = ["reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "phone", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Important dates"),
            {"fields": ("last_login", "date_joined", "email_confirmed_at", "phone_confirmed_at")},
        ),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    supervisor_add_fieldsets = ((None, {"fields": ("email", "first_name", "last_name")}),)
    supervisor_fieldsets = (
        (None, {"fields": ("email", "first_name", "last_name", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.action(
        description=_("Reset the second factor (set up again at the next sign-in)"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        """For someone who lost their phone and recovery codes: never one's own, so that a
        stolen password and session cannot replace the second factor."""
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request,
                _("You cannot reset your own second factor: ask another supervisor."),
                messages.ERROR,
            )
        others = list(queryset.exclude(pk=request.user.pk))
        for user in others:
            staff_two_factor.reset_second_factor(user=user)
            self.log_change(request, user, "Reset the second factor")
        if others:
            self.message_user(
                request,
                ngettext(
                    "The second factor of %(count)d account is reset: its owner sets it up "
                    "again at their next sign-in.",
                    "The second factor of %(count)d accounts is reset: their owners set it up "
                    "again at their next sign-in.",
                    len(others),
                )
                % {"count": len(others)},
            )

    @admin.display(description=_("mobile number"), ordering="phone")
    def masked_phone(self, user):
        return masked_phone_number(user.phone) if user.phone else "-"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return office_staff_accounts(queryset)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ["is_active"]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.supervisor_fieldsets if obj else self.supervisor_add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["email", "last_login", "date_joined"] if obj else []

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = StaffAccountChangeForm if obj else StaffAccountCreationForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not change:
            obj.is_staff = True
            # Nobody knows this password; the new member of staff chooses theirs by the link.
            obj.set_password(secrets.token_urlsafe(32))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser and not change:
            user = form.instance
            user.groups.set([Group.objects.get(name=OFFICE_STAFF)])
            transaction.on_commit(lambda: accounts.send_staff_welcome(user=user))

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class StaffMembershipAdmin(TamperedAddressGuard, admin.ModelAdmin):
    form = PlainMessagesModelForm
    list_display = ["user", "office"]
    list_filter = ["office"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__in=office_staff_accounts())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                User.objects.filter(is_staff=True)
                if request.user.is_superuser
                else office_staff_accounts()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
