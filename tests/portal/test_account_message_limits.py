"""SMS bombing and inbox flooding: what the account pages send is limited per number or
address, per browser session and per client address, with a human check past a session's or an
address's share; every send is logged for staff, masked, without the code."""

import datetime
import itertools

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import AccountMessage
from portal.sms import outbox
from tools.factories import make_user

from ..pages import assert_field_error, assert_redirects_to, soup, text
from ..phone_sign_in import ask_for_code

pytestmark = pytest.mark.django_db

NUMBER = "+8613800138000"
_addresses = itertools.count(1)


def stranger(address=None):
    """A new browser (no session) from its own client address, unless one is given."""
    address = address or f"10.1.{next(_addresses) // 250}.{next(_addresses) % 250 + 1}"
    return Client(headers={"Accept-Language": "en"}, REMOTE_ADDR=address)


def codes_to(number=NUMBER):
    return [message for message in outbox.messages if message.to == number]


def check_answer(response, *, wrong=False):
    """What a person would type for the page's human check."""
    key = soup(response).select_one("input[name=human_check_0]")["value"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {"human_check_0": key, "human_check_1": "nope" if wrong else answer}


def test_one_code_a_minute_to_a_number_the_second_ask_uses_the_first(client):
    ask_for_code(client)
    response = ask_for_code(client)
    assert_redirects_to(response, reverse("phone_code"))
    assert len(codes_to()) == 1
    assert "We sent a code to this number a short while ago: use that one" in text(
        client.get(response["Location"])
    )


@pytest.mark.parametrize(
    ("step", "asks", "most"),
    [
        (datetime.timedelta(seconds=61), 12, 5),  # 12 asks in an hour: 5 an hour
        (datetime.timedelta(minutes=13), 60, 10),  # 60 asks over 13 hours: 10 a day
    ],
)
def test_codes_to_a_number_stop_at_the_hours_and_the_days_share(step, asks, most):
    start = timezone.now()
    for n in range(asks):
        with time_machine.travel(start + n * step, tick=False):
            ask_for_code(stranger())
    assert len(codes_to()) == most


def test_a_thousand_asks_for_one_number_send_at_most_what_the_limits_allow():
    """From a thousand browsers and addresses, one ask every 86 seconds through a day."""
    start = timezone.now()
    step = datetime.timedelta(seconds=86.4)
    for n in range(1000):
        with time_machine.travel(start + n * step, tick=False):
            ask_for_code(stranger(f"10.{n // 250}.{n % 250}.1"))
    sent_at = list(
        AccountMessage.objects.filter(outcome="sent").values_list("created_at", flat=True)
    )
    assert len(sent_at) == len(codes_to()) == 10
    for window, most in [(60, 1), (3600, 5)]:
        for moment in sent_at:
            within = [
                t for t in sent_at if moment <= t < moment + datetime.timedelta(seconds=window)
            ]
            assert len(within) <= most
    assert AccountMessage.objects.filter(outcome="held").count() == 990


def test_a_thousand_asks_in_one_second_from_one_browser_send_one_code(client):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(1000):
            ask_for_code(client)
    assert len(codes_to()) == 1


def test_a_session_past_its_share_must_answer_the_human_check(client):
    for n in range(3):
        ask_for_code(client, f"138 0013 800{n}")
    page = client.get(reverse("login"))
    assert "Type the 4 letters in the picture" in text(page)
    image = soup(page).select_one("img.human-check-picture")
    assert image["alt"] and client.get(image["src"]).status_code == 200

    response = ask_for_code(client, "138 0013 8009")
    assert_field_error(response, "id_human_check_1", "Answer the check")
    response = ask_for_code(client, "138 0013 8009", **check_answer(response, wrong=True))
    assert_field_error(response, "id_human_check_1", "That answer was not right")
    assert codes_to("+8613800138009") == []

    response = ask_for_code(client, "138 0013 8009", **check_answer(response))
    assert_redirects_to(response, reverse("phone_code"))
    assert len(codes_to("+8613800138009")) == 1


def test_a_human_check_answers_once(client):
    for n in range(3):
        ask_for_code(client, f"138 0013 800{n}")
    answer = check_answer(client.get(reverse("login")))
    assert ask_for_code(client, "138 0013 8005", **answer).status_code == 302
    response = ask_for_code(client, "138 0013 8006", **answer)
    assert_field_error(response, "id_human_check_1", "That answer was not right")


def test_the_accessible_alternative_is_a_written_sum_in_the_pages_language(client):
    for n in range(3):
        ask_for_code(client, f"138 0013 800{n}")
    page = client.get(reverse("login"))
    link = soup(page).find("a", string=lambda s: s and "Answer a written question instead" in s)
    page = client.get(link["href"])
    label = soup(page).select_one("label[for=id_human_check_1]").get_text()
    assert label.startswith("What is ") and label.endswith("?")
    assert soup(page).select_one("img.human-check-picture") is None
    response = ask_for_code(client, "138 0013 8007", **check_answer(page))
    assert response.status_code == 302

    chinese = Client(headers={"Accept-Language": "zh-hans"})
    for n in range(3):
        ask_for_code(chinese, f"139 0013 800{n}")
    page = chinese.get(reverse("login") + "?check=question")
    label = soup(page).select_one("label[for=id_human_check_1]").get_text()
    assert "加" in label and "等于几" in label


def test_an_address_past_its_share_must_answer_the_check_whatever_the_session():
    for n in range(10):
        ask_for_code(stranger("10.9.9.9"), f"138 0013 80{n:02d}")
    response = ask_for_code(stranger("10.9.9.9"), "138 0013 8099")
    assert_field_error(response, "id_human_check_1", "Answer the check")
    assert ask_for_code(stranger("10.9.9.10"), "138 0013 8098").status_code == 302


def test_an_address_past_the_days_most_gets_nothing_even_with_the_check(settings):
    settings.ACCOUNT_MESSAGES_PER_ADDRESS_PER_DAY = 4
    settings.ACCOUNT_MESSAGES_BEFORE_CHECK_PER_ADDRESS = 100
    for n in range(4):
        ask_for_code(stranger("10.8.8.8"), f"138 0013 80{n:02d}")
    response = ask_for_code(stranger("10.8.8.8"), "138 0013 8050")
    assert_field_error(
        response, "id_phone", "Too many codes were asked for from your network today"
    )
    assert len(outbox.messages) == 4


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        browser = Client(
            headers={"Accept-Language": "en"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        ask_for_code(browser, f"138 0013 80{n:02d}")
    assert len(outbox.messages) == 10, "ten clients behind one proxy, each under its share"
    assert set(AccountMessage.objects.values_list("client_ip", flat=True)) == {
        f"203.0.113.{n}" for n in range(10)
    }


def test_without_a_trusted_proxy_a_forged_forwarded_address_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        browser = Client(
            headers={"Accept-Language": "en"},
            REMOTE_ADDR="10.7.7.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
        ask_for_code(browser, f"138 0013 80{n:02d}")
    forged = Client(
        headers={"Accept-Language": "en"}, REMOTE_ADDR="10.7.7.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert_field_error(
        ask_for_code(forged, "138 0013 8099"), "id_human_check_1", "Answer the check"
    )


def test_each_send_is_logged_masked_and_without_the_code(client):
    ask_for_code(client)
    ask_for_code(client)
    code = codes_to()[0].params["code"]
    sent, held = AccountMessage.objects.order_by("created_at")
    assert (sent.outcome, held.outcome) == ("sent", "held")
    assert sent.recipient_masked == "138****8000" and sent.channel == "sms"
    assert sent.kind == "sign_in_code" and sent.client_ip == "127.0.0.1"
    for row in (sent, held):
        values = " ".join(str(getattr(row, f.attname)) for f in AccountMessage._meta.fields)
        assert code not in values and "13800138000" not in values


def test_staff_read_the_log_with_masked_numbers(client, db):
    ask_for_code(client)
    admin = make_user("admin@example.com", is_staff=True, is_superuser=True)
    staff_browser = Client(headers={"Accept-Language": "en"})
    staff_browser.force_login(admin)
    page = staff_browser.get(reverse("admin:portal_accountmessage_changelist"))
    assert "138****8000" in text(page) and "13800138000" not in text(page)


def test_six_password_reset_requests_in_a_second_send_one_email(client, parent):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(6):
            response = client.post(reverse("password_reset"), {"email": parent.email})
            assert_redirects_to(response, reverse("password_reset_done"))
    assert len(mail.outbox) == 1
    assert (
        list(AccountMessage.objects.values_list("outcome", flat=True).order_by("id"))
        == ["sent"] + ["held"] * 5
    )


def test_staff_password_reset_requests_are_limited_the_same_way(client, staff):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(6):
            client.post(reverse("admin_password_reset"), {"email": staff.email})
    assert len(mail.outbox) == 1


def test_password_reset_from_an_address_past_its_share_needs_the_check(db):
    for n in range(10):
        user = make_user(f"p{n}@example.com")
        stranger("10.6.6.6").post(reverse("password_reset"), {"email": user.email})
    response = stranger("10.6.6.6").post(reverse("password_reset"), {"email": "x@example.com"})
    assert_field_error(response, "id_human_check_1", "Answer the check")
    assert len(mail.outbox) == 10


def test_sign_up_emails_count_towards_the_sessions_share(client, db):
    for n in range(3):
        client.post(
            reverse("sign_up"),
            {
                "email": f"new{n}@example.com",
                "password1": "a long pass 77",
                "password2": "a long pass 77",
            },
        )
    response = client.post(
        reverse("sign_up"),
        {"email": "new9@example.com", "password1": "a long pass 77", "password2": "a long pass 77"},
    )
    assert_field_error(response, "id_human_check_1", "Answer the check")
