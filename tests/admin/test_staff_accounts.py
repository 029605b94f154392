"""Who may manage accounts in the admin: supervisors add office staff and manage their office
memberships and nothing more; only a superuser grants the Supervisors role or sets passwords.
Every limit is checked with the POST a hand-crafted request would send, not only the form."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from enrollment.models import StaffMembership
from enrollment.roles import OFFICE_STAFF, SUPERVISORS
from portal.models import User
from tools import factories
from tools.factories import PASSWORD, make_staff, make_supervisor, make_user

from ..pages import assert_redirects_to, soup, text

ADD_USER = reverse("admin:portal_user_add")


def user_url(user, view="change"):
    if view == "password_change":  # Django names it so whatever the user model
        return reverse("admin:auth_user_password_change", args=[user.pk])
    return reverse(f"admin:portal_user_{view}", args=[user.pk])


def crafted_account_fields(office):
    """Everything the stock user admin would accept, and more."""
    return {
        "email": "New.Clerk@Office.example",
        "first_name": "New",
        "last_name": "Clerk",
        "password1": "chosen by the supervisor 9",
        "password2": "chosen by the supervisor 9",
        "usable_password": "true",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [str(Group.objects.get(name=SUPERVISORS).pk)],
        "user_permissions": [str(Permission.objects.get(codename="review_all_offices").pk)],
        "staff_membership-TOTAL_FORMS": "1",
        "staff_membership-INITIAL_FORMS": "0",
        "staff_membership-MIN_NUM_FORMS": "0",
        "staff_membership-MAX_NUM_FORMS": "1",
        "staff_membership-0-office": str(office.pk),
        "_save": "Save",
    }


@pytest.fixture
def supervisor_client(client, db):
    supervisor = make_supervisor("lead@example.com")
    client.force_login(supervisor)
    client.supervisor = supervisor
    return client


def test_a_supervisor_adds_office_staff_who_choose_their_own_password(
    supervisor_client, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(ADD_USER, crafted_account_fields(office))
    assert response.status_code == 302, text(response)
    clerk = User.objects.get(email="new.clerk@office.example")
    # Django's user admin goes on to the new account's page whichever save button was used.
    assert response["Location"] == user_url(clerk)
    assert clerk.is_staff and clerk.is_active
    assert not clerk.is_superuser
    assert list(clerk.groups.values_list("name", flat=True)) == [OFFICE_STAFF]
    assert not clerk.user_permissions.exists()
    assert not clerk.check_password("chosen by the supervisor 9")
    assert StaffMembership.objects.get(user=clerk).office == office

    welcome = mail.outbox[-1]
    assert welcome.to == ["new.clerk@office.example"]
    link = re.search(r"http://127\.0\.0\.1:8000(/admin/password-reset/\S+/)", welcome.body)
    supervisor_client.logout()
    set_url = supervisor_client.get(link.group(1), follow=True).redirect_chain[-1][0]
    supervisor_client.post(
        set_url, {"new_password1": "the clerk's own 42", "new_password2": "the clerk's own 42"}
    )
    assert User.objects.get(pk=clerk.pk).check_password("the clerk's own 42")


def test_a_supervisor_cannot_raise_an_office_staff_account(supervisor_client, office):
    clerk = make_staff(office, "clerk@example.com")
    fields = crafted_account_fields(office)
    fields.update(
        {
            "email": "lead@example.com",
            "staff_membership-INITIAL_FORMS": "1",
            "staff_membership-0-id": str(clerk.staff_membership.pk),
            "staff_membership-0-user": str(clerk.pk),
        }
    )
    response = supervisor_client.post(user_url(clerk), fields)
    assert_redirects_to(response, reverse("admin:portal_user_changelist"))
    clerk.refresh_from_db()
    assert clerk.email == "clerk@example.com"
    assert not clerk.is_superuser
    assert list(clerk.groups.values_list("name", flat=True)) == [OFFICE_STAFF]
    assert not clerk.user_permissions.exists()
    assert clerk.check_password(PASSWORD)
    assert (clerk.first_name, clerk.last_name) == ("New", "Clerk")


def test_the_supervisors_forms_offer_no_role_permission_or_password(supervisor_client, office):
    clerk = make_staff(office, "clerk@example.com")
    for url in (ADD_USER, user_url(clerk)):
        page = supervisor_client.get(url).content.decode()
        for field in ("is_superuser", "groups", "user_permissions", "password1", "is_staff"):
            assert f'name="{field}"' not in page, (url, field)
        assert "/password/" not in page


def test_a_supervisor_cannot_set_anyones_password(supervisor_client, office):
    clerk = make_staff(office, "clerk@example.com")
    url = user_url(clerk, "password_change")
    assert supervisor_client.get(url).status_code == 403
    response = supervisor_client.post(
        url, {"password1": "taken over 12345", "password2": "taken over 12345"}
    )
    assert response.status_code == 403
    assert User.objects.get(pk=clerk.pk).check_password(PASSWORD)


def test_a_supervisor_cannot_see_or_change_parents_supervisors_or_superusers(
    supervisor_client, office
):
    parent = make_user("parent@example.com")
    other_supervisor = make_supervisor("other-lead@example.com")
    superuser = User.objects.create_superuser("root@example.com", PASSWORD)
    make_staff(office, "clerk@example.com")
    page = soup(supervisor_client.get(reverse("admin:portal_user_changelist")))
    listing = page.select_one("#result_list").get_text(" ")
    assert "clerk@example.com" in listing
    for user in (parent, other_supervisor, superuser, supervisor_client.supervisor):
        assert user.email not in listing
        for view in ("change", "password_change"):
            response = supervisor_client.get(user_url(user, view))
            assert response.status_code in (302, 403, 404), (user.email, view)
            if response.status_code == 302:
                # Django's answer for an account outside the queryset: the admin's index page.
                assert response["Location"] == reverse("admin:index"), (user.email, view)
        supervisor_client.post(user_url(user), {"first_name": "Changed", "is_active": ""})
        user.refresh_from_db()
        assert user.first_name != "Changed" and user.is_active


def test_a_supervisor_cannot_give_an_office_to_a_parent_or_to_themselves(supervisor_client, office):
    parent = make_user("parent@example.com")
    for user in (parent, supervisor_client.supervisor):
        response = supervisor_client.post(
            reverse("admin:enrollment_staffmembership_add"),
            {"user": str(user.pk), "office": str(office.pk), "_save": "Save"},
        )
        assert response.status_code == 200
        assert not StaffMembership.objects.filter(user=user).exists()


def test_a_supervisor_moves_a_member_of_staff_to_another_office(supervisor_client, office):
    clerk = make_staff(office, "clerk@example.com")
    other = factories.make_office("Another office")
    membership = clerk.staff_membership
    response = supervisor_client.post(
        reverse("admin:enrollment_staffmembership_change", args=[membership.pk]),
        {"user": str(clerk.pk), "office": str(other.pk), "_save": "Save"},
    )
    assert_redirects_to(response, reverse("admin:enrollment_staffmembership_changelist"))
    assert StaffMembership.objects.get(user=clerk).office == other


def test_only_a_superuser_grants_the_supervisors_role(client, db, office):
    root = User.objects.create_superuser("root@example.com", PASSWORD)
    clerk = make_staff(office, "clerk@example.com")
    client.force_login(root)
    page = client.get(user_url(clerk)).content.decode()
    assert 'name="groups"' in page and 'name="is_superuser"' in page
    response = client.post(
        user_url(clerk),
        {
            "email": "clerk@example.com",
            "first_name": "",
            "last_name": "",
            "language": "en",
            "is_active": "on",
            "is_staff": "on",
            "groups": [str(Group.objects.get(name=SUPERVISORS).pk)],
            "staff_membership-TOTAL_FORMS": "1",
            "staff_membership-INITIAL_FORMS": "1",
            "staff_membership-MIN_NUM_FORMS": "0",
            "staff_membership-MAX_NUM_FORMS": "1",
            "staff_membership-0-id": str(clerk.staff_membership.pk),
            "staff_membership-0-user": str(clerk.pk),
            "staff_membership-0-office": str(office.pk),
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "email_confirmed_at_0": "",
            "email_confirmed_at_1": "",
            "_save": "Save",
        },
    )
    assert_redirects_to(response, reverse("admin:portal_user_changelist"))
    assert list(User.objects.get(pk=clerk.pk).groups.values_list("name", flat=True)) == [
        SUPERVISORS
    ]


def test_an_address_in_use_is_refused_whatever_its_case(supervisor_client, office):
    make_staff(office, "clerk@example.com")
    fields = crafted_account_fields(office)
    fields["email"] = "CLERK@example.com"
    response = supervisor_client.post(ADD_USER, fields)
    assert response.status_code == 200
    assert "An account with this email address already exists" in text(response)
    assert User.objects.filter(email="clerk@example.com").count() == 1


def test_staff_reset_their_password_in_the_admins_look_and_parents_get_nothing(client, db):
    make_user("clerk@example.com", is_staff=True)
    make_user("parent@example.com")
    login_page = client.get(reverse("admin:login"))
    assert reverse("admin_password_reset") in login_page.content.decode()
    for email in ("parent@example.com", "Clerk@Example.com"):
        response = client.post(reverse("admin_password_reset"), {"email": email})
        assert response["Location"] == reverse("admin_password_reset_done")
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    assert "/admin/password-reset/" in mail.outbox[0].body


def test_a_supervisors_new_member_of_staff_needs_an_office(supervisor_client, office):
    fields = crafted_account_fields(office)
    fields["staff_membership-0-office"] = ""
    response = supervisor_client.post(ADD_USER, fields)
    assert response.status_code == 200
    assert not User.objects.filter(email="new.clerk@office.example").exists()
