from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import forms, views

auth_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=forms.SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetRequestForm),
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

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("language/", views.switch_language, name="switch_language"),
    path("account/", include(auth_patterns)),
    path("", include("enrollment.urls")),
    path("legal/", include("legal.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
