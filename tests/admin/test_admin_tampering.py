"""Tampered addresses in the staff admin never cause a server error, on SQLite or PostgreSQL,
and never show office staff another office's application.

Every changelist of ours (enrollment, legal, portal) answers a tampered value of every parameter
it reads with a list, perhaps empty, or with Django's redirect to the full list (`?e=1`), which
then says the address was not understood. The changelists and their parameters come from
`admin.site._registry` and the filters each admin builds, so a new admin or a new filter is
covered without editing this file. The by-reference, change and move addresses and the
autocomplete search answer tampered references, ids and terms the same way."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin import FieldListFilter
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from enrollment import access
from enrollment.models import AccessLog, Application
from legal import loader
from portal.models import User
from tools import factories
from tools.factories import make_application, make_staff, make_supervisor

from ..pages import soup, text

OUR_APPS = {"enrollment", "legal", "portal"}
UNKNOWN_PARAMETER = "not_a_parameter"
TAMPERED = [
    "xxx",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999",
    "1.5",
    "' OR 1=1 --",
    "%",
    "\\",
    "x" * 5000,
    "2026-02-30",
    "",
    "9999",  # a year at the end of the calendar, where a date hierarchy's range would end after it
]
NOT_UNDERSTOOD = "could not be understood"
CHANGELIST = "admin:enrollment_application_changelist"


def our_admins():
    """(model admin, role) for every changelist of ours, with the people who use it."""
    pairs = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        if model._meta.app_label not in OUR_APPS:
            continue
        if model in (Application, AccessLog):
            roles = ["office_staff"]
        elif model is User:
            roles = ["supervisor", "superuser"]
        else:
            roles = ["supervisor"]
        pairs += [
            pytest.param(model_admin, role, id=f"{model._meta.label_lower}-{role}")
            for role in roles
        ]
    return pairs


def filter_parameters(model_admin, request):
    """Every parameter the changelist's filters read. The filters are built as the changelist
    builds them, but all of them: the changelist keeps only those that show (the office filter
    is hidden from office staff, a related filter with one choice from everyone), and a hidden
    filter still takes its parameters out of the address."""
    model = model_admin.model
    parameters = []
    for list_filter in model_admin.get_list_filter(request):
        if callable(list_filter):
            spec = list_filter(request, {}, model, model_admin)
        else:
            field_path, filter_class = (
                list_filter
                if isinstance(list_filter, (list, tuple))
                else (list_filter, FieldListFilter.create)
            )
            field = get_fields_from_path(model, field_path)[-1]
            spec = filter_class(field, request, {}, model, model_admin, field_path=field_path)
        parameters += spec.expected_parameters()
    return parameters


def changelist_parameters(model_admin, user):
    """The filters' parameters, the date hierarchy's, Django's own, and one it does not know."""
    request = RequestFactory().get("/")
    request.user = user
    parameters = filter_parameters(model_admin, request)
    if model_admin.date_hierarchy:
        parameters += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    parameters += [
        SEARCH_VAR,
        ORDER_VAR,
        PAGE_VAR,
        ALL_VAR,
        ERROR_FLAG,
        IS_FACETS_VAR,
        IS_POPUP_VAR,
        TO_FIELD_VAR,
        UNKNOWN_PARAMETER,
    ]
    return list(dict.fromkeys(parameters))


@pytest.fixture
def site(db):
    """Two offices with an application each, every role, access-log rows and the law texts."""
    office = factories.make_office("The office")
    factories.make_fee_schedule(region=office.region)
    other_office = factories.make_office("Another office", region="Other District")
    factories.make_fee_schedule(region=other_office.region)
    ours = make_application(office=office, upto="submitted")
    theirs = make_application(office=other_office, upto="submitted")
    theirs.child.full_name = "赵另一"
    theirs.child.save()
    users = {
        "office_staff": make_staff(office, "office-staff@example.com"),
        "supervisor": make_supervisor("supervisor@example.com"),
        "superuser": factories.make_user("root@example.com", is_staff=True, is_superuser=True),
    }
    access.record_access(
        user=users["office_staff"], application=ours, action=AccessLog.Action.OPENED
    )
    access.record_access(
        user=users["supervisor"], application=theirs, action=AccessLog.Action.OPENED
    )
    loader.load_files()
    return ours, theirs, users


