"""The child's photo for the social security card, for the children the office makes a card
for with the application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import QuestionFormMixin
from portal.limits import size_limit_text

from .. import uploads
from ..applications import answers
from ..models import Document
from .base import Section, Step, document_answer
from .questions import DocumentField, DocumentUploadsMixin


class PhotoForm(DocumentUploadsMixin, QuestionFormMixin, forms.Form):
    photo = DocumentField(
        kind=Document.Kind.PHOTO,
        document_name=_("The child's photo"),
        checker=uploads.check_photo,
        label=_("Upload the child's photo"),
        missing_message=_("Upload a photo of the child"),
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _(
            "A recent colour photo of the child's face, facing the camera, on a plain white "
            "background. JPG or PNG, at least %(width)d by %(height)d pixels, taller than wide, "
            "smaller than %(limit)s. It is cut to the card photo's size and shown to you before "
            "you go on."
        ) % {
            "width": uploads.PHOTO_MIN_WIDTH,
            "height": uploads.PHOTO_MIN_HEIGHT,
            "limit": size_limit_text(),
        }

    @property
    def awaiting_confirmation(self) -> bool:
        """A card photo stored and not yet confirmed, with no refused upload to show instead:
        the page shows the photo as it will be printed and asks whether to use it."""
        photo = self.fields["photo"].document
        return photo is not None and photo.confirmed_at is None and not self.errors


class PhotoStep(Step):
    """Its one answer is the photo, which Step.save stores, made into the card photo, as soon as
    it passes its checks. The page then shows it as it will be printed, and the step is complete
    only once the parent chooses to use it (a new upload asks again)."""

    identifier = "photo"
    label = _("Photo")
    title = _("A photo of the child for the social security card")
    template_name = "enrollment/step_photo.html"

    def is_applicable(self, application):
        return application.needs_photo

    def is_completed(self, application):
        """Uploaded, and confirmed by the parent once shown as it will be printed."""
        photo = application.document(Document.Kind.PHOTO)
        return photo is not None and photo.confirmed_at is not None

    def summary(self, application):
        if not application.needs_photo:
            return None
        return Section(
            self.identifier,
            self.label,
            [document_answer(application, Document.Kind.PHOTO, _("Photo"), "id_photo")],
        )

    def make_form(self, application, data=None, files=None):
        return PhotoForm(data, files, application=application)

    def save(self, form, application):
        if form.data.get("use_photo") and form.fields["photo"].document is not None:
            answers.photo_confirm(application=application)
            return True
        return super().save(form, application)
