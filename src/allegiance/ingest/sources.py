"""Find the inputs under the paths a user gives and hand each to the reader for its format."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..records import RawDocument, Skip
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

Reader = Callable[[str, bytes], Iterator[RawDocument | Skip]]

READERS: dict[str, Reader] = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".warc": read_warc, ".warc.gz": read_warc, ".arc": read_warc, ".arc.gz": read_warc,
}

#: Files larger than this are reported instead of read (a guard against runaway inputs).
MAX_FILE_BYTES = 200 * 1024 * 1024


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for compound in (".warc.gz", ".arc.gz"):
        if name.endswith(compound):
            return compound
    return path.suffix.lower()


def _sniff(data: bytes) -> Reader:
    """Pick a reader for a file whose name says nothing, from its first bytes."""
    head = data[:512].lstrip()
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(io.BytesIO(data)) as stream:
                if stream.read(5) == b"WARC/":
                    return read_warc
        except (OSError, EOFError):
            pass
        return read_text  # will be reported as binary
    if head.startswith(b"WARC/"):
        return read_warc
    if head[:1] == b"<":
        return read_html
    if head[:1] == b"{":
        return read_jsonl
    return read_text


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Skip]:
    """Every file under ``paths``, directories walked recursively in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Skip(str(path), "not-found", "no such file or directory")


def read_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[RawDocument | Skip]:
    """Read every input under ``paths``; unreadable ones come out as ``Skip`` records, never errors."""
    for item in iter_files(paths):
        if isinstance(item, Skip):
            yield item
            continue
        origin = str(item)
        try:
            size = item.stat().st_size
            if size > MAX_FILE_BYTES:
                yield Skip(origin, "too-large", f"{size} bytes is over the {MAX_FILE_BYTES}-byte limit")
                continue
            data = item.read_bytes()
        except OSError as err:
            yield Skip(origin, "unreadable", err.strerror or str(err))
            continue
        reader = READERS.get(_suffix(item)) or _sniff(data)
        try:
            yield from reader(origin, data)
        except Exception as err:  # a reader bug must not stop a corpus run
            yield Skip(origin, "reader-error", f"{type(err).__name__}: {err}")
