"""Read plain-text files: the whole file is one article; cleaning happens later for every format."""

from __future__ import annotations

from collections.abc import Iterator

from ..records import RawDocument, Skip
from .decode import UnreadableInput, decode_text


def read_text(path: str, data: bytes) -> Iterator[RawDocument | Skip]:
    try:
        yield RawDocument(text=decode_text(data), origin=path, format="text")
    except UnreadableInput as err:
        yield Skip(path, err.reason, err.detail)
