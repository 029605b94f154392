from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Enrollment")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from legal import citations
        from portal.signals import account_taken_back

        from .applications.answers import delete_drafts_of_taken_back_account
        from .citations import PLACES
        from .roles import ensure_roles

        # Pillow's decompression-bomb guard, at the portal's own ceiling rather than its default.
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_IMAGE_PIXELS
        citations.register(*PLACES)
        # After every app's permissions exist, whichever app migrated last.
        post_migrate.connect(ensure_roles, dispatch_uid="enrollment.ensure_roles")
        account_taken_back.connect(
            delete_drafts_of_taken_back_account, dispatch_uid="enrollment.taken_back"
        )
