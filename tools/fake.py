"""Made-up but valid things a parent types or uploads: resident ID numbers, images and PDFs.
No Django here, so that tools running outside a configured project (the load test's parents)
use the same ones as the tests and the seeded benchmark."""

import datetime
import io
import itertools

from PIL import Image
from pypdf import PdfWriter
from stdnum.cn import ric

BEIJING_DONGCHENG = "110101"
_serials = itertools.count(1)


def resident_id(born: datetime.date, *, male=True, serial=None, region=BEIJING_DONGCHENG) -> str:
    """A valid 18-character resident ID number (GB 11643) for a birth date and sex.

    The three-digit order code is odd for men and even for women; `serial` keeps people born on
    the same day apart (a counter when not given). Order code 000 is never issued.
    """
    serial = next(_serials) if serial is None else serial
    order = (serial % 499 + 1) * 2 + (1 if male else 0)
    body = f"{region}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


def image_bytes(width=400, height=500, fmt="JPEG", color=(200, 180, 160), **save_args) -> bytes:
    """A plain image of a size and format, as a scan or a photo would be uploaded."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt, **save_args)
    return buffer.getvalue()


def phone_photo_bytes(width=4032, height=3024) -> bytes:
    """A JPEG the size a phone camera takes (12 megapixels, about 4.5 MB): grain and blotches
    over a gradient, so it compresses about as badly as a real photo, within the upload limit."""
    grain = Image.effect_noise((width, height), 20)
    gradient = Image.linear_gradient("L").resize((width, height))
    channels = []
    for _ in range(3):
        blotches = Image.effect_noise((width // 4, height // 4), 40).resize(
            (width, height), Image.Resampling.BICUBIC
        )
        channels.append(Image.blend(Image.blend(blotches, gradient, 0.4), grain, 0.3))
    buffer = io.BytesIO()
    Image.merge("RGB", channels).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def pdf_bytes(alter=None, *, pages=1) -> bytes:
    """A real PDF of blank A4 pages as pypdf writes it; `alter(writer)` changes it first. (The
    portal opens every PDF and refuses one it cannot read.)"""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if alter:
        alter(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()
