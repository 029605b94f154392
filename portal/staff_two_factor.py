"""Two-factor sign-in for staff and supervisors (django-otp).

After the password, a member of staff types a code from an authenticator app (TOTP, RFC 6238),
or one of their single-use recovery codes. Someone signing in for the first time enrols the app
from a QR code and receives ten recovery codes, shown once. No admin page opens before the
second factor (require_staff_second_factor and StaffAdminSite); a password reset does not sign
anyone in, so it leads to the same two steps. A supervisor or superuser can reset someone
else's second factor (enrollment.admin.staff), never their own.
"""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import PlainMessagesMixin

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


class StaffAdminSite(AdminSite):
    """The admin only for staff whose session passed the second factor."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()


def second_factor_paths() -> tuple[str, ...]:
    """Admin addresses a signed-in member of staff reaches before the second factor."""
    admin_root = "/" + settings.ADMIN_URL
    return (
        reverse("admin:login"),
        reverse("admin:logout"),
        reverse("staff_two_factor"),
        reverse("staff_two_factor_setup"),
        admin_root + "password-reset/",
        admin_root + "jsi18n/",
    )


def require_staff_second_factor(get_response):
    """Send a member of staff whose session has not passed the second factor to it, from every
    admin page (the admin itself refuses them too: StaffAdminSite)."""
    admin_root = "/" + settings.ADMIN_URL

    def middleware(request):
        user = request.user
        if (
            request.path.startswith(admin_root)
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()
            and not request.path.startswith(second_factor_paths())
        ):
            return redirect(f"{reverse('staff_two_factor')}?next={request.path}")
        return get_response(request)

    return middleware


def has_second_factor(user) -> bool:
    return any(isinstance(device, TOTPDevice) for device in devices_for_user(user, confirmed=True))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("admin:index")


class SecondFactorForm(PlainMessagesMixin, forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": gettext_lazy("Enter the code")},
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


def _staff_only(view):
    """Signed-in staff, whether or not past the second factor; anyone else to the sign-in."""

    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect(f"{reverse('admin:login')}?next={reverse('admin:index')}")
        return view(request, *args, **kwargs)

    return login_required(wrapped, login_url="admin:login")


@_staff_only
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user = request.user
    if not has_second_factor(user):
        return redirect(f"{reverse('staff_two_factor_setup')}?next={_next_url(request)}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = matching_device(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(count)d is left. Each works once.",
                        "You used a recovery code; %(count)d are left. Each works once.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _(
                "The code is not right, or it was used already. Codes from the app change "
                "every 30 seconds; after several wrong codes, wait a little before trying again."
            ),
        )
    return render(
        request,
        "admin/two_factor/verify.html",
        {**admin.site.each_context(request), "form": form, "next": _next_url(request)},
    )


def matching_device(user, token: str):
    """The user's device that accepts the token (the app's code or an unused recovery code,
    which is then used up), or None. django-otp slows down repeated wrong guesses per device."""
    with transaction.atomic():  # the devices are locked while a token is checked
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    return None


@_staff_only
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), type its code; then the
    recovery codes, shown this once."""
    user = request.user
    if has_second_factor(user):
        return redirect(f"{reverse('staff_two_factor')}?next={_next_url(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = enrol(user=user, device=device)
            otp_login(request, device)
            return render(
                request,
                "admin/two_factor/recovery_codes.html",
                {
                    **admin.site.each_context(request),
                    "codes": codes,
                    "next": _next_url(request),
                },
            )
        form.add_error(
            "token",
            _("The code is not right. Type the 6 digits the app shows now for this account."),
        )
    return render(
        request,
        "admin/two_factor/setup.html",
        {
            **admin.site.each_context(request),
            "form": form,
            "qr_code": qr_svg(device.config_url),
            "secret": spaced_secret(device),
            "next": _next_url(request),
        },
    )


@transaction.atomic
def enrol(*, user, device: TOTPDevice) -> list[str]:
    """Confirm the app's device and give the user a fresh set of recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_second_factor(*, user) -> None:
    """Remove someone's app and recovery codes: they enrol again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])  # made here from the device's own URL


def spaced_secret(device: TOTPDevice) -> str:
    """The key in base32 (as apps take it typed), in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
