"""Checking what a URL carries before it reaches a query: dyads, codes, ids, dates and filters.

Anything malformed is refused with 400 and a sentence saying what was expected; anything well
formed still reaches SQL only as a parameter.
"""

from __future__ import annotations

import datetime as dt
import re

from fastapi import HTTPException

from ..ontology import plover_types
from ..relations import PERIODS
from ..store.queries import parse_dyad
from .queries import MODALITIES, EventFilter

CODE = re.compile(r"^[A-Z0-9_.]{1,24}$")
ARTICLE_ID = re.compile(r"^[0-9a-f]{1,64}$")
MAX_QUERY = 200


def bad(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def code(value: str) -> str:
    """An actor code: ISO3 (KOR) or an organisation code (UN, NATO), upper case."""
    value = value.strip().upper()
    if not CODE.match(value):
        raise bad("an actor code is letters and digits, like KOR or NATO")
    return value


def dyad(value: str) -> tuple[str, str]:
    try:
        a, b = parse_dyad(value)
    except ValueError as error:
        raise bad(str(error)) from None
    return code(a), code(b)


def article_id(value: str) -> str:
    if not ARTICLE_ID.match(value):
        raise bad("an article id is hexadecimal, like fa9c6c4d0cf1b332")
    return value


def date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad(f"{name} must be a date written YYYY-MM-DD") from None


def period(value: str) -> str:
    if value not in PERIODS:
        raise bad(f"by must be one of {', '.join(PERIODS)}")
    return value


def event_filter(since: str | None, until: str | None, plover: str | None, modality: str | None,
                 origin: str | None) -> EventFilter:
    """The dyad events filter; an empty field means no restriction."""
    plover = (plover or "").strip().upper() or None
    if plover and plover not in plover_types():
        raise bad(f"plover must be one of {', '.join(plover_types())}")
    modality = (modality or "").strip().lower() or None
    if modality and modality not in MODALITIES:
        raise bad(f"modality must be one of {', '.join(MODALITIES)}")
    origin = (origin or "").strip() or None
    if origin and not re.match(r"^[A-Za-z0-9_.-]{1,40}$", origin):
        raise bad("origin is 'coded' or an importer's name")
    return EventFilter(since=date(since, "since"), until=date(until, "until"), plover=plover,
                       modality=modality, origin=origin)


def query(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > MAX_QUERY:
        raise bad(f"a search is at most {MAX_QUERY} characters")
    return value
