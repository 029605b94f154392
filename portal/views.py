"""The site shell: home page, parent sign-up and address confirmation, health check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from . import account_messages, accounts, human_check
from .forms import PasswordResetRequestForm, SignInForm, SignUpForm
from .language import remember_language
from .models import User
from .redirects import safe_next_url, with_next

SIGNED_UP_EMAIL = "signed_up_email"


def home(request):
    return render(request, "home.html")


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("enrollment:my_applications")
    next_url = safe_next_url(request)
    requester = account_messages.Requester.of(request)
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        **human_check.form_kwargs(request, requester),
    )
    if request.method == "POST" and form.is_valid():
        accounts.account_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            language=get_supported_language_variant(get_language()),
            requester=requester,
        )
        request.session[SIGNED_UP_EMAIL] = form.cleaned_data["email"]
        return redirect(with_next(reverse("sign_up_sent"), next_url))
    return render(request, "registration/sign_up.html", {"form": form, "next": next_url})


def sign_up_sent(request):
    """The same page whether the address was new or had an account already."""
    email = request.session.get(SIGNED_UP_EMAIL, "")
    sign_in_url = with_next(reverse("email_sign_in"), safe_next_url(request))
    return render(
        request, "registration/sign_up_sent.html", {"email": email, "sign_in_url": sign_in_url}
    )


def _user_from_link(uidb64):
    try:
        return User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None


@require_http_methods(["GET", "POST"])
def confirm_email(request, uidb64, token):
    """The link from the confirmation email. Opening it changes nothing (mail scanners open
    links); the button on the page confirms."""
    user = _user_from_link(uidb64)
    valid = user is not None and accounts.email_confirmation_tokens.check_token(user, token)
    if request.method == "POST" and valid:
        accounts.email_confirm(user=user)
        if request.user.is_authenticated and request.user.pk == user.pk:
            messages.success(request, _("Your email address is confirmed."))
            return redirect("enrollment:my_applications")
        messages.success(request, _("Your email address is confirmed. Sign in to go on."))
        return redirect("email_sign_in")
    return render(
        request,
        "registration/confirm_email.html",
        {"valid": valid, "already_confirmed": bool(user and user.email_confirmed and not valid)},
    )


@login_required
@require_POST
def send_confirmation_again(request):
    """A signed-in parent asks for a new link (the first went astray or expired)."""
    requester = account_messages.Requester.of(request)
    if accounts.send_confirmation_link(user=request.user, requester=requester):
        messages.success(
            request,
            _("We have sent a new link to %(email)s. It works for %(days)d days.")
            % {"email": request.user.email, "days": accounts.link_valid_days()},
        )
    elif not request.user.email_confirmed:
        messages.error(
            request,
            _(
                "We sent a link to %(email)s less than %(minutes)d minutes ago. Look for it in "
                "your inbox and spam folder, or ask again in a few minutes."
            )
            % {"email": request.user.email, "minutes": accounts.email_interval_minutes()},
        )
    return redirect(safe_next_url(request) or "enrollment:my_applications")


class SignInView(auth_views.LoginView):
    """Sign-in with an email address and a password (the mobile number's code is the first
    way in: portal.phone_sign_in). Django's sign-in, after which the site speaks the account's language (the one its emails
    use, last chosen with the language switch while signed in or at sign-up): a parent who
    chose Chinese on one phone finds Chinese on the next. The language is a cookie, as Django's
    LocaleMiddleware reads it, not the session."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        return remember_language(super().form_valid(form), form.get_user().language)


@require_POST
def switch_language(request):
    """Django's set_language (cookie, redirect back), and the account remembers the choice for
    the emails it receives."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@never_cache
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", whatever its class
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Django's reset request, with the human check once the requester asked for more than
    people do, and the account emails' limits (PasswordResetRequestForm)."""

    form_class = PasswordResetRequestForm

    def get_form_kwargs(self):
        self.requester = account_messages.Requester.of(self.request)
        kwargs = super().get_form_kwargs()
        kwargs.update(human_check.form_kwargs(self.request, self.requester))
        return kwargs

    def form_valid(self, form):
        form.requester = self.requester
        return super().form_valid(form)
