"""Strip web boilerplate from page text and split it into blocks.

Scraped text keeps what a browser showed around the article: breadcrumbs ("Home > Opinion >
Columns"), widget titles ("Related Posts"), share and comment prompts, photo captions printed twice.
None of it is news, and every sentence of it that reached the coder would be noise, so it is removed
here, once, for every format. The patterns live in ``data/boilerplate.txt`` so they can be read
and extended without touching code. Wire-service bylines and datelines ("SEOUL (Reuters) - ") go
too (``bylines``), so a dateline city or an agency never reaches the coder as an actor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..records import Block
from .bylines import is_byline, strip_dateline
from .dates import header_date

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BREADCRUMB = re.compile(r"^[^>›»]{1,40}(\s[>›»]\s[^>›»]{1,40}){1,6}$")
_CAPTION_CREDIT = re.compile(r"(\[[^\[\]]{2,60}\]|\((?:photo|reuters|ap|afp|yonhap|getty)[^()]{0,40}\))\s*$", re.I)
_CAPTION_LEAD = re.compile(r"^(photo|image|picture|caption)\s*[:|]", re.I)
_SENTENCE_END = re.compile(r"[.!?…\"”’)\]]$")


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern, ...]:
    """The compiled patterns of ``data/boilerplate.txt``."""
    text = resources.files(__package__).joinpath("data/boilerplate.txt").read_text("utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return tuple(re.compile(line, re.I) for line in lines if line and not line.startswith("#"))


def is_boilerplate(line: str) -> bool:
    """True for a line that is page furniture rather than article text."""
    if not re.search(r"[^\W\d_]{2}", line):  # no word of two letters: "s", "|", "0/250"
        return True
    if _BREADCRUMB.match(line):
        return True
    return any(pattern.fullmatch(line) for pattern in boilerplate_patterns())


def block_kind(line: str) -> str:
    """``caption`` for photo captions, ``heading`` for short unpunctuated lines, else ``body``."""
    if _CAPTION_CREDIT.search(line) or _CAPTION_LEAD.match(line):
        return "caption"
    if len(line.split()) <= 14 and not _SENTENCE_END.search(line):
        return "heading"
    return "body"


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 25 and not line.endswith((".", "!", ":")) and line[:1].isupper()


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    blocks: tuple[Block, ...]
    title: str | None
    date: dt.date | None
    dropped: int  # lines removed as boilerplate or repeats


def clean_text(raw: str, title: str | None = None, find_title: bool = True) -> Cleaned:
    """Clean page text: drop boilerplate, bylines, datelines and repeats; find the header date
    and the title.

    ``title`` is the title already known (from HTML metadata or the user); repeats of it are
    dropped from the body. When it is None and ``find_title`` is set, the first headline-shaped
    line near the top becomes the title.
    """
    lines = [_SPACE.sub(" ", line).strip() for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    date = None
    seen: set[str] = set()
    kept: list[str] = []
    for position, line in enumerate(lines):
        if date is None and position < 15 and (found := header_date(line)):
            date = found
            continue
        if is_byline(line):
            continue
        line = strip_dateline(line)  # "SEOUL (Reuters) - ": before offsets exist, so they stay exact
        if not line:
            continue
        key = line.casefold()
        if key in seen or is_boilerplate(line):
            continue
        seen.add(key)
        kept.append(line)

    if title is None and find_title:
        for index, line in enumerate(kept[:5]):
            if _looks_like_title(line):
                title = kept.pop(index)
                break
    if title:
        title_key = _SPACE.sub(" ", title).strip().casefold()
        kept = [line for line in kept if line.casefold() != title_key]

    kept = _trim_tail(kept)
    blocks, parts, offset = [], [], 0
    for line in kept:
        blocks.append(Block(offset, offset + len(line), block_kind(line)))
        parts.append(line)
        offset += len(line) + 2
    return Cleaned("\n\n".join(parts), tuple(blocks), title, date, len(lines) - len(kept))


def _trim_tail(lines: list[str]) -> list[str]:
    """Drop short unpunctuated lines after the last body paragraph (widget leftovers)."""
    end = len(lines)
    while end > 0 and block_kind(lines[end - 1]) == "heading" and len(lines[end - 1].split()) <= 6:
        end -= 1
    return lines[:end]
