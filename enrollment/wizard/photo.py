"""The child's photo for the social security card, for the children the office makes a card
for with the application."""

from django.utils.translation import gettext_lazy as _

from .. import answers, forms
from ..models import Document
from .base import Section, Step, document_answer


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
        return forms.PhotoForm(data, files, application=application)

    def save(self, form, application):
        if form.data.get("use_photo") and form.fields["photo"].document is not None:
            answers.photo_confirm(application=application)
            return True
        return super().save(form, application)
