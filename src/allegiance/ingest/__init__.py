"""Ingest: read inputs of any supported format and turn each into a clean English ``Article``.

``read_inputs`` finds and reads files; ``prepare`` cleans one document, recovers its title and
date, checks its language and gives it its content-hash id. Both return ``Skip`` records instead of
raising, so one bad file never stops a corpus run.
"""

from __future__ import annotations

import datetime as dt

from ..records import Article, RawDocument, Skip
from .clean import clean_text
from .dedup import article_id
from .language import is_english
from .sources import read_inputs

__all__ = ["prepare", "read_inputs"]

#: Articles shorter than this after cleaning hold too little to code.
MIN_CHARS = 40


def prepare(raw: RawDocument, *, title: str | None = None, date: dt.date | None = None,
            source: str | None = None) -> Article | Skip:
    """Clean ``raw`` into an Article; ``title``, ``date`` and ``source`` fill what the page lacks."""
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
