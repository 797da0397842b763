"""Read JSON Lines: one article per line, ``text`` required, ``title``/``date``/``url``/``source`` optional.

A broken line is reported with its line number and the other lines are kept. A ``text`` that holds
HTML markup goes through the same extraction as an HTML page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from ..records import RawDocument, Skip
from . import limits as _limits
from .decode import UnreadableInput, decode_lines, unpaired_surrogate
from .html import document_from_html
from .text import too_large


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    return str(value).strip() or None if value is not None else None


def _parse_record(record: object, path: str, locator: str, limits: _limits.Limits) -> RawDocument | Skip:
    if not isinstance(record, dict):
        return Skip(path, "bad-record", "each line must be a JSON object", locator)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skip(path, "bad-record", 'the object has no non-empty "text" string', locator)
    for key in ("date", "title", "url", "source"):
        if isinstance(record.get(key), (dict, list)):
            return Skip(path, "bad-record", f'"{key}" must be a string, not a JSON {type(record[key]).__name__}',
                        locator)
    fields = {key: _optional_str(record, key) for key in ("date", "title", "url", "source")}
    for key, value in (("text", text), *fields.items()):
        if value is not None and (at := unpaired_surrogate(value)) is not None:
            return Skip(path, "bad-record", f'"{key}" holds an unpaired UTF-16 surrogate at character {at} '
                        "(an escape such as \\ud800 without its pair), which is not text", locator)
    date = None
    if (raw_date := fields["date"]) is not None:
        try:
            date = dt.date.fromisoformat(raw_date[:10])
        except ValueError:
            return Skip(path, "bad-record", f'"date" is not an ISO date: {raw_date[:40]!r}', locator)
    title, url, source = fields["title"], fields["url"], fields["source"]
    if text.lstrip().startswith("<"):
        page = document_from_html(text, path, locator, url=url, format="jsonl", limits=limits)
        if isinstance(page, Skip):
            return page
        return RawDocument(text=page.text, origin=path, locator=locator, format="jsonl",
                           title=title or page.title, date=date or page.date, url=url,
                           source=source or page.source, is_html=True)
    if detail := too_large(text, limits.max_article_chars):
        return Skip(path, "too-large", detail, locator)
    return RawDocument(text=text, origin=path, locator=locator, format="jsonl",
                       title=title, date=date, url=url, source=source)


def read_jsonl(path: str, data: bytes | BinaryIO,
               limits: _limits.Limits | None = None) -> Iterator[RawDocument | Skip]:
    """One article per line; a bad line is a Skip with its line number and the others are kept.

    ``data`` is the file's bytes or the open file (seekable), which is read a line at a time, so
    a feed of any size takes the memory of one line. Lines end at ``\n`` only (``\r\n`` too):
    JSON strings may hold U+2028 and the like, which ``str.splitlines`` would wrongly treat as
    line ends.
    """
    limits = limits or _limits.current()
    try:
        lines = decode_lines(io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data)
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        if len(line) > limits.max_line_chars:
            yield Skip(path, "line-too-long", f"{len(line):,} characters is over the {limits.max_line_chars:,}-"
                       "character limit per line (max_line_chars)", locator)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(path, "bad-json", f"invalid JSON at column {err.colno}: {err.msg}", locator)
            continue
        except RecursionError:
            yield Skip(path, "bad-json", "the JSON is nested too deeply to read", locator)
            continue
        except ValueError as err:  # e.g. an integer of more than 4300 digits
            yield Skip(path, "bad-json", f"invalid JSON: {str(err)[:120]}", locator)
            continue
        yield _parse_record(record, path, locator, limits)
