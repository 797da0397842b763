"""Where a served write is coded: one worker process, replaced after a fixed number of articles.

Coding is pure-Python spaCy work. Run on a thread of the server, it holds the interpreter lock
for most of a second per article, and the event loop that answers reads waits behind it: reads
slow to seconds and clients time out. In a process of its own it takes none of the server's
interpreter, so reads keep being answered while an article is coded.

The worker is also where memory grows: spaCy's string store keeps every new word it has seen,
and the allocator seldom hands freed pages back. So the worker is replaced after
``RECYCLE_AFTER`` articles (``max_tasks_per_child``), which bounds its memory to one pipeline
plus what that many articles add; the next write loads the pipeline again in a fresh process
(a few seconds, paid once per ``RECYCLE_AFTER`` writes).

The server stays the only process that opens the database: the worker gets articles and hands
back Arrow tables, which the server writes in one transaction (``allegiance.parallel``).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..parallel import code_batch
from ..records import Article

#: Articles one worker process codes before it is replaced by a fresh one.
RECYCLE_AFTER = 200


def _load_pipeline() -> None:
    """Runs first in every new worker, so the pipeline is loaded before the article arrives."""
    from ..nlp import load

    load()


class RecycledWorker:
    """A runner for ``pipeline.code_pending``: batches go to one spawned worker process, which
    is replaced after ``recycle_after`` batches. Started on the first batch, not before, so a
    server that never receives a write never loads the pipeline."""

    workers = 1

    def __init__(self, recycle_after: int = RECYCLE_AFTER):
        if recycle_after < 1:
            raise ValueError("recycle_after must be at least 1 article")
        self.recycle_after = recycle_after
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_load_pipeline, max_tasks_per_child=self.recycle_after)
        return self._pool

    def submit(self, batch: list[Article]) -> Future:
        return self.pool.submit(code_batch, batch)

    @staticmethod
    def wait_any(futures):
        return wait(futures, return_when=FIRST_COMPLETED)

    def warm_up(self) -> None:
        """Nothing ahead of time: the worker starts with the first write."""

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
