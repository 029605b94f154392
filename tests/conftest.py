import pytest

from . import factories


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
    factories.make_fee_schedule(region=office.region)
    return office
