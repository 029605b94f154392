"""Random and hostile values sent to every form never cause a server error, and stored text
shows escaped wherever it appears (wizard, status, print views, admin, emails)."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from enrollment import wizard
from enrollment.applications import services
from tools import factories
from tools.factories import make_application, make_staff

HOSTILE = [
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE enrollment_application; --",
    "' OR '1'='1",
    "\x00",
    "\u202egnp.exe",
    "{{ 7*7 }}{% debug %}",
    "%(name)s %s %d",
    "../../etc/passwd",
    "王小明\u200b\u200b",
    "🙂👨‍👩‍👧",
    "Ａ１２３４５",
    "\r\n\r\nSet-Cookie: x=y",
    "١٢٣٤٥٦٧٨٩",
    "x" * 10_000,
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=500, max_size=3000),
    st.integers().map(str),
    st.dates().map(str),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class HostileFormInput(TestCase):
    """Each example runs in its own transaction, rolled back afterwards."""

    @classmethod
    def setUpTestData(cls):
        cls.office = factories.make_office("示例街道社区服务中心")
        schedule = factories.make_fee_schedule(region=cls.office.region)
        factories.make_subsidy(schedule)
        cls.parent = factories.make_user("fuzz@example.com")
        cls.staff = make_staff(cls.office, "fuzz-staff@example.com")

    def setUp(self):
        self.browser = Client(headers={"Accept-Language": "en"})
        self.browser.force_login(self.parent)

    def assert_no_server_error(self, url, data, client=None):
        response = (client or self.browser).post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        return response

    @FUZZ
    @given(name=values, id_number=values, born=values, sex=values, first=values)
    def test_the_child_step(self, name, id_number, born, sex, first):
        application = make_application(self.parent, self.office, before=wizard.ChildStep)
        self.assert_no_server_error(
            reverse("enrollment:step", args=[application.public_id, "child"]),
            {
                "full_name": name,
                "id_number": id_number,
                "date_of_birth": born,
                "sex": sex,
                "first_enrollment": first,
            },
        )

    @FUZZ
    @given(number=values, kind=values, address=values, head=values, relationship=values)
    def test_the_household_register_step(self, number, kind, address, head, relationship):
        application = make_application(
            self.parent, self.office, before=wizard.HouseholdRegisterStep
        )
        self.assert_no_server_error(
            reverse("enrollment:step", args=[application.public_id, "household-register"]),
            {
                "register_number": number,
                "register_type": kind,
                "address": address,
                "head_name": head,
                "relationship_to_head": relationship,
            },
        )

    @FUZZ
    @given(name=values, relationship=values, id_number=values, phone=values)
    def test_the_guardian_step(self, name, relationship, id_number, phone):
        application = make_application(self.parent, self.office, before=wizard.GuardianStep)
        self.assert_no_server_error(
            reverse("enrollment:step", args=[application.public_id, "guardian"]),
            {
                "full_name": name,
                "relationship": relationship,
                "id_number": id_number,
                "phone": phone,
            },
        )

    @FUZZ
    @given(office=values, subsidy=values, confirmed=values, reason=values)
    def test_the_office_fee_declaration_and_withdrawal_forms(
        self, office, subsidy, confirmed, reason
    ):
        draft = make_application(self.parent, self.office, before=wizard.FeeStep)
        self.assert_no_server_error(reverse("enrollment:new"), {"office": office})
        self.assert_no_server_error(
            reverse("enrollment:step", args=[draft.public_id, "office"]), {"office": office}
        )
        self.assert_no_server_error(
            reverse("enrollment:step", args=[draft.public_id, "fee"]), {"subsidy": subsidy}
        )
        self.assert_no_server_error(
            reverse("enrollment:declaration", args=[draft.public_id]), {"confirmed": confirmed}
        )
        submitted = make_application(self.parent, self.office, upto="submitted")
        self.assert_no_server_error(
            reverse("enrollment:withdraw", args=[submitted.public_id]), {"reason": reason}
        )

    @FUZZ
    @given(email=values, password=values, query=values)
    def test_the_account_forms_and_the_legal_search(self, email, password, query):
        anonymous = Client(headers={"Accept-Language": "en"})
        for url, data in [
            (reverse("sign_up"), {"email": email, "password1": password, "password2": password}),
            (reverse("email_sign_in"), {"username": email, "password": password}),
            (reverse("password_reset"), {"email": email}),
        ]:
            self.assert_no_server_error(url, data, anonymous)
        assert anonymous.get(reverse("legal:search"), {"q": query}).status_code == 200

    @FUZZ
    @given(note=values, receipt=values, amount=values, day=values, channel=values, card=values)
    def test_the_staff_move_forms(self, note, receipt, amount, day, channel, card):
        staff_browser = Client(headers={"Accept-Language": "en"})
        staff_browser.force_login(self.staff)
        application = make_application(self.parent, self.office, upto="submitted")
        services.application_verify(application=application, by=self.staff)
        for move, data in [
            ("return", {"changes_needed": note}),
            ("reject", {"reason": note}),
            (
                "record_payment",
                {"receipt_number": receipt, "amount": amount, "paid_on": day, "channel": channel},
            ),
            ("issue_card", {"card_number": card, "issued_on": day, "collection_place": note}),
        ]:
            url = reverse("admin:enrollment_application_move", args=[application.pk, move])
            self.assert_no_server_error(url, data, staff_browser)


SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def hostile_application(parent, office, django_capture_on_commit_callbacks):
    application = make_application(parent, office)
    register = application.household_register
    register.address = f"幸福路 8 号 {SCRIPT}"
    register.save()
    staff = make_staff(office, "escape-staff@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=parent)
        services.application_return(
            application=application, by=staff, changes_needed=f"Fix this {IMAGE}"
        )
    return application, staff


def assert_escaped(html):
    assert SCRIPT not in html and IMAGE not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_stored_text_is_escaped_on_every_page_that_shows_it(client, parent, hostile_application):
    application, staff = hostile_application
    client.force_login(parent)
    for url in [
        reverse("enrollment:application", args=[application.public_id]),
        reverse("enrollment:check", args=[application.public_id]),
        reverse("enrollment:step", args=[application.public_id, "household-register"]),
    ]:
        assert_escaped(client.get(url).content.decode())
    services.application_submit(application=application, by=parent)
    for url in [
        reverse("enrollment:print_form", args=[application.public_id]),
        reverse("enrollment:application", args=[application.public_id]),
    ]:
        assert_escaped(client.get(url).content.decode())
    client.force_login(staff)
    assert_escaped(
        client.get(
            reverse("admin:enrollment_application_change", args=[application.pk])
        ).content.decode()
    )


def test_stored_text_is_escaped_in_the_html_email(hostile_application):
    notice = mail.outbox[-1]
    html = notice.alternatives[0][0]
    assert IMAGE not in html and "&lt;img src=x" in html
    assert IMAGE in notice.body  # the plain-text part is text, shown as such


def test_a_date_field_survives_absurd_dates(client, parent, office):
    application = make_application(parent, office, before=wizard.ChildStep)
    client.force_login(parent)
    for value in ["9999-12-31", "0001-01-01", "2024-02-30", str(datetime.date.max), "1e9"]:
        response = client.post(
            reverse("enrollment:step", args=[application.public_id, "child"]),
            {
                "full_name": "王小明",
                "id_number": "11010120210315003X",
                "date_of_birth": value,
                "sex": "M",
                "first_enrollment": "True",
            },
        )
        assert response.status_code == 200
