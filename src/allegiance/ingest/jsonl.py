"""Read JSON Lines: one article per line, ``text`` required, ``title``/``date``/``url``/``source`` optional.

A broken line is reported with its line number and the other lines are kept. A ``text`` that holds
HTML markup goes through the same extraction as an HTML page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from ..records import RawDocument, Skip
from .decode import UnreadableInput, decode_text
from .html import document_from_html


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    return str(value).strip() or None if value is not None else None


def _parse_record(record: object, path: str, locator: str) -> RawDocument | Skip:
    if not isinstance(record, dict):
        return Skip(path, "bad-record", "each line must be a JSON object", locator)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skip(path, "bad-record", 'the object has no non-empty "text" string', locator)
    date = None
    if (raw_date := _optional_str(record, "date")) is not None:
        try:
            date = dt.date.fromisoformat(raw_date[:10])
        except ValueError:
            return Skip(path, "bad-record", f'"date" is not an ISO date: {raw_date[:40]!r}', locator)
    title, url, source = (_optional_str(record, key) for key in ("title", "url", "source"))
    if text.lstrip().startswith("<"):
        page = document_from_html(text, path, locator, url=url, format="jsonl")
        if isinstance(page, Skip):
            return page
        return RawDocument(text=page.text, origin=path, locator=locator, format="jsonl",
                           title=title or page.title, date=date or page.date, url=url,
                           source=source or page.source, is_html=True)
    return RawDocument(text=text, origin=path, locator=locator, format="jsonl",
                       title=title, date=date, url=url, source=source)


def read_jsonl(path: str, data: bytes) -> Iterator[RawDocument | Skip]:
    try:
        content = decode_text(data)
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(path, "bad-json", f"invalid JSON at column {err.colno}: {err.msg}", locator)
            continue
        yield _parse_record(record, path, locator)
