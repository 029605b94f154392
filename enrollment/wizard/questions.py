"""What the wizard's forms share: yes/no answers, dates as parents type them, and uploads backed
by the application's stored documents. Messages follow public-service practice: specific and
plain."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.form_layout import StoredFile

from .. import uploads

YES_NO = [(True, _("Yes")), (False, _("No"))]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


def lift_length_limits(form, *names):
    """The model's max_length would refuse long input in Django's words before our clean_ methods
    say what is wrong in ours; the other validators (null characters...) stay."""
    for name in names:
        field = form.fields[name]
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)


def yes_no(value):
    return value in (True, "True", "true", "1")


class DocumentField(forms.FileField):
    """A file input backed by the application's stored Document of one kind.

    `document_name` names it at the start of a sentence in a message about it ("The child's page
    of the household register: the PDF is protected with a password").
    The form checks the upload with `checker`, which is told the document's name for its messages,
    and keeps the result in `form.checked_uploads`; the step stores it at once, even when other
    answers on the page still have errors, so a parent never has to choose the same file twice.
    """

    is_document_upload = True

    def __init__(
        self,
        *,
        kind,
        document_name,
        missing_message,
        checker=uploads.check_document,
        needed=True,
        optional_in_label=None,
        **kwargs,
    ):
        kwargs["required"] = False
        # Empty files reach the checker, whose message is the one parents should read.
        kwargs["allow_empty_file"] = True
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("The selected file could not be uploaded: choose it again"),
                "missing": _("The selected file could not be uploaded: choose it again"),
            },
        )
        kwargs.setdefault(
            "widget",
            forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
        )
        super().__init__(**kwargs)
        self.kind = kind
        self.document_name = document_name
        self.checker = checker
        self.missing_message = missing_message
        self.needed = needed
        # A conditional upload (needed only after some answer) is not labelled "(optional)".
        self.is_optional_upload = not needed if optional_in_label is None else optional_in_label
        self.document = None
        self.stored = None  # what the page shows of the document (portal.form_layout)


# The checks' messages that say "the selected file": on a page with several uploads, the error
# summary names the document ("The child's photo: the selected file is empty"). The photo's
# own type message already says "the photo".
UNNAMED_UPLOAD_PROBLEMS = {
    "file_type",
    "file_empty",
    "file_too_large",
    "file_name_mismatch",
    "file_unreadable",
    "image_too_many_pixels",
}


def naming_the_document(error, field):
    names_itself = field.checker is uploads.check_photo and error.code == "file_type"
    if error.code not in UNNAMED_UPLOAD_PROBLEMS or names_itself:
        return error
    problem = error.messages[0]
    return forms.ValidationError(
        _("%(document)s: %(problem)s")
        % {"document": field.document_name, "problem": problem[:1].lower() + problem[1:]},
        code=error.code,
    )


class DocumentUploadsMixin:
    """For forms with DocumentFields: checks each upload and that every needed one is present."""

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.checked_uploads = {}
        for field in self.document_fields():
            self._show(field, application.document(field.kind))

    def document_fields(self):
        return [f for f in self.fields.values() if getattr(f, "is_document_upload", False)]

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if not getattr(field, "is_document_upload", False) or name in self.errors:
                continue
            upload = cleaned.get(name)
            if upload:
                try:
                    self.checked_uploads[field.kind] = field.checker(
                        upload, document_name=field.document_name
                    )
                except forms.ValidationError as error:
                    self.add_error(name, naming_the_document(error, field))
            elif field.needed and field.document is None:
                self.add_error(name, field.missing_message)
        return cleaned

    def show_stored(self, document):
        """Show a document stored during this request next to its field."""
        for field in self.document_fields():
            if field.kind == document.kind:
                self._show(field, document)

    def _show(self, field, document):
        field.document = document
        if document is None:
            field.stored = None
            return
        url = reverse("enrollment:document", args=[self.application.public_id, document.kind])
        field.stored = StoredFile(
            document.original_name,
            url,
            document.size,
            f"{url}?size=thumbnail" if document.is_image else "",
        )
