"""Find a page's publication date in its own words.

Scraped pages print their date in a header line ("Thursday, November 6, 2025", "Published:
2019-07-04", "Seoul, April 27, 2018"). Only such header lines count: a date inside a sentence
("in 2023 alone") describes something else, not when the page appeared.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(r"(?P<year>(?:19|20)\d\d)[-./](?P<month>\d{1,2})[-./](?P<day>\d{1,2})\b"),
]
#: Words that may stand before a date on a header line.
_LEAD = re.compile(
    r"^\s*(?:(?:published|posted|updated|date|dated|last updated)\s*(?:on|:)?\s*|"
    r"[A-Z][A-Za-z .'-]{1,30},\s+)?",
    re.I,
)


def _to_date(match: re.Match) -> dt.date | None:
    month = match.group("month")
    month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return dt.date(int(match.group("year")), month_number, int(match.group("day")))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first date in ``text``, written in any of the usual news forms, or None."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (found := _to_date(match)):
            return found
    return None


def header_date(line: str) -> dt.date | None:
    """The date if ``line`` is a date line (a date with at most a label or a dateline before it)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    lead = _LEAD.match(stripped)
    rest = stripped[lead.end():] if lead else stripped
    for pattern in _PATTERNS:
        match = pattern.match(rest)
        if match and len(rest[match.end():].strip(" .,|-–—")) <= 12:
            return _to_date(match)
    return None
