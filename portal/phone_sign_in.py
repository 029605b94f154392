"""The pages of the first way in: a mobile number, then the code sent to it.

One way for a new parent and a returning one: the right code signs a number's account in, or
makes it (portal.phone_codes). The email address and password stay, one link away.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, get_supported_language_variant, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import account_messages, human_check, phone_codes
from .forms import PhoneCodeForm, PhoneSignInForm
from .language import remember_language
from .models import PhoneCode
from .redirects import safe_next_url, with_next

PENDING_NUMBER = "phone_sign_in_number"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


@require_http_methods(["GET", "POST"])
def phone_sign_in(request):
    if request.user.is_authenticated:
        return redirect("enrollment:my_applications")
    next_url = safe_next_url(request)
    requester = account_messages.Requester.of(request)
    form = PhoneSignInForm(
        request.POST if request.method == "POST" else None,
        initial={"phone": request.session.get(PENDING_NUMBER, "").removeprefix("+86")},
        **human_check.form_kwargs(request, requester),
    )
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        sending = phone_codes.send_code(
            phone=phone,
            purpose=PhoneCode.Purpose.SIGN_IN,
            requester=requester,
            language=get_supported_language_variant(get_language()),
        )
        if sending.outcome in (phone_codes.Sending.SENT, phone_codes.Sending.WAIT):
            request.session[PENDING_NUMBER] = phone
            if sending.outcome is phone_codes.Sending.WAIT:
                messages.info(
                    request,
                    _(
                        "We sent a code to this number a short while ago: use that one. You "
                        "can ask for a new code from %(time)s."
                    )
                    % {"time": _time(sending.retry_at)},
                )
            return redirect(with_next(reverse("phone_code"), next_url))
        form.add_error("phone", refusal(sending))
    return render(
        request,
        "registration/phone_sign_in.html",
        {
            "form": form,
            "next": next_url,
            "email_sign_in_url": with_next(reverse("email_sign_in"), next_url),
            "sign_up_url": with_next(reverse("sign_up"), next_url),
        },
    )


def refusal(sending) -> str:
    """What the parent reads when no code was sent, next to the number."""
    Sending = phone_codes.Sending
    if sending.outcome is Sending.LOCKED:
        return _(
            "Too many wrong codes were typed for this number. You can ask for a new code from "
            "%(time)s, or sign in with your email address."
        ) % {"time": _time(sending.retry_at)}
    if sending.outcome is Sending.ADDRESS_LIMIT:
        return _(
            "Too many codes were asked for from your network today. Try again tomorrow, or sign "
            "in with your email address."
        )
    if sending.outcome is Sending.INVALID_NUMBER:
        return _("We could not send a text message to this number. Check it, or use another.")
    return _("The text message could not be sent just now. Try again in a minute.")


@require_http_methods(["GET", "POST"])
def phone_code(request):
    phone = request.session.get(PENDING_NUMBER)
    next_url = safe_next_url(request)
    if not phone:
        return redirect(with_next(reverse("login"), next_url))
    form = PhoneCodeForm(request.POST if request.method == "POST" else None, phone=phone)
    if request.method == "POST" and form.is_valid():
        check = phone_codes.check_code(
            phone=phone, code=form.cleaned_data["code"], purpose=PhoneCode.Purpose.SIGN_IN
        )
        if check.outcome is phone_codes.Checking.RIGHT:
            return _signed_in(request, phone, next_url)
        form.add_error("code", wrong_code(check))
    return render(
        request,
        "registration/phone_code.html",
        {"form": form, "new_code_url": with_next(reverse("login"), next_url)},
    )


def wrong_code(check) -> str:
    Checking = phone_codes.Checking
    if check.outcome is Checking.WRONG:
        return ngettext(
            "The code is not right. Check the text message: you can try %(count)d more time.",
            "The code is not right. Check the text message: you can try %(count)d more times.",
            check.tries_left,
        ) % {"count": check.tries_left}
    if check.outcome is Checking.USED_UP:
        return _("The code is not right, and it cannot be tried again. Ask for a new code.")
    if check.outcome is Checking.LOCKED:
        return _(
            "Too many wrong codes were typed for this number. You can ask for a new code from "
            "%(time)s, or sign in with your email address."
        ) % {"time": _time(check.retry_at)}
    return _("This code has expired or was used already. Ask for a new code.")


def _signed_in(request, phone, next_url):
    user, created = phone_codes.account_for_number(
        phone=phone, language=get_supported_language_variant(get_language())
    )
    login(request, user, backend=MODEL_BACKEND)
    request.session.pop(PENDING_NUMBER, None)
    request.session.pop(human_check.SESSION_MODE, None)
    if created:
        messages.success(request, _("Your account is ready. Your mobile number is confirmed."))
    return remember_language(redirect(next_url or "enrollment:my_applications"), user.language)
