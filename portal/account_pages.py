"""The parent's account page: their mobile number, their email address and their language.

A new number is confirmed by a code sent to it (portal.phone_codes) and the old number is told;
a new address is confirmed by the emailed link and the old address is told
(portal.account_changes). The pages answer the same whether or not an address has another
account; a number's owner, who proved it with the code, is told that it has one.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods

from . import account_changes, account_messages, human_check, phone_codes
from .forms import (
    AccountEmailForm,
    AccountLanguageForm,
    AccountNoticesForm,
    NewNumberForm,
    PhoneCodeForm,
)
from .language import remember_language
from .models import PhoneCode
from .phone_numbers import spaced_phone_number
from .phone_sign_in import refusal, wrong_code

NEW_NUMBER = "account_new_number"


@login_required
def account_page(request):
    user = request.user
    return render(
        request,
        "registration/account.html",
        {
            "account": user,
            "phone_spaced": spaced_phone_number(user.phone) if user.phone else "",
            "language_name": dict(settings.LANGUAGES).get(user.language, user.language),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_number(request):
    requester = account_messages.Requester.of(request)
    form = NewNumberForm(
        request.POST if request.method == "POST" else None,
        **human_check.form_kwargs(request, requester),
    )
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if phone == request.user.phone:
            form.add_error("phone", _("This is already your account's mobile number"))
        else:
            sending = phone_codes.send_code(
                phone=phone,
                purpose=PhoneCode.Purpose.CHANGE_NUMBER,
                requester=requester,
                language=request.user.language,
                user=request.user,
            )
            if sending.outcome in (phone_codes.Sending.SENT, phone_codes.Sending.WAIT):
                request.session[NEW_NUMBER] = phone
                return redirect("change_number_code")
            form.add_error("phone", refusal(sending))
    return render(request, "registration/change_number.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_number_code(request):
    phone = request.session.get(NEW_NUMBER)
    if not phone:
        return redirect("change_number")
    form = PhoneCodeForm(request.POST if request.method == "POST" else None, phone=phone)
    if request.method == "POST" and form.is_valid():
        check = phone_codes.check_code(
            phone=phone,
            code=form.cleaned_data["code"],
            purpose=PhoneCode.Purpose.CHANGE_NUMBER,
            user=request.user,
        )
        if check.outcome is phone_codes.Checking.RIGHT:
            request.session.pop(NEW_NUMBER, None)
            if account_changes.change_number(user=request.user, phone=phone):
                messages.success(
                    request,
                    _("Your mobile number is now %(number)s.")
                    % {"number": spaced_phone_number(phone)},
                )
            else:
                messages.error(
                    request,
                    _(
                        "%(number)s has an account of its own, so it was not added to this one. "
                        "Sign out and sign in with the number to use that account."
                    )
                    % {"number": spaced_phone_number(phone)},
                )
            return redirect("account")
        form.add_error("code", wrong_code(check))
    return render(request, "registration/change_number_code.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request):
    requester = account_messages.Requester.of(request)
    form = AccountEmailForm(
        request.POST if request.method == "POST" else None,
        initial={"email": request.user.email},
        **human_check.form_kwargs(request, requester),
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        account_changes.change_email(user=request.user, email=email, requester=requester)
        messages.success(
            request,
            _("We have sent a message to %(email)s. Follow the link in it to confirm the address.")
            % {"email": email},
        )
        return redirect("account")
    return render(request, "registration/change_email.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_language(request):
    form = AccountLanguageForm(
        request.POST if request.method == "POST" else None,
        initial={"language": request.user.language},
    )
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        request.user.language = language
        request.user.save(update_fields=["language"])
        with override(language):
            messages.success(request, _("The site and your messages now use this language."))
        return remember_language(redirect("account"), language)
    return render(request, "registration/account_question.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_notices(request):
    form = AccountNoticesForm(
        request.POST if request.method == "POST" else None,
        initial={"notify_by": request.user.notify_by},
    )
    if request.method == "POST" and form.is_valid():
        request.user.notify_by = form.cleaned_data["notify_by"]
        request.user.save(update_fields=["notify_by"])
        messages.success(request, _("Saved: we tell you about your applications this way."))
        return redirect("account")
    return render(request, "registration/account_question.html", {"form": form})