def signed_in(user):
    browser = Client(headers={"Accept-Language": "en"})
    browser.force_login(user)
    return browser


def shown_rows(response):
    table = soup(response).select_one("#result_list")
    return table.get_text(" ") if table else ""


def messages_shown(response):
    return [" ".join(li.get_text().split()) for li in soup(response).select("ul.messagelist li")]


def shows_theirs(response, theirs):
    rows = shown_rows(response)
    return theirs.reference_number in rows or theirs.child.full_name in rows


def short(value):
    return repr(value if len(value) <= 30 else value[:30] + "…")


@pytest.mark.parametrize(("model_admin", "role"), our_admins())
def test_every_changelist_answers_tampered_parameters_with_a_list(site, model_admin, role):
    ours, theirs, users = site
    browser = signed_in(users[role])
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    untampered = browser.get(url)
    assert untampered.status_code == 200
    if role == "office_staff":
        assert ours.reference_number in shown_rows(untampered)
        assert not shows_theirs(untampered, theirs)
    values = TAMPERED + [str(theirs.pk), str(theirs.office_id), theirs.reference_number]
    parameters = changelist_parameters(model_admin, users[role])
    checked, wrong = 0, []
    for parameter in parameters:
        for value in values:
            checked += 1
            where = f"{parameter}={short(value)}"
            try:
                response = browser.get(url, {parameter: value})
            except Exception as error:  # every server error is reported, not only the first
                wrong.append(f"{where}: {type(error).__name__}: {str(error)[:120]}")
                continue
            if response.status_code == 200:
                if role == "office_staff" and shows_theirs(response, theirs):
                    wrong.append(f"{where}: shows another office's application")
            elif response.status_code == 302:
                if response["Location"] != f"{url}?{ERROR_FLAG}=1":
                    wrong.append(f"{where}: sent to {response['Location']}")
            elif not (response.status_code == 400 and parameter == TO_FIELD_VAR):
                # Django answers a tampered popup field reference as a suspicious operation.
                wrong.append(f"{where}: HTTP {response.status_code}")
    assert not wrong, f"{len(wrong)} of {checked} answers wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("model_admin", "role"), our_admins())
def test_a_list_reached_through_an_address_it_could_not_read_says_so(site, model_admin, role):
    ours, theirs, users = site
    browser = signed_in(users[role])
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    redirected = browser.get(url, {UNKNOWN_PARAMETER: "xxx"})
    assert redirected["Location"] == f"{url}?{ERROR_FLAG}=1"
    full_list = browser.get(redirected["Location"])
    assert full_list.status_code == 200
    assert any(NOT_UNDERSTOOD in message for message in messages_shown(full_list))
    assert not any(NOT_UNDERSTOOD in message for message in messages_shown(browser.get(url)))


def test_an_unknown_category_shows_the_full_list_with_a_message(site):
    ours, theirs, users = site
    browser = signed_in(users["office_staff"])
    url = reverse(CHANGELIST)
    response = browser.get(url, {"category": "xxx"}, follow=True)
    assert response.redirect_chain == [(f"{url}?{ERROR_FLAG}=1", 302)]
    assert ours.reference_number in shown_rows(response)
    assert any(NOT_UNDERSTOOD in message for message in messages_shown(response))


@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
@pytest.mark.parametrize("parameter", ["status__exact", "q", "category", "submitted_at__gte"])
def test_a_nul_byte_in_the_address_shows_the_full_list_with_a_message(site, parameter, value):
    ours, theirs, users = site
    browser = signed_in(users["office_staff"])
    url = reverse(CHANGELIST)
    response = browser.get(url, {parameter: value}, follow=True)
    assert response.status_code == 200
    assert ours.reference_number in shown_rows(response)
    assert not shows_theirs(response, theirs)
    assert "\x00" not in response.content.decode()


