"""Read plain-text files: the whole file is one article; cleaning happens later for every format."""

from __future__ import annotations

from collections.abc import Iterator

from ..records import RawDocument, Skip
from . import limits as _limits
from .decode import UnreadableInput, decode_text


def too_large(text: str, limit: int) -> str | None:
    """The detail of a ``too-large`` Skip for an article over ``limit`` characters, or None."""
    if len(text) > limit:
        return (f"{len(text):,} characters of text is over the {limit:,}-character limit per article "
                "(max_article_chars); split the file")
    return None


def read_text(path: str, data: bytes, limits: _limits.Limits | None = None) -> Iterator[RawDocument | Skip]:
    limit = (limits or _limits.current()).max_article_chars
    if len(data) > 4 * limit + 4:  # no encoding takes more than four bytes a character
        yield Skip(path, "too-large", f"{len(data):,} bytes is over the {limit:,}-character limit per article "
                                      "(max_article_chars); split the file")
        return
    try:
        text = decode_text(data)
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
        return
    if detail := too_large(text, limit):
        yield Skip(path, "too-large", detail)
        return
    yield RawDocument(text=text, origin=path, format="text")
