"""Ingest: read inputs of any supported format and turn each into a clean English ``Article``.

``read_inputs`` finds and reads files; ``prepare`` cleans one document, recovers its title and
date, checks its language and gives it its content-hash id. Both return ``Skip`` records instead of
raising, so one bad file never stops a corpus run; with ``strict=True`` both raise ``InputError``
at the first one instead. The size, line, decompression and time limits live in ``limits``
(see docs/hardening.md).
"""

from __future__ import annotations

import datetime as dt

from ..records import Article, RawDocument, Skip
from .clean import clean_text
from .dedup import article_id
from .language import is_english
from .limits import Limits
from .sources import InputError, read_inputs

__all__ = ["InputError", "Limits", "prepare", "read_inputs"]

#: Articles shorter than this after cleaning hold too little to code.
MIN_CHARS = 40


def prepare(raw: RawDocument, *, title: str | None = None, date: dt.date | None = None,
            source: str | None = None, strict: bool = False) -> Article | Skip:
    """Clean ``raw`` into an Article; ``title``, ``date`` and ``source`` fill what the page lacks.

    A document with too little text or not in English is a ``Skip``; with ``strict=True`` it
    raises ``InputError`` instead.
    """
    result = _prepare(raw, title=title, date=date, source=source)
    if strict and isinstance(result, Skip):
        raise InputError(result)
    return result


def _prepare(raw: RawDocument, *, title: str | None, date: dt.date | None, source: str | None) -> Article | Skip:
    cleaned = clean_text(raw.text, title=raw.title or title)
    if len(cleaned.text) < MIN_CHARS:
        return Skip(raw.origin, "no-text", f"only {len(cleaned.text)} characters of text after cleaning",
                    raw.locator)
    english, language = is_english(cleaned.text)
    if not english:
        return Skip(raw.origin, "not-english", f"detected language: {language}", raw.locator)
    if raw.date:
        found_date, date_source = raw.date, "metadata"
    elif cleaned.date:
        found_date, date_source = cleaned.date, "page"
    elif date:
        found_date, date_source = date, "user"
    else:
        found_date, date_source = None, "none"
    return Article(
        article_id=article_id(cleaned.text),
        text=cleaned.text,
        blocks=cleaned.blocks,
        title=cleaned.title or title,
        date=found_date,
        date_source=date_source,
        source=raw.source or source,
        url=raw.url,
        origin=raw.origin,
        locator=raw.locator,
        format=raw.format,
        language=language if english and language == "en" else "en",
    )
