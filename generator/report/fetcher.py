"""A URL fetcher for WeasyPrint that serves only the report's own asset files.

WeasyPrint's default fetcher reads any file:// or http(s):// URL, and `<link rel=attachment>`
embeds the fetched file into the PDF. Names and comments come from workbooks nobody vetted,
so everything except the stylesheets and images under the package's report/assets/ is refused, even
if some markup were to slip past autoescaping.
"""

from __future__ import annotations

import mimetypes
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.report.fonts import import_weasyprint

import_weasyprint()  # before any `from weasyprint …`: no compiler runs at import

from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

ASSET_SUFFIXES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


class BlockedURL(ValueError):
    """Raised for every URL outside the asset folder; WeasyPrint logs it and renders without."""


def assets_dir() -> Path:
    """The report templates and their static CSS, shipped as package data (generator/report/assets/)."""
    return Path(str(resources.files("generator.report").joinpath("assets")))


class AssetFetcher(URLFetcher):
    def __init__(self, root: Path | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = (root or assets_dir()).resolve()
        self.refused: list[str] = []  # kept so tests and logs can see what a document asked for

    def resolve(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            raise BlockedURL(f"blocked URL: {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or path.suffix not in ASSET_SUFFIXES or not path.is_file():
            raise BlockedURL(f"blocked URL: {url[:200]}")
        return path

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
        except BlockedURL:
            self.refused.append(url)
            raise
        mime = ASSET_SUFFIXES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
