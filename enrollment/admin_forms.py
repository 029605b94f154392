"""The small forms staff fill in for the moves that need data."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Application


class ReturnForm(forms.Form):
    changes_needed = forms.CharField(
        label=_("What must the parent change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("The parent reads this in the email and on the application's page."),
        error_messages={"required": _("Say what the parent must change")},
    )

    def apply(self, *, application, by):
        return services.application_return(
            application=application, by=by, changes_needed=self.cleaned_data["changes_needed"]
        )


class VerifyForm(forms.Form):
    originals_seen = forms.BooleanField(
        label=_(
            "I have seen the originals of the household register and the guardian's ID card, "
            "and they match the application."
        ),
        error_messages={"required": _("Confirm that you have seen the originals")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def apply(self, *, application, by):
        return services.application_verify(
            application=application, by=by, note=self.cleaned_data["note"]
        )


class PaymentForm(forms.Form):
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        error_messages={"required": _("Enter the receipt number")},
    )
    amount = forms.DecimalField(
        label=_("Amount paid (yuan)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": _("Enter the amount paid"),
            "invalid": _("Enter the amount in yuan, like 400.00"),
        },
    )
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date of payment"),
            "invalid": _("Enter a real date, like 2026-11-25"),
        },
    )
    channel = forms.ChoiceField(
        label=_("Paid through"),
        choices=Application.PaymentChannel.choices,
        error_messages={"required": _("Select how the family paid")},
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The date of payment cannot be in the future"))
        return paid_on

    def apply(self, *, application, by):
        data = self.cleaned_data
        return services.application_record_payment(
            application=application,
            by=by,
            receipt_number=data["receipt_number"].strip(),
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
        )


class CardForm(forms.Form):
    card_number = forms.CharField(
        label=_("Social security card number"),
        max_length=40,
        error_messages={"required": _("Enter the card number")},
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date the card was issued"),
            "invalid": _("Enter a real date, like 2026-11-25"),
        },
    )
    collection_place = forms.CharField(
        label=_("Where the family collects the card"),
        max_length=300,
        error_messages={"required": _("Say where the family collects the card")},
    )

    def apply(self, *, application, by):
        data = self.cleaned_data
        return services.application_issue_card(
            application=application,
            by=by,
            card_number=data["card_number"].strip(),
            issued_on=data["issued_on"],
            collection_place=data["collection_place"].strip(),
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("The parent reads this in the email and on the application's page."),
        error_messages={"required": _("Give the reason for the rejection")},
    )

    def apply(self, *, application, by):
        return services.application_reject(
            application=application, by=by, reason=self.cleaned_data["reason"]
        )


MOVE_FORMS = {
    "return": (ReturnForm, _("Return for changes")),
    "verify": (VerifyForm, _("Documents verified")),
    "record_payment": (PaymentForm, _("Record the payment")),
    "issue_card": (CardForm, _("Card issued")),
    "reject": (RejectForm, _("Reject")),
}


def initial_for(move, application):
    """Sensible starting values: the fee due, today, the office's address."""
    today = timezone.localdate()
    if move == "record_payment":
        return {"amount": application.fee_due, "paid_on": today}
    if move == "issue_card":
        return {
            "issued_on": today,
            "collection_place": f"{application.office.name}, {application.office.address}",
        }
    return {}
