"""Find the inputs under the paths a user gives and hand each to the reader for its format."""

from __future__ import annotations

import gzip
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..records import RawDocument, Skip
from . import limits as _limits
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

#: reader(path, data, limits=None): the records of one file, Skips for what cannot be read.
Reader = Callable[..., Iterator[RawDocument | Skip]]

#: Readers given the open file instead of its bytes: they read it a line at a time, so one large
#: feed does not have to fit in memory.
STREAMING: frozenset[Reader] = frozenset({read_jsonl})

#: Bytes read from a file whose name says nothing, to tell its format.
SNIFF_BYTES = 64 * 1024

READERS: dict[str, Reader] = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".warc": read_warc, ".warc.gz": read_warc, ".arc": read_warc, ".arc.gz": read_warc,
}

#: Files larger than this are reported instead of read; kept for callers of the old name, the
#: limit in force is ``limits.current().max_file_bytes``.
MAX_FILE_BYTES = _limits.Limits().max_file_bytes


#: Every reason a ``Skip`` from ``read_inputs`` can give, with what it means.
REASONS = {
    "not-found": "the path does not exist",
    "not-a-file": "a device, pipe or socket, not a regular file",
    "unreadable": "the operating system refused to read the file",
    "empty": "the input holds no text",
    "binary": "binary data (NUL or control bytes), not text",
    "bad-encoding": "not UTF-8 (or UTF-16/UTF-32 with a byte order mark); the offset of the first bad byte is given",
    "too-large": "over max_file_bytes, max_article_chars or max_markup_chars",
    "line-too-long": "a JSON Lines line over max_line_chars",
    "decompression-bomb": "a .gz that expands past max_decompressed_bytes or max_compression_ratio",
    "timeout": "reading the file took longer than seconds_per_file; the records before were kept",
    "bad-json": "a JSON Lines line that is not valid JSON (or is nested too deeply)",
    "bad-record": "a JSON Lines object without a usable text, or with a bad field",
    "bad-html": "the HTML parser failed on the page",
    "bad-warc": "a damaged WARC archive or record; the records before the damage were kept",
    "no-text": "no article text (after extraction or cleaning)",
    "not-english": "the text is not in English",
    "truncated": "an HTML page cut off before </html>; its text was kept",
    "reader-error": "a reader failed unexpectedly (a bug: please report it)",
}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for compound in (".warc.gz", ".arc.gz"):
        if name.endswith(compound):
            return compound
    return path.suffix.lower()


def _sniff(data: bytes) -> Reader:
    """Pick a reader for a file whose name says nothing, from its first bytes (``SNIFF_BYTES``)."""
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
        elif path.exists():
            yield Skip(str(path), "not-a-file", "not a regular file (a device, pipe or socket); not read")
        else:
            yield Skip(str(path), "not-found", "no such file or directory")


class InputError(ValueError):
    """Raised by ``read_inputs(..., strict=True)`` (and ``prepare(..., strict=True)``) at the first
    input that would otherwise be recorded as a ``Skip``; ``skip`` holds its reason and location."""

    def __init__(self, skip: Skip):
        where = f" ({skip.locator})" if skip.locator else ""
        super().__init__(f"{skip.origin}{where}: {skip.reason}: {skip.detail}")
        self.skip = skip
        self.reason, self.origin, self.locator, self.detail = skip.reason, skip.origin, skip.locator, skip.detail


def truncated_skip(raw: RawDocument) -> Skip:
    """The ``partial`` Skip that records a page cut off before ``</html>``."""
    return Skip(raw.origin, "truncated", "the page ends before </html>; kept the text that could be extracted",
                raw.locator, "partial")


def _timeout(origin: str, budget: _limits.Budget, records: int) -> Skip:
    return Skip(origin, "timeout", f"reading stopped after {records} record(s) and {budget.spent:.1f} s, over the "
                f"{budget.seconds:g}-second budget per file (seconds_per_file); any records after them were not "
                "read", action="partial" if records else "skipped")


def _read_file(item: Path, limits: _limits.Limits) -> Iterator[RawDocument | Skip]:
    """One file's records, with the size limit, the time budget and reader failures turned into Skips."""
    origin = str(item)
    try:
        size = item.stat().st_size
        if size > limits.max_file_bytes:
            yield Skip(origin, "too-large", f"{size:,} bytes is over the {limits.max_file_bytes:,}-byte limit "
                                            "per file (max_file_bytes)")
            return
        reader = READERS.get(_suffix(item))
        if reader is None:
            with item.open("rb") as stream:
                reader = _sniff(stream.read(SNIFF_BYTES))
        data = item.open("rb") if reader in STREAMING else item.read_bytes()
    except OSError as err:
        yield Skip(origin, "unreadable", err.strerror or str(err))
        return
    budget = _limits.Budget(limits.seconds_per_file)
    started = time.monotonic()
    records = reader(origin, data, limits=limits)
    budget.spent += time.monotonic() - started
    kept = 0
    try:
        while True:
            started = time.monotonic()
            try:
                record = next(records)
            except StopIteration:
                return
            except OSError as err:  # a streamed file that fails part-way through
                yield Skip(origin, "unreadable", err.strerror or str(err), action="partial" if kept else "skipped")
                return
            except Exception as err:  # a reader bug must not stop a corpus run
                yield Skip(origin, "reader-error", f"{type(err).__name__}: {err}",
                           action="partial" if kept else "skipped")
                return
            finally:
                budget.spent += time.monotonic() - started
            kept += isinstance(record, RawDocument)
            yield record
            if budget.exhausted:
                yield _timeout(origin, budget, kept)
                return
    finally:
        records.close()
        if not isinstance(data, bytes):
            data.close()


def read_inputs(paths: Iterable[str | os.PathLike], *, strict: bool = False,
                limits: _limits.Limits | None = None) -> Iterator[RawDocument | Skip]:
    """Read every input under ``paths``; unreadable ones come out as ``Skip`` records, never errors.

    ``strict=True`` fails fast instead: the first Skip (or page cut off before ``</html>``)
    raises ``InputError`` with its reason and location. ``limits`` defaults to ``limits.current()``.
    """
    limits = limits or _limits.current()
    for item in iter_files(paths):
        records = [item] if isinstance(item, Skip) else _read_file(item, limits)
        for record in records:
            if strict and isinstance(record, Skip):
                raise InputError(record)
            if strict and record.truncated:
                raise InputError(truncated_skip(record))
            yield record
