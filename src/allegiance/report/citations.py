"""Citations: every statement in a brief points at what the database holds.

Two kinds of evidence exist. A *sentence* is a stored sentence of a stored article (events,
quotes and claims come from one); a *dataset* is a table the statement was computed from (an
imported data set, or a count over coded events). Each distinct piece of evidence gets one number,
in the order the brief first uses it, so a reader can follow ``[3]`` to the exact words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SentenceRef:
    """One stored sentence: enough to find it again (article id and index) and to show it."""

    article_id: str
    sent_index: int
    text: str
    title: str | None
    date: dt.date | None
    source: str | None
    url: str | None


@dataclass(frozen=True)
class DatasetRef:
    """A table or query behind a number: what it is and how many rows it rests on."""

    key: str          # stable identity, e.g. "events:KOR" or "icews_dyad_year"
    description: str  # what the reader needs to know to reproduce it


@dataclass
class Citations:
    """Numbers evidence in order of first use; citing the same evidence twice reuses its number."""

    entries: list[SentenceRef | DatasetRef] = field(default_factory=list)
    _numbers: dict[tuple, int] = field(default_factory=dict)

    def cite(self, ref: SentenceRef | DatasetRef) -> int:
        key = (("s", ref.article_id, ref.sent_index) if isinstance(ref, SentenceRef) else ("d", ref.key))
        if key not in self._numbers:
            self.entries.append(ref)
            self._numbers[key] = len(self.entries)
        return self._numbers[key]

    def renumber(self, order: list[int]) -> dict[int, int]:
        """Renumber so that ``order`` (numbers in the order a reader meets them) reads 1, 2, 3...;
        entries never cited in ``order`` are dropped. Returns the old → new mapping."""
        mapping: dict[int, int] = {}
        for old in order:
            mapping.setdefault(old, len(mapping) + 1)
        self.entries = [self.entries[old - 1] for old in mapping]
        self._numbers = {key: mapping[n] for key, n in self._numbers.items() if n in mapping}
        return mapping

    def numbered(self) -> list[tuple[int, SentenceRef | DatasetRef]]:
        return list(enumerate(self.entries, start=1))
