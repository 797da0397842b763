"""Resolve a clause's own time expression against the article's date.

"On Friday" in an article of Saturday 8 November is 7 November; "Feb. 15" in a 2025 article is
15 February 2025; "in 2016" is 2016. The event records whether its date came from the sentence or
fell back to the article's date, so analyses can tell exact dates from approximate ones.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span, Token

from ..ingest.dates import MONTHS, find_date

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_DAY = re.compile(r"\b(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True))
                        + r")\.?\s+(?P<day>\d{1,2})\b", re.I)
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True))
                        + r")\b", re.I)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1, "this morning": 0, "earlier today": 0}


def resolve(expression: str, anchor: dt.date) -> dt.date | None:
    """The calendar date ``expression`` names, read relative to ``anchor`` (the article date)."""
    text = expression.lower().strip()
    if (full := find_date(expression)) is not None:
        return full
    for phrase, offset in _RELATIVE.items():
        if phrase in text:
            return anchor + dt.timedelta(days=offset)
    for index, name in enumerate(_WEEKDAYS):
        if name in text:
            back = (anchor.weekday() - index) % 7
            if "next" in text:
                return anchor + dt.timedelta(days=(index - anchor.weekday()) % 7 or 7)
            return anchor - dt.timedelta(days=back)
    match = _MONTH_DAY.search(expression) or _DAY_MONTH.search(expression)
    if match:
        month = MONTHS[match.group("month").lower().rstrip(".")]
        year = int(y.group(1)) if (y := _YEAR.search(expression)) else anchor.year
        try:
            day = dt.date(year, month, int(match.group("day")))
        except ValueError:
            return None
        if not _YEAR.search(expression) and day > anchor + dt.timedelta(days=7):
            day = day.replace(year=year - 1)
        return day
    if "last month" in text:
        first = anchor.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1)
    if "last year" in text:
        return dt.date(anchor.year - 1, 1, 1)
    if (year := _YEAR.fullmatch(text.removeprefix("in ").strip())) is not None:
        return dt.date(int(year.group(1)), 1, 1)
    return None


def _clause_of(token: Token) -> Token | None:
    """The nearest verb above ``token``: the clause a time expression belongs to."""
    current = token.head
    for _ in range(20):
        if current.pos_ in ("VERB", "AUX") or current.dep_ == "ROOT":
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def event_date(verb: Token, sentence: Span, anchor: dt.date | None) -> tuple[dt.date | None, str]:
    """The date of the event headed by ``verb`` and its basis: ``sentence``, ``article`` or ``none``."""
    if anchor is None:
        return None, "none"
    dates = [ent for ent in sentence.ents if ent.label_ in ("DATE", "TIME") and (_clause_of(ent.root) or ent.root).i == verb.i]
    dates.sort(key=lambda ent: abs(ent.root.i - verb.i))
    for ent in dates:
        if (found := resolve(ent.text, anchor)) is not None:
            return found, "sentence"
    return anchor, "article"
