"""Site-wide form behaviour, and the parent's account forms."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import send_limited_account_email
from .form_layout import PassedOn, QuestionLayoutMixin, SubmitButton
from .human_check import HumanCheckFormMixin
from .models import AccountMessage, User, normalize_email_address
from .phone_numbers import parse_mainland_mobile, spaced_phone_number
from .signals import account_taken_back

NULL_CHARACTER = _(
    "This answer contains a hidden character (a null character) that cannot be stored: type the "
    "answer again"
)
NOT_AN_OPTION = _("Select one of the options listed")


def _is_djangos_own_message(field, key):
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return str(field.error_messages.get(key)) == str(defaults.get(key))


class PlainMessagesMixin:
    """Messages of our own where Django's would mislead or echo what was sent: a null character
    (Django's Chinese says "empty strings are not allowed"), and a choice that is not among the
    options (Django repeats the value sent, markup and all). A choice that is not an option gets
    the field's own "Select ..." message, as if nothing had been chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(message=NULL_CHARACTER)
                if isinstance(validator, ProhibitNullCharactersValidator)
                else validator
                for validator in field.validators
            ]
            if "invalid_choice" in field.error_messages and _is_djangos_own_message(
                field, "invalid_choice"
            ):
                field.error_messages["invalid_choice"] = (
                    NOT_AN_OPTION
                    if _is_djangos_own_message(field, "required")
                    else field.error_messages["required"]
                )


class PlainMessagesModelForm(PlainMessagesMixin, forms.ModelForm):
    """The admin's forms, with our messages (ModelAdmin.form)."""


class QuestionFormMixin(QuestionLayoutMixin, PlainMessagesMixin):
    """Public-service form practice: optional fields say so in their label (no asterisks), and
    the error summary can find every field by its id; `{% crispy form %}` lays it out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if self._is_optional(field) and field.label:
                field.label = _("%(label)s (optional)") % {"label": field.label}

    @staticmethod
    def _is_optional(field):
        """Uploads are never `required` to Django (a stored file counts); they say for themselves."""
        if hasattr(field, "is_optional_upload"):
            return field.is_optional_upload
        return not field.required


class SignUpForm(HumanCheckFormMixin, QuestionFormMixin, forms.Form):
    """Sign-up asks the same questions and answers the same way whether or not the address
    has an account already (portal.accounts.account_sign_up)."""

    submit_label = _("Create account")

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "We send a link to this address to confirm it, then updates on your application."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("The email address must be 254 characters or fewer"),
        },
    )
    password1 = forms.CharField(
        label=_("Create a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only numbers and not a common password."),
        error_messages={"required": _("Create a password")},
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again")},
    )

    def clean_email(self):
        return normalize_email_address(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match"))
        elif password1:
            try:
                password_validation.validate_password(
                    password1, User(email=cleaned.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignInForm(QuestionFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The email address or password is not right. Check them and try again, or reset "
            "your password."
        ),
        "inactive": _("This account is closed. Contact the community office."),
    }
    submit_label = _("Sign in")

    def layout(self):
        return ["username", "password", PassedOn("next"), SubmitButton(self.submit_label)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        # AuthenticationForm sets max_length after the field is built, so no validator checks it.
        self.fields["username"].validators.append(
            MaxLengthValidator(
                254,
                message=_("Enter an email address in the correct format, like name@example.com"),
            )
        )
        self.fields["password"].error_messages["required"] = _("Enter your password")


class PasswordResetRequestForm(
    HumanCheckFormMixin, QuestionFormMixin, auth_forms.PasswordResetForm
):
    """Django's reset request. Its email goes out under the account emails' limits (one to an
    address every few minutes, the requester's share a day: portal.accounts), whatever the page
    says, and the page says the same either way."""

    submit_label = _("Send the link")
    requester = None  # set by the view before save()

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(render_to_string(subject_template_name, context).split())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        send_limited_account_email(
            context["user"],
            message,
            kind=AccountMessage.Kind.PASSWORD_RESET,
            requester=self.requester,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].error_messages.update(
            {
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            }
        )


class StaffPasswordResetForm(PasswordResetRequestForm):
    """The staff site's reset: only staff accounts get the email (a parent's address gets
    nothing, and the page says the same either way)."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


