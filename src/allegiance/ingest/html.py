"""Read HTML pages: the article body with trafilatura, the title and date from the page's metadata."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import trafilatura

from ..records import RawDocument, Skip
from . import limits as _limits
from .decode import UnreadableInput, decode_text
from .text import too_large

_CLOSING_HTML = re.compile(r"</html\s*>\s*$", re.I)


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def document_from_html(markup: str, origin: str, locator: str = "", url: str | None = None,
                       truncated: bool = False, format: str = "html",
                       limits: _limits.Limits | None = None) -> RawDocument | Skip:
    """Extract one page's main text and metadata; a Skip when the page has no article text.

    Markup over ``max_markup_chars`` is refused before extraction, so no page can keep the
    parser busy for long; a parser failure on hostile markup is a ``bad-html`` Skip.
    """
    limits = limits or _limits.current()
    if len(markup) > limits.max_markup_chars:
        return Skip(origin, "too-large", f"{len(markup):,} characters of HTML is over the "
                    f"{limits.max_markup_chars:,}-character limit per page (max_markup_chars)", locator)
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=False,
                                   favor_precision=True, deduplicate=True, url=url)
        meta = trafilatura.extract_metadata(markup, default_url=url) if text and text.strip() else None
    except (RecursionError, MemoryError) as err:
        return Skip(origin, "bad-html", f"the page could not be parsed ({type(err).__name__}: nested too "
                    "deeply or too large)", locator)
    except Exception as err:  # a parser bug on hostile markup must not stop the file
        return Skip(origin, "bad-html", f"the page could not be parsed ({type(err).__name__}: "
                    f"{str(err)[:120]})", locator)
    if not text or not text.strip():
        return Skip(origin, "no-text", "no article text found in the page", locator)
    if detail := too_large(text, limits.max_article_chars):
        return Skip(origin, "too-large", detail, locator)
    title = date = source = None
    if meta is not None:
        title, date, source = meta.title, _parse_date(meta.date), meta.sitename
        url = url or meta.url
    return RawDocument(text=text, origin=origin, locator=locator, format=format, title=title,
                       date=date, url=url, source=source, is_html=True, truncated=truncated)


def read_html(path: str, data: bytes, limits: _limits.Limits | None = None) -> Iterator[RawDocument | Skip]:
    """Yield the article of one HTML file; a page cut off before ``</html>`` is flagged as truncated."""
    limits = limits or _limits.current()
    if len(data) > 4 * limits.max_markup_chars + 4:
        yield Skip(path, "too-large", f"{len(data):,} bytes is over the {limits.max_markup_chars:,}-character "
                                      "limit per page (max_markup_chars)")
        return
    try:
        markup = decode_text(data)
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
        return
    truncated = not _CLOSING_HTML.search(markup.rstrip()[-200:])  # decoded: UTF-16 pages too
    yield document_from_html(markup, path, truncated=truncated, limits=limits)
