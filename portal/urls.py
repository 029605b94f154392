from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import account_pages, error_pages, forms, phone_sign_in, staff_two_factor, views

auth_patterns = [
    path("sign-in/", phone_sign_in.phone_sign_in, name="login"),
    path("sign-in/code/", phone_sign_in.phone_code, name="phone_code"),
    path("sign-in/email/", views.SignInView.as_view(), name="email_sign_in"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", account_pages.account_page, name="account"),
    path("mobile-number/", account_pages.change_number, name="change_number"),
    path("mobile-number/code/", account_pages.change_number_code, name="change_number_code"),
    path("email/", account_pages.change_email, name="change_email"),
    path("language/", account_pages.change_language, name="change_language"),
    path("notices/", account_pages.change_notices, name="change_notices"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("confirm/send-again/", views.send_confirmation_again, name="send_confirmation_again"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path(
        "password-reset/",
        views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# The staff site's own password reset, in the admin's look; Django's admin sign-in page links to
# it by the name admin_password_reset. Staff welcome emails lead to its confirm page.
staff_password_patterns = [
    path(
        "",
        views.PasswordResetRequestView.as_view(
            form_class=forms.StaffPasswordResetForm,
            template_name="admin/password_reset/form.html",
            email_template_name="admin/password_reset/email.txt",
            success_url=reverse_lazy("admin_password_reset_done"),
        ),
        name="admin_password_reset",
    ),
    path(
        "sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="admin/password_reset/done.html"),
        name="admin_password_reset_done",
    ),
    path(
        "<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.NewPasswordForm,
            template_name="admin/password_reset/confirm.html",
            success_url=reverse_lazy("admin_password_reset_complete"),
        ),
        name="admin_password_reset_confirm",
    ),
    path(
        "complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="admin/password_reset/complete.html"
        ),
        name="admin_password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    # A proxy's own "413 Request Entity Too Large" shows this page (README, "Production").
    path("request-too-large/", error_pages.request_too_large, name="request_too_large"),
    path("language/", views.switch_language, name="switch_language"),
    path("account/", include(auth_patterns)),
    path("", include("enrollment.urls")),
    path("legal/", include("legal.urls")),
    path("human-check/", include("captcha.urls")),
    path(f"{settings.ADMIN_URL}password-reset/", include(staff_password_patterns)),
    path(f"{settings.ADMIN_URL}two-factor/", staff_two_factor.verify, name="staff_two_factor"),
    path(
        f"{settings.ADMIN_URL}two-factor/setup/",
        staff_two_factor.setup,
        name="staff_two_factor_setup",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "portal.error_pages.bad_request"
