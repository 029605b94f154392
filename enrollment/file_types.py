"""The kinds of file the portal accepts, one table: how each is recognised in its first bytes,
what Pillow calls it, the extensions people's files carry, the one it is stored under, and the
name parents read in messages."""

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"

SIGNATURES = {b"\xff\xd8\xff": JPEG, b"\x89PNG\r\n\x1a\n": PNG, b"%PDF-": PDF}
PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG}
TYPE_OF_EXTENSION = {"jpg": JPEG, "jpeg": JPEG, "png": PNG, "pdf": PDF}
STORED_EXTENSION = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
NAME = {JPEG: "JPG", PNG: "PNG", PDF: "PDF"}


def sniff(data: bytes) -> str | None:
    """The content type the file's first bytes show, whatever its name says; None if unknown."""
    return next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)
