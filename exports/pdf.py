"""Rendering PDFs with WeasyPrint from Django templates, fetching nothing but our own static files.

Every URL in a document (stylesheets, images, fonts, links WeasyPrint might follow) goes through
``StaticOnlyFetcher``: a URL under ``STATIC_URL`` on the document's own made-up origin is read from the static
files finders; everything else (http, https elsewhere, file://, data:, ftp) is refused without touching the
network or the disk. Free text reaches templates escaped, so it cannot add a URL at all; the fetcher is the
second wall.
"""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The origin documents are rendered against. ``.invalid`` never resolves (RFC 2606), so even a bug that let a
# request through could not reach a real host.
DOCUMENT_ORIGIN = "https://threshold-document.invalid"
BASE_URL = f"{DOCUMENT_ORIGIN}/"


class RefusedURL(ValueError):
    """WeasyPrint skips the resource (logging a warning) and carries on."""


class StaticOnlyFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.refused = 0

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        if path is None:
            self.refused += 1
            scheme = urlsplit(url).scheme or "relative"
            logger.warning("PDF rendering refused a %s URL", scheme)
            raise RefusedURL("Only Threshold's own static files may be used in a document")
        mime_type, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(url, body=open(path, "rb"),  # noqa: SIM115 (WeasyPrint closes it)
                                  headers={"Content-Type": mime_type or "application/octet-stream"})

    @staticmethod
    def _static_path(url: str) -> str | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != DOCUMENT_ORIGIN or parts.query or parts.fragment:
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
            return None
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        return found if isinstance(found, str) else None


def render_pdf(template_name: str, context: dict, *, title: str) -> tuple[bytes, int]:
    """Render ``template_name`` to PDF bytes; returns them and the number of refused URLs. ``title`` goes in the
    document metadata: callers pass a title with no personal data (the kind of document and its reference)."""
    # Unhashed static paths on purpose: the fetcher reads them through the finders, not the manifest.
    html = render_to_string(template_name, {**context, "document_title": title,
                                            "static_prefix": settings.STATIC_URL})
    fetcher = StaticOnlyFetcher(timeout=1, allowed_protocols=("https",), allow_redirects=False)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    document.metadata.title = title
    document.metadata.authors = ["Threshold"]
    document.metadata.description = None
    document.metadata.keywords = []
    return document.write_pdf(), fetcher.refused
