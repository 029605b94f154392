"""The parent's forms outside the wizard's steps: the declaration and a withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.form_layout import SubmitButton
from portal.forms import QuestionFormMixin


class DeclarationForm(QuestionFormMixin, forms.Form):
    submit_label = _("Submit application")

    confirmed = forms.BooleanField(
        label=_(
            "I confirm that the information in this application is correct and complete, and "
            "that I am the child's parent or legal guardian."
        ),
        error_messages={
            "required": _("Confirm that the information is correct to submit the application")
        },
    )


class WithdrawForm(QuestionFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the application?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This helps the office. You can start a new application later."),
        error_messages={"max_length": _("The reason must be 500 characters or fewer")},
    )

    def layout(self):
        return ["reason", SubmitButton(_("Withdraw the application"), style="danger")]
