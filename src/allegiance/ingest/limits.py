"""How much one input may cost, in one place: sizes, line lengths, decompression and time.

Every reader (text, HTML, JSON Lines, WARC) and every importer checks these limits and reports an
input that goes past one as a ``Skip`` (or an import reject) with a reason code and a sentence,
keeping the good records of the same file:

==========================  ================================================  ====================
reason                      what went past its limit                          default
==========================  ================================================  ====================
``too-large``               a file (``max_file_bytes``), an article's text    200 MiB, 1,000,000
                            (``max_article_chars``) or a page's HTML before   characters, 5,000,000
                            extraction (``max_markup_chars``)                 characters
``line-too-long``           a JSON Lines line (``max_line_chars``) or an      5,000,000 characters,
                            importer's line (``import_max_line_bytes``)       16 MiB
``decompression-bomb``      a ``.gz`` that expands past                       1 GiB (32 GiB for
                            ``max_decompressed_bytes``, or more than           importers), 100:1
                            ``max_compression_ratio`` times its compressed    past 16 MiB
                            size once past ``ratio_floor_bytes``
``timeout``                 reading one file took more than                   120 s (3,600 s for
                            ``seconds_per_file``                              importers)
==========================  ================================================  ====================

The article limit matches spaCy's default ``max_length`` (1,000,000 characters): an article
the ingest stores can always be coded.

The time budget of a reader is checked between records: readers are synchronous, and a thread
that runs a parser cannot be killed, so ``read_inputs`` adds up the time spent inside the
reader and stops reading a file once its budget is spent, keeping the records read before (a
``timeout`` Skip, ``partial`` when some were kept). No single record can run for long, because
each is cut off by a size limit before the expensive step (HTML over ``max_markup_chars`` never
reaches trafilatura). Importers run their SQL in DuckDB, which can be interrupted: a timer
interrupts the statement running when the budget is spent, and the file is reported with
nothing of it written.

Change the limits for the whole process with ``configure(...)``, for a block of code with
``with overridden(...):``, or from the environment before the process starts, e.g.
``ALLEGIANCE_LIMITS="max_article_chars=2000000,seconds_per_file=600"``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ENV = "ALLEGIANCE_LIMITS"


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force; see the module's documentation for what each one guards."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_article_chars: int = 1_000_000
    max_markup_chars: int = 5_000_000
    max_line_chars: int = 5_000_000
    max_decompressed_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: float = 100.0
    ratio_floor_bytes: int = 16 * 1024 * 1024
    seconds_per_file: float = 120.0
    import_max_line_bytes: int = 16 * 1024 * 1024
    import_max_decompressed_bytes: int = 32 * 1024 * 1024 * 1024
    import_seconds_per_file: float = 3600.0

    def replace(self, **changes) -> "Limits":
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)


def from_env(text: str | None = None) -> Limits:
    """The defaults changed by ``ALLEGIANCE_LIMITS`` (``name=value`` pairs, comma-separated)."""
    text = os.environ.get(ENV, "") if text is None else text
    changes: dict[str, float | int] = {}
    kinds = {f.name: f.type for f in dataclasses.fields(Limits)}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in kinds:
            raise ValueError(f"{ENV}: unknown limit {name!r}; known: {', '.join(kinds)}")
        try:
            changes[name] = float(value) if kinds[name] == "float" else int(value)
        except ValueError:
            raise ValueError(f"{ENV}: {name}={value!r} is not a number") from None
    return Limits().replace(**changes)


_current: Limits | None = None


def current() -> Limits:
    """The limits in force now."""
    global _current
    if _current is None:
        _current = from_env()
    return _current


def configure(limits: Limits | None = None, **changes) -> Limits:
    """Set the limits for the whole process (``limits`` or the current ones with ``changes``);
    returns the limits that were in force before."""
    global _current
    before = current()
    _current = (limits or before).replace(**changes)
    return before


@contextmanager
def overridden(**changes) -> Iterator[Limits]:
    """Change some limits for the block: ``with overridden(max_article_chars=1000): ...``."""
    before = configure(**changes)
    try:
        yield current()
    finally:
        configure(before)


class Budget:
    """A time budget that is spent only while the owner is working (see the module docs)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.spent = 0.0

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.seconds


def bytes_text(count: float) -> str:
    """``1.5 GiB``, ``16 MiB``, ``800 bytes``: sizes in error messages."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{int(count)} bytes"
