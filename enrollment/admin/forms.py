"""The small forms staff fill in for the moves that need data."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.form_layout import StaffLayoutMixin
from portal.forms import PlainMessagesMixin, PlainMessagesModelForm

from .. import fee_changes, payment_import, validators
from ..applications import services
from ..children import contributions
from ..models import Application, CoverYear, FeeScheduleChange

ISO_DATE = "%Y-%m-%d"


class FeeScheduleForm(PlainMessagesModelForm):
    """A fee schedule, and what happens to what families owe when its individual contribution
    changes after they were quoted it (fee_changes): asked only then, before saving (the admin
    shows the question only with its message, FeeScheduleAdmin.render_change_form)."""

    dues = forms.ChoiceField(
        label=_("What families owe at the old contribution"),
        choices=FeeScheduleChange.Dues.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Keeping it, each family pays the figure it was quoted, and new applications the "
            "new one. Quoting again, every unpaid year takes the new figure and each family is "
            "told. Paid years never change."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or "individual_contribution" not in self.changed_data:
            return cleaned
        if cleaned.get("dues"):
            return cleaned
        old = self.initial["individual_contribution"]
        dues = fee_changes.dues_at(self.instance, old)
        if dues.any:
            self.data = self.data.copy()
            self.data[self.add_prefix("dues")] = FeeScheduleChange.Dues.KEPT
            self.add_error(
                "dues",
                _(
                    "%(owing)s children owe ¥%(old)s for %(year)s and %(paid)s paid it. Choose "
                    "what happens to what they owe, then save again."
                )
                % {"owing": dues.owing, "paid": dues.paid, "old": old, "year": self.instance.year},
            )
        return cleaned

    @property
    def requotes(self) -> bool:
        return self.cleaned_data.get("dues") == FeeScheduleChange.Dues.REQUOTED


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value is YYYY-MM-DD in every language, the only form the
    HTML standard allows: the language's own way (2026/11/25 in Chinese) leaves it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class MoveForm(StaffLayoutMixin, PlainMessagesMixin, forms.Form):
    """The form of one staff move, made for the application it moves: its starting values and
    its checks may depend on the application. `apply(by=...)` makes the move."""

    def __init__(self, data=None, *, application, **kwargs):
        self.application = application
        super().__init__(data, initial=self.starting_values(), **kwargs)

    def starting_values(self):
        """What the fields show before staff type anything."""
        return {}


class ReturnForm(MoveForm):
    changes_needed = forms.CharField(
        label=_("What must the parent change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("The parent reads this in the email and on the application's page."),
        error_messages={"required": _("Say what the parent must change")},
    )

    def apply(self, *, by):
        return services.application_return(
            application=self.application, by=by, changes_needed=self.cleaned_data["changes_needed"]
        )


class VerifyForm(MoveForm):
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
        help_text=_("The parent reads this in the email and on the application's page."),
    )

    def apply(self, *, by):
        return services.application_verify(
            application=self.application, by=by, note=self.cleaned_data["note"]
        )


class PaymentFields(forms.Form):
    """What a receipt says, for the application's payment and for one cover year's."""

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
        widget=DatePicker,
        input_formats=[ISO_DATE],
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
    # Shown only once a payment date after a deadline has been refused (see clean).
    late_confirmed = forms.BooleanField(
        label=_(
            "The date is the one on the receipt: record the payment as made after the deadline"
        ),
        required=False,
        widget=forms.HiddenInput,
    )

    def years_paid(self) -> list[CoverYear]:
        """The years the payment pays for, each with its child, schedule and subsidy group."""
        return []

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        validators.check_paid_on(paid_on, timezone.localdate())
        return paid_on

    def clean(self):
        """A payment made after a year's deadline buys less cover than quoted: the form says
        what it buys, and records it once staff tick that the date is the receipt's."""
        cleaned = super().clean()
        paid_on = cleaned.get("paid_on")
        if paid_on is None or cleaned.get("late_confirmed"):
            return cleaned
        late = [
            settled.late_summary
            for settled in (
                contributions.as_if_paid(year, paid_on=paid_on) for year in self.years_paid()
            )
            if settled.paid_after_deadline
        ]
        if late:
            self.fields["late_confirmed"].widget = forms.CheckboxInput()
            for summary in late:
                self.add_error("paid_on", summary)
            self.add_error(
                "late_confirmed",
                _("Check the date on the receipt, then tick this box to record the payment"),
            )
        return cleaned


class PaymentForm(MoveForm, PaymentFields):
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        error_messages={"required": _("Enter the receipt number")},
    )
    field_order = ["receipt_number", "amount", "paid_on", "channel"]

    def starting_values(self):
        return {"amount": self.application.fee_due, "paid_on": timezone.localdate()}

    def years_paid(self):
        return contributions.due_years(self.application)

    def apply(self, *, by):
        data = self.cleaned_data
        return services.application_record_payment(
            application=self.application,
            by=by,
            receipt_number=data["receipt_number"].strip(),
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
        )


