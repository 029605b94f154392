"""What the printed documents need beyond the application: the QR code staff scan at the counter."""

import functools

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def staff_lookup_url(application) -> str:
    """The admin address that opens this application for the office's staff (and no one else:
    the admin checks who asks). It names the reference number, not an internal id."""
    path = reverse("admin:enrollment_application_by_reference", args=[application.reference_number])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def qr_code_svg(text: str, *, label: str) -> str:
    """An inline SVG QR code, drawn here: no outside service sees the reference number."""
    opening = format_html('<svg role="img" aria-label="{}" class="qr-code" ', label)
    return mark_safe(_qr_code_svg(text).replace("<svg ", opening, 1))


@functools.lru_cache(maxsize=512)
def _qr_code_svg(text: str) -> str:
    """Drawing a code takes milliseconds; the same reference is printed again and again."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # Sized by the page's CSS; the caller describes it for screen readers.
    return svg.replace('width="', 'data-width="', 1).replace('height="', 'data-height="', 1)
