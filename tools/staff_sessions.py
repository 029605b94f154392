"""Staff sessions past the second factor, for tests and the benchmark that sign staff in
without typing codes (tests/portal/test_staff_two_factor.py walks the real steps)."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, enrolled now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def code_now(device: TOTPDevice, *, fresh: bool = False) -> str:
    """The 6 digits the app shows at this moment. `fresh`: as if the last code the device took
    were older (a test signing the same person in twice within the app's 30-second step)."""
    if fresh:
        device.last_t = -1
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save(
            update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"]
        )
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def pass_second_factor(session, user) -> None:
    """Mark the session as past the second factor, as the app's code does."""
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id


def force_login(client, user) -> None:
    """Django's test Client.force_login, and for staff the second factor too."""
    client.force_login(user)
    if user.is_staff:
        session = client.session
        pass_second_factor(session, user)
        session.save()
