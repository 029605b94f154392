import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from portal.sms import outbox as sms_outbox
from tools import factories, staff_sessions


@pytest.fixture
def client():
    """A browser that asks for English; tests of the Chinese interface ask for it themselves.
    (Without the header the portal answers in its default language, simplified Chinese.)"""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code called directly (validators, services, emails) speaks English in tests unless a test
    asks otherwise; requests choose their language as browsers ask."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the rows a cached value came from were rolled back."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def staff_signed_in_by_tests_pass_the_second_factor(monkeypatch):
    """A test that signs a member of staff in with force_login gets a session past the second
    factor, as after typing the app's code (tests/portal/test_staff_two_factor.py types them)."""
    force_login = Client.force_login

    def force_login_past_the_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            session = self.session
            staff_sessions.pass_second_factor(session, user)
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_past_the_second_factor)


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    """Text messages "sent" by the in-memory backend (portal.sms.backends.locmem), per test."""
    sms_outbox.messages.clear()
    yield sms_outbox.messages
    sms_outbox.messages.clear()


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploads of each test go to a folder of their own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def parent(db):
    return factories.make_user("parent@example.com")


@pytest.fixture
def other_parent(db):
    return factories.make_user("other@example.com")


@pytest.fixture
def parent_client(client, parent):
    client.force_login(parent)
    return client


@pytest.fixture
def office(db):
    office = factories.make_office("示例街道社区服务中心")
    factories.make_recent_schedules(region=office.region)
    return office


@pytest.fixture
def staff(office):
    """A member of staff of the office."""
    return factories.make_staff(office, "counter@example.com")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
