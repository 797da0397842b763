"""Remove wire-service datelines and bylines from the start of paragraphs.

Agency copy opens with where it was filed and by whom: "SEOUL (Reuters) - ", "NAIROBI, Kenya
(AP) — ", "BEIJING, March 3 (Xinhua) -- ", "WASHINGTON — ", and a line "By Jane Doe, Reuters".
None of it is news. Left in, the actor matcher reads the dateline city as a party to the first
sentence ("SEOUL ... North Korea fired" makes Seoul an actor) and the agency as one more actor
("Reuters" is a British news outlet). They are removed here, once, for every input format, before
the article's text and block offsets are built, so every later offset points into the text the
coder actually read.

A dateline is recognised only by its shape: an agency in parentheses followed by a dash, or a
place written in capitals followed by a dash. A sentence that merely starts with a city ("Seoul
said on Monday ...") has neither and is kept. The agencies live in ``data/news_agencies.csv``.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from .dates import MONTHS

_DASH = r"(?:--|[-–—―])"
_WORD = r"[A-Z][\w.'’-]*"
_LINK = r"(?:de|da|do|del|di|la|le|el|al|van|von|der|bin|upon|on)"
_PLACE = rf"{_WORD}(?:\s+(?:{_LINK}\s+)?{_WORD}){{0,4}}"
_CAPS_PLACE = r"(?=[A-Z.'’\s-]*?[A-Z]{3})[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,2}"
_REGION = rf"(?:,\s*{_WORD}(?:\s+{_WORD}){{0,2}})"
_MONTH = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
_WHEN = rf"(?:,?\s*{_DATE})?"
_ROLE = r"(?:(?:Senior|Staff|Chief|Special|Foreign|Diplomatic|Political|Security|Economics|Business)\s+)?" \
        r"(?:Writer|Correspondent|Reporter|Editor|Staff)"


@lru_cache(maxsize=1)
def agency_forms() -> tuple[str, ...]:
    """Every written form of the news agencies in ``data/news_agencies.csv``, longest first."""
    with resources.files(__package__).joinpath("data/news_agencies.csv").open(encoding="utf-8") as handle:
        forms = {form.strip() for row in csv.DictReader(handle) for form in row["forms"].split("|") if form.strip()}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    agency = "(?i:" + "|".join(re.escape(form) for form in agency_forms()) + ")"
    with_agency = re.compile(
        rf"(?:{_PLACE}{_REGION}{{0,2}}{_WHEN}\s*)?\(\s*{agency}\s*\)\s*(?:{_DASH}+|:)\s*")
    # no agency: the place must be in capitals and a dash must follow it ("WASHINGTON — ")
    capitals = re.compile(rf"(?P<place>{_CAPS_PLACE}){_REGION}{{0,2}}{_WHEN}\s*(?:—|–|―|--|-(?=\s))\s*"
                          r"(?=[A-Z0-9\"“‘'(].*[a-z])")
    name = rf"{_WORD}(?:\s+(?:{_LINK}\s+){{0,2}}{_WORD}){{0,3}}"
    credit = rf"(?:\s*(?:,|\||/|{_DASH})\s*|\s+for\s+|\s+)(?:(?:the\s+)?{agency}(?:\s+{_ROLE})?|{_ROLE}|in\s+{_PLACE})"
    byline = re.compile(rf"(?:By|BY)\s+(?:(?:the\s+)?{agency}|{name}(?:\s*(?:,|and|&)\s*{name})*(?:{credit}){{0,2}})\.?")
    return with_agency, capitals, byline


def _dateline_end(line: str, at: int = 0) -> int:
    """Where a dateline that starts at ``at`` ends, or ``at`` when there is none."""
    with_agency, capitals, _ = _patterns()
    if match := with_agency.match(line, at):
        return match.end()
    match = capitals.match(line, at)
    if match and match.group("place").strip() not in agency_forms():  # "KCNA — " is a source, not a place
        return match.end()
    return at


def is_byline(line: str) -> bool:
    """True for a line that only says who wrote the story ("By Jane Doe, Reuters")."""
    return _patterns()[2].fullmatch(line.strip()) is not None


def strip_dateline(line: str) -> str:
    """``line`` without a leading byline-and-dateline or dateline ("SEOUL (Reuters) - ")."""
    end = _dateline_end(line)
    if end == 0:  # "By Jane Doe, Reuters SEOUL (Reuters) - ...": a byline run into the dateline
        byline = _patterns()[2].match(line)
        if byline and (after := _dateline_end(line, _skip_space(line, byline.end()))) > byline.end():
            end = after
    return line[end:].lstrip() if end else line


def _skip_space(line: str, at: int) -> int:
    while at < len(line) and line[at].isspace():
        at += 1
    return at
