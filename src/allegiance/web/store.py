"""The dashboard's hold on its database: one DuckDB instance, a fresh cursor per request.

DuckDB connections are not safe to share between threads, but cursors made from one connection
are independent connections to the same database instance. FastAPI runs plain ``def`` routes on a
thread pool, so every request takes its own cursor and closes it when done. The database is
opened read-only unless writes are enabled; then this process is the only writer (DuckDB allows
one writer process) and writes are serialised by a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..store import Database


class Store:
    """An open database and the means to read it from many threads and write it from one."""

    def __init__(self, path: str | Path, *, writable: bool = False):
        self.path = Path(path)
        self.writable = writable
        self.database = Database(self.path, read_only=not writable)
        # cursors are made from a dedicated cursor, never from the connection a writer is using
        self._factory = self.database.con.cursor()
        self._factory_lock = threading.Lock()
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request, closed afterwards."""
        with self._factory_lock:
            cursor = self._factory.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def close(self) -> None:
        self._factory.close()
        self.database.close()