class NewPasswordForm(QuestionFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Save the new password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].error_messages["required"] = _("Create a new password")
        self.fields["new_password2"].label = _("Type the new password again")
        self.fields["new_password2"].error_messages["required"] = _("Type the new password again")
        self.error_messages = {"password_mismatch": _("The two passwords do not match")}

    def save(self, commit=True):
        """The reset link reached the account's address, which confirms it. An account never
        confirmed before may have been made by someone else with this address: its owner
        takes it back, without what that someone left in it (signals.account_taken_back)."""
        taken_back = self.user.email_confirmed_at is None
        if taken_back:
            self.user.email_confirmed_at = timezone.now()
        user = super().save(commit)
        if taken_back and commit:
            account_taken_back.send(sender=type(user), user=user)
        return user


class MobileNumberField(forms.CharField):
    """A mainland mobile number however it is typed (spaces, dashes, +86), cleaned to E.164."""

    widget = forms.TextInput(
        attrs={
            "type": "tel",
            "autocomplete": "tel",
            "inputmode": "tel",
            "spellcheck": "false",
            "class": "input-width-20",
        }
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Enter your mobile number"),
                "max_length": _(
                    "Enter a mainland China mobile number of 11 digits, like 138 0013 8000"
                ),
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        typed = super().clean(value)
        if not typed:
            return typed
        phone = parse_mainland_mobile(typed)
        if phone is None:
            raise forms.ValidationError(
                _("Enter a mainland China mobile number of 11 digits, like 138 0013 8000"),
                code="invalid",
            )
        return phone


class PhoneSignInForm(HumanCheckFormMixin, QuestionFormMixin, forms.Form):
    """The first way in: a mobile number, to which a code is sent. The same for a number with
    an account and one without (the code makes the account: portal.phone_codes)."""

    submit_label = _("Send me a code")

    phone = MobileNumberField(
        help_text=_("We send a 6-digit code to it by text message. No password needed.")
    )


class PhoneCodeForm(QuestionFormMixin, forms.Form):
    submit_label = _("Continue")

    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "input-width-10",
            }
        ),
        error_messages={
            "required": _("Enter the 6-digit code from the text message"),
            "max_length": _("Enter the 6-digit code from the text message"),
        },
    )

    def __init__(self, *args, phone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "6 digits, sent to %(number)s. It works for %(minutes)d minutes."
        ) % {"number": spaced_phone_number(phone), "minutes": settings.PHONE_CODE_VALID_MINUTES}

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError(_("Enter the 6-digit code from the text message"))
        return code


class NewNumberForm(HumanCheckFormMixin, QuestionFormMixin, forms.Form):
    submit_label = _("Send a code to this number")

    phone = MobileNumberField(
        label=_("New mobile number"),
        help_text=_("We send a 6-digit code to it, to check that it is yours."),
    )


class AccountEmailForm(HumanCheckFormMixin, QuestionFormMixin, forms.Form):
    submit_label = _("Send the link to confirm it")

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to it, to check that it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("The email address must be 254 characters or fewer"),
        },
    )

    def clean_email(self):
        return normalize_email_address(self.cleaned_data["email"])


class AccountLanguageForm(QuestionFormMixin, forms.Form):
    submit_label = _("Save")
    first_question_is_heading = True

    language = forms.ChoiceField(
        label=_("Which language should the site and your messages use?"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language")},
    )


class AccountNoticesForm(QuestionFormMixin, forms.Form):
    submit_label = _("Save")
    first_question_is_heading = True

    notify_by = forms.ChoiceField(
        label=_("How should we tell you about your applications?"),
        help_text=_(
            "We send text messages when you must act or when something you wait for happens; "
            "the status page always shows everything."
        ),
        choices=User.NotifyBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we tell you")},
    )
