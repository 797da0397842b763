"""The dashboard's hold on its database: one DuckDB instance, a fresh cursor per request.

DuckDB connections are not safe to share between threads, but cursors made from one connection
are independent connections to the same database instance. FastAPI runs plain ``def`` routes on a
thread pool, so every request takes its own cursor and closes it when done. The database is
opened read-only unless writes are enabled; then this process is the only writer (DuckDB allows
one writer process) and writes are serialised by a lock.

Query results are kept in a small LRU cache. A read-only database cannot change while it is open
here (DuckDB's file lock keeps writers out), so a result stays true for the server's life; with
writes enabled, every write starts a new generation and older results are not served again.

What a long-running server holds is bounded: the result cache by ``cache_size`` entries, and
DuckDB's buffer pool by ``memory_limit`` (DuckDB's own default is 80% of the machine's memory,
which it fills with cached pages of a growing database before it evicts any). Under writes the
DuckDB instance also keeps native memory that neither its own accounting nor the buffer-pool cap
covers (about a quarter of a MiB per written article, read back by queries); closing the instance
hands it back. So after every ``reopen_after`` writes the database is closed and opened again,
once the reads in progress have finished (new reads wait for the few milliseconds that takes).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..store import Database

MISSING = object()

#: DuckDB's buffer pool cap for the server; queries that need more spill to temporary files.
MEMORY_LIMIT = "256MB"

#: Writes after which the server closes and reopens its database (see the module documentation).
REOPEN_AFTER = 50


class Store:
    """An open database and the means to read it from many threads and write it from one."""

    def __init__(self, path: str | Path, *, writable: bool = False, cache_size: int = 1024,
                 memory_limit: str = MEMORY_LIMIT, reopen_after: int = REOPEN_AFTER):
        self.path = Path(path)
        self.writable = writable
        self.memory_limit = _size(memory_limit)
        self.reopen_after = reopen_after
        self.writes = 0
        self._open()
        # readers in progress, and whether a reopen waits for them to finish (new readers wait)
        self._readers = threading.Condition()
        self._active = 0
        self._reopening = False
        self.write_lock = threading.Lock()
        self.generation = 0
        self.cache_size = cache_size
        self._cache: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _open(self) -> None:
        self.database = Database(self.path, read_only=not self.writable)
        self.database.con.execute(f"SET memory_limit = '{self.memory_limit}'")
        # cursors are made from a dedicated cursor, never from the connection a writer is using
        self._factory = self.database.con.cursor()

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request, closed afterwards."""
        with self._readers:
            while self._reopening:
                self._readers.wait()
            self._active += 1
            cursor = self._factory.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._readers:
                self._active -= 1
                self._readers.notify_all()

    def lookup(self, key: Hashable):
        """The stored result for ``key`` from the current generation, or ``MISSING``."""
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self.generation:
                self._cache.move_to_end(key)
                return hit[1]
        return MISSING

    def cached(self, key: Hashable, compute: Callable[[duckdb.DuckDBPyConnection], object]):
        """``compute(cursor)``, or its stored result for ``key`` from the current generation.
        Results are shared between requests: callers must not change them."""
        generation = self.generation
        hit = self.lookup(key)
        if hit is not MISSING:
            return hit
        with self.reader() as cursor:
            value = compute(cursor)
        with self._cache_lock:
            self._cache[key] = (generation, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return value

    def changed(self) -> None:
        """Called after a write, under ``write_lock``: results computed before it are stale, and
        every ``reopen_after`` writes the database is opened anew."""
        with self._cache_lock:
            self.generation += 1
            self._cache.clear()
        self.writes += 1
        if self.reopen_after and self.writes % self.reopen_after == 0:
            self.reopen()

    def reopen(self) -> None:
        """Close the database and open it again once no read is in progress; reads that arrive
        meanwhile wait. Writers must hold ``write_lock``."""
        with self._readers:
            self._reopening = True
            try:
                while self._active:
                    self._readers.wait()
                self.close()
                self._open()
            finally:
                self._reopening = False
                self._readers.notify_all()

    def close(self) -> None:
        self._factory.close()
        self.database.close()


def _size(text: str) -> str:
    """``text`` if it is a DuckDB memory size such as ``256MB`` (it goes into SQL text)."""
    import re

    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", text.strip(), re.IGNORECASE):
        raise ValueError(f"memory limit {text!r} is not a size such as 256MB or 1GB")
    return text.strip()
