"""How much a request may carry, and what happens beyond it.

Three limits, each with a page in the site's design and language rather than a bare error:
- the whole body (REQUEST_MAX_BYTES): refused before any of it is parsed or written to disk;
- each uploaded file (UPLOAD_MAX_BYTES): only its first UPLOAD_MAX_BYTES + 1 bytes are kept,
  the rest is read and thrown away, so the form comes back with "must be smaller than ..." next
  to the field and every other answer of the page kept;
- the fields without files (DATA_UPLOAD_MAX_MEMORY_SIZE and the number of fields and files):
  Django's own limits, whose errors portal.error_pages.bad_request explains.
A proxy in front refuses what is larger still (README, "Production").
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler

from . import error_pages

# What the middleware reads and throws away of a body over the limit, so that the browser,
# still sending, receives the page instead of a reset connection. Beyond it the connection is
# simply closed: the proxy's own limit is meant to catch such bodies first.
DRAIN_MAX_BYTES = 64 * 1024 * 1024
DRAIN_CHUNK_BYTES = 64 * 1024


class CappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes on at most UPLOAD_MAX_BYTES + 1 bytes of each file,
    enough for the upload checks to see that it is too large, and swallows the rest."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        room = settings.UPLOAD_MAX_BYTES + 1 - self.received
        self.received += len(raw_data)
        if room <= 0:
            return None
        return raw_data[:room]

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


def refuse_oversized_requests(get_response):
    """Answer a body larger than REQUEST_MAX_BYTES with the "too large" page (413) before Django
    parses any of it, after reading it away up to DRAIN_MAX_BYTES."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.REQUEST_MAX_BYTES:
            return get_response(request)
        if length <= DRAIN_MAX_BYTES:
            while request.read(DRAIN_CHUNK_BYTES):
                pass
        response = error_pages.request_too_large(request)
        response["Connection"] = "close"
        return response

    return middleware