def by_reference_url(reference):
    """The address as a hand or a doctored QR code could write it, whatever the reference holds."""
    return reverse("admin:enrollment_application_by_reference", args=["REFERENCE"]).replace(
        "REFERENCE", quote(reference, safe="")
    )


@pytest.mark.parametrize(
    "reference",
    [
        "\x00",
        "2026\x00-0000",
        "2026-0000-0000",
        "<script>",
        "1" * 5000,
        "２０２６-４８１７-３３０５",
    ],
    ids=["nul", "nul-inside", "bad-check-digit", "script", "5000-digits", "full-width-digits"],
)
def test_the_by_reference_address_refuses_a_malformed_reference_without_repeating_it(
    site, reference
):
    ours, theirs, users = site
    response = signed_in(users["office_staff"]).get(by_reference_url(reference), follow=True)
    assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
    assert messages_shown(response) == [
        "No application in your office has the reference number in this address."
    ]
    assert "\x00" not in response.content.decode()
    assert reference not in text(response)


@pytest.mark.parametrize("reference", ["../../", ""], ids=["dot-dot", "empty"])
def test_a_reference_that_breaks_the_address_ends_on_a_page_with_a_message(site, reference):
    ours, theirs, users = site
    response = signed_in(users["office_staff"]).get(by_reference_url(reference), follow=True)
    assert response.status_code == 200
    assert messages_shown(response)
    assert theirs.child.full_name not in text(response)


def test_the_by_reference_address_does_not_open_another_offices_application(site):
    ours, theirs, users = site
    response = signed_in(users["office_staff"]).get(
        by_reference_url(theirs.reference_number), follow=True
    )
    assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
    assert messages_shown(response) == [f"No application {theirs.reference_number} in your office."]
    assert theirs.child.full_name not in shown_rows(response)


@pytest.mark.parametrize("spacing", ["-", " ", ""], ids=["hyphens", "spaces", "digits-only"])
def test_the_by_reference_address_opens_an_application_of_the_office_however_spaced(site, spacing):
    ours, theirs, users = site
    reference = ours.reference_number.replace("-", spacing)
    response = signed_in(users["office_staff"]).get(by_reference_url(reference))
    assert response["Location"] == reverse("admin:enrollment_application_change", args=[ours.pk])


TAMPERED_IDS = ["abc", "\x00", "-1", "0", "99999999999999999999999", "1" * 5000, "1.5", "1 OR 1=1"]


@pytest.mark.parametrize("object_id", TAMPERED_IDS)
def test_the_change_and_move_addresses_refuse_a_tampered_id(site, object_id):
    ours, theirs, users = site
    browser = signed_in(users["office_staff"])
    change = browser.get(
        reverse("admin:enrollment_application_change", args=[object_id]), follow=True
    )
    assert change.status_code == 200
    assert messages_shown(change)
    assert theirs.child.full_name not in text(change)
    for move in ("return", "verify", "reject"):
        url = reverse("admin:enrollment_application_move", args=[object_id, move])
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"changes_needed": "x", "reason": "x"}).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == Application.Status.SUBMITTED


def autocomplete_fields():
    """(model admin, field) for every autocomplete field of our admins."""
    return [
        pytest.param(model_admin, field, id=f"{model._meta.label_lower}.{field}")
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
        for field in model_admin.autocomplete_fields
    ]


@pytest.mark.parametrize(("model_admin", "field"), autocomplete_fields())
def test_the_autocomplete_search_answers_a_tampered_term_with_a_list(site, model_admin, field):
    ours, theirs, users = site
    for role in ("supervisor", "superuser"):
        browser = signed_in(users[role])
        for term in TAMPERED:
            response = browser.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model_admin.opts.app_label,
                    "model_name": model_admin.opts.model_name,
                    "field_name": field,
                    "term": term,
                },
            )
            assert response.status_code == 200, (role, short(term), response.status_code)
            assert "results" in response.json()
