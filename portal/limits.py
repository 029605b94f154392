"""The site's size limits as people read them."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def size_limit_text(size_in_bytes=None) -> str:
    """A limit as people say it: "5 MB", not "5.0 MB" (the upload limit unless told another)."""
    size_in_bytes = settings.UPLOAD_MAX_BYTES if size_in_bytes is None else size_in_bytes
    megabytes = size_in_bytes / (1024 * 1024)
    if megabytes >= 1:
        return _("%(size)s MB") % {"size": f"{megabytes:.1f}".removesuffix(".0")}
    return filesizeformat(size_in_bytes)
