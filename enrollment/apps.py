from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Enrollment")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from legal import citations

        from .citations import PLACES

        # Pillow's decompression-bomb guard, at the portal's own ceiling rather than its default.
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_IMAGE_PIXELS
        citations.register(*PLACES)
