"""Read HTML pages: the article body with trafilatura, the title and date from the page's metadata."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import trafilatura

from ..records import RawDocument, Skip
from .decode import UnreadableInput, decode_text

_CLOSING_HTML = re.compile(rb"</html\s*>\s*$", re.I)


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def document_from_html(markup: str, origin: str, locator: str = "", url: str | None = None,
                       truncated: bool = False, format: str = "html") -> RawDocument | Skip:
    """Extract one page's main text and metadata; a Skip when the page has no article text."""
    text = trafilatura.extract(markup, include_comments=False, include_tables=False,
                               favor_precision=True, deduplicate=True, url=url)
    if not text or not text.strip():
        return Skip(origin, "no-text", "no article text found in the page", locator)
    meta = trafilatura.extract_metadata(markup, default_url=url)
    title = date = source = None
    if meta is not None:
        title, date, source = meta.title, _parse_date(meta.date), meta.sitename
        url = url or meta.url
    return RawDocument(text=text, origin=origin, locator=locator, format=format, title=title,
                       date=date, url=url, source=source, is_html=True, truncated=truncated)


def read_html(path: str, data: bytes) -> Iterator[RawDocument | Skip]:
    """Yield the article of one HTML file; a page cut off before ``</html>`` is flagged as truncated."""
    try:
        markup = decode_text(data)
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
        return
    truncated = not _CLOSING_HTML.search(data.rstrip()[-200:])
    yield document_from_html(markup, path, truncated=truncated)