class YearPaymentForm(StaffLayoutMixin, PlainMessagesMixin, PaymentFields):
    """One cover year's payment, typed from a receipt: a row the tax authority's list did not
    match, or a family paying at the counter."""

    ticket_number = forms.CharField(
        label=_("Receipt or ticket number"),
        max_length=40,
        error_messages={"required": _("Enter the receipt or ticket number")},
    )
    field_order = ["ticket_number", "amount", "paid_on", "channel"]

    def __init__(self, data=None, *, cover_year, **kwargs):
        self.cover_year = cover_year
        initial = {"amount": cover_year.amount_due, "paid_on": timezone.localdate()}
        super().__init__(data, initial=initial, **kwargs)

    def years_paid(self):
        return [self.cover_year]

    def apply(self, *, by):
        data = self.cleaned_data
        return services.cover_year_record_payment(
            cover_year=self.cover_year,
            by=by,
            ticket_number=data["ticket_number"].strip(),
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
        )


def card_issued_on_field():
    """When the card was issued: one card (CardForm) or a batch's (admin/card_batches.py)."""
    return forms.DateField(
        label=_("Issued on"),
        widget=DatePicker,
        input_formats=[ISO_DATE],
        error_messages={
            "required": _("Enter the date the card was issued"),
            "invalid": _("Enter a real date, like 2026-11-25"),
        },
    )


def collection_place_field():
    """Where families collect the card: one card (CardForm) or a batch's (admin/card_batches.py)."""
    return forms.CharField(
        label=_("Where the family collects the card (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "Leave empty when the family collects it at the office: the parent then reads the "
            "office's name and address in their own language."
        ),
    )


class CardForm(MoveForm):
    card_number = forms.CharField(
        label=_("Social security card number"),
        max_length=40,
        error_messages={"required": _("Enter the card number")},
    )
    issued_on = card_issued_on_field()
    collection_place = collection_place_field()

    def starting_values(self):
        return {"issued_on": timezone.localdate()}

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        validators.check_card_issued_on(
            issued_on, timezone.localdate(), paid_on=self.application.paid_on
        )
        return issued_on

    def apply(self, *, by):
        data = self.cleaned_data
        return services.application_issue_card(
            application=self.application,
            by=by,
            card_number=data["card_number"].strip(),
            issued_on=data["issued_on"],
            collection_place=data["collection_place"].strip(),
        )


class RejectForm(MoveForm):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("The parent reads this in the email and on the application's page."),
        error_messages={"required": _("Give the reason for the rejection")},
    )

    def apply(self, *, by):
        return services.application_reject(
            application=self.application, by=by, reason=self.cleaned_data["reason"]
        )


class ChildIdNumberForm(MoveForm):
    """Not a move: staff add the ID number of a newborn who applied with the birth medical
    certificate number, once the household registration is done."""

    id_number = forms.CharField(
        label=_("Child's resident ID number"),
        max_length=40,
        help_text=_(
            "18 characters, from the child's page of the household register. It must agree "
            "with the date of birth and sex the parent gave."
        ),
        error_messages={"required": _("Enter the child's resident ID number")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_id_number(self):
        return validators.clean_resident_id(self.cleaned_data["id_number"])

    def apply(self, *, by):
        return services.child_add_id_number(
            application=self.application, by=by, id_number=self.cleaned_data["id_number"]
        )


ADD_CHILD_ID_NUMBER = _("Add the child's ID number")


class NoteMoveForm(MoveForm):
    """A staff move that needs nothing but an optional note for the parent."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The parent reads this in the email and on the application's page."),
    )

    def __init__(self, data=None, *, application, move, **kwargs):
        self.move = move
        super().__init__(data, application=application, **kwargs)

    def apply(self, *, by):
        return services.move_application(
            application=self.application, move=self.move, by=by, note=self.cleaned_data["note"]
        )


# The staff moves that ask for more than a note (statuses.MOVES names every move).
MOVE_FORMS = {
    "return": ReturnForm,
    "verify": VerifyForm,
    "record_payment": PaymentForm,
    "issue_card": CardForm,
    "reject": RejectForm,
}


def move_form(move: str, data=None, *, application) -> MoveForm:
    if move in MOVE_FORMS:
        return MOVE_FORMS[move](data, application=application)
    return NoteMoveForm(data, application=application, move=move)


class PaymentListForm(StaffLayoutMixin, PlainMessagesMixin, forms.Form):
    """The tax authority's payment list, uploaded for a preview: read and checked whole here, so
    that a malformed file comes back with every problem named and nothing stored."""

    payment_list = forms.FileField(
        label=_("Payment list (CSV or XLSX)"),
        help_text=_(
            "A list of 10,000 rows takes about 5 to 10 seconds to upload and check. Your browser "
            "shows how far the upload has got; keep this page open until the preview appears."
        ),
        error_messages={
            "required": _("Choose the payment list to upload"),
            "empty": _("The selected file is empty"),
        },
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    # A refused list is refused whole.
    error_note = _(
        "There is a problem with the list: nothing was stored or recorded. Correct the list and "
        "upload it again."
    )

    def clean_payment_list(self):
        return payment_import.read_upload(self.cleaned_data["payment_list"])
