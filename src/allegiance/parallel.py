"""One coding stage, three ways to run it: in this process, on local worker processes, on Dask.

``code_batch`` is the stage: a batch of stored articles in, the rows of every coded table out
(Arrow tables, or a Parquet partition when it is given a directory). The process that owns the
DuckDB file (DuckDB takes one writer process) reads the pending articles batch by batch, hands
them to a runner, and writes each finished batch in one transaction that also sets the articles'
``coded_at``. At most ``2 × workers`` batches are in flight, so memory stays flat however large
the corpus is, and a run killed at any moment loses only the batches in flight, which the next
run codes again.

- ``InProcess``: the default; the stage runs here, with the pipeline loaded once.
- ``LocalProcesses`` (``--workers N``): N processes started with *spawn*, each loading the
  pipeline once; batches go to them and Arrow tables come back.
- ``DaskRunner`` (``--dask ADDRESS|local``): tasks on a ``dask.distributed`` cluster, ``local``
  starting a ``LocalCluster`` of N single-threaded worker processes. Each task writes its
  batch as a Parquet partition when given a directory every worker and this process can reach
  (``--parquet DIR``; a local cluster uses ``DB.parts/`` unless told otherwise), and returns
  Arrow tables otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from .records import Article
from .store.arrow import CodedBatch


def code_batch(articles: list[Article], *, model: str | None = None, dictionaries: str | None = None,
               parquet: str | None = None, nlp=None) -> CodedBatch:
    """The coding stage: annotate ``articles`` and turn them into the rows of every coded table.

    Used unchanged by every runner. The pipeline is loaded once per process (``nlp.load`` is
    cached). With ``parquet`` the rows are written there as one partition and only the
    partition's name comes back.
    """
    from .nlp import MODEL, load
    from .nlp.annotate import annotate
    from .store.arrow import to_tables

    if nlp is None:
        _watch_parent()
        nlp = load(model or MODEL, dictionaries)
    coded = to_tables(annotate(articles, nlp), [a.article_id for a in articles])
    if parquet:
        from .store.parquet import write_partition

        coded = write_partition(parquet, coded)
    return coded


class InProcess:
    """Runs the stage here, one batch at a time."""

    workers = 1

    def __init__(self, nlp=None, model: str | None = None, dictionaries: str | None = None,
                 parquet: str | None = None):
        self.options = dict(nlp=nlp, model=model, dictionaries=dictionaries, parquet=parquet)

    def submit(self, batch: list[Article]) -> Future:
        future: Future = Future()
        try:
            future.set_result(code_batch(batch, **self.options))
        except BaseException as error:  # noqa: BLE001  (handed to the caller through the future)
            future.set_exception(error)
        return future

    @staticmethod
    def wait_any(futures):
        return set(futures), set()

    def warm_up(self) -> None:
        pass

    def close(self) -> None:
        pass


_WATCHING = False


def _watch_parent() -> None:
    """In a worker process: exit when the process that started it dies (a coordinator killed with
    SIGKILL cannot stop its workers, which would otherwise linger holding a pipeline each)."""
    global _WATCHING
    if _WATCHING or os.getpid() == _MAIN_PID:
        return
    _WATCHING = True
    import threading
    import time

    parent = os.getppid()

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="allegiance-parent-watch", daemon=True).start()


_MAIN_PID = os.getpid() if __import__("multiprocessing").parent_process() is None else -1


def _load_in_worker(model: str | None, dictionaries: str | None) -> None:
    from .nlp import MODEL, load

    _watch_parent()
    load(model or MODEL, dictionaries)


def _ready() -> None:
    """A task that does nothing: submitted once per worker to start them all."""


class LocalProcesses:
    """``workers`` processes started with spawn; each loads the pipeline once."""

    def __init__(self, workers: int, model: str | None = None, dictionaries: str | None = None,
                 parquet: str | None = None):
        import multiprocessing

        self.workers = workers
        self.options = dict(model=model, dictionaries=dictionaries, parquet=parquet)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_load_in_worker, initargs=(model, dictionaries))

    def submit(self, batch: list[Article]) -> Future:
        return self.pool.submit(code_batch, batch, **self.options)

    @staticmethod
    def wait_any(futures):
        return wait(futures, return_when=FIRST_COMPLETED)

    def warm_up(self) -> None:
        """Start every worker now (each loads the pipeline), without waiting for them."""
        for _ in range(self.workers):
            self.pool.submit(_ready)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


#: Settings for the workers of ``--dask local``: the statistical profiler samples every task's
#: stack every 10 ms, and the malloc trim threshold Dask sets makes glibc hand memory back to the
#: system after every spaCy batch; together they cost coding about a third of its speed. Set the
#: same on a cluster of your own (``docs/scaling.md``).
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class DaskRunner:
    """Tasks on a Dask cluster: ``local`` starts a LocalCluster of ``workers`` processes, anything
    else is the address of a running scheduler (``tcp://host:8786``)."""

    def __init__(self, address: str, workers: int | None = None, model: str | None = None,
                 dictionaries: str | None = None, parquet: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - dask is a dependency
            raise RuntimeError("--dask needs dask.distributed: pip install 'dask[distributed]'") from error
        import logging

        self.cluster = None
        if address == "local":
            import dask

            with dask.config.set(LOCAL_WORKER_CONFIG):
                self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                            processes=True, dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)
        self.workers = max(1, sum(self.client.nthreads().values()))
        self.options = dict(model=model, dictionaries=dictionaries, parquet=parquet)

    def submit(self, batch: list[Article]):
        return self.client.submit(code_batch, batch, pure=False, **self.options)

    def warm_up(self) -> None:
        """Have every worker load the pipeline now, without waiting for them."""
        self._warm = [self.client.submit(_load_in_worker, self.options["model"], self.options["dictionaries"],
                                         workers=[address], allow_other_workers=False, pure=False)
                      for address in self.client.scheduler_info()["workers"]]

    @staticmethod
    def wait_any(futures):
        from distributed import wait as dask_wait

        done, pending = dask_wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(pending)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(*, workers: int = 1, dask: str | None = None, nlp=None, model: str | None = None,
                dictionaries: str | None = None, parquet: str | os.PathLike | None = None):
    parquet = str(parquet) if parquet else None
    if dask:
        return DaskRunner(dask, workers if workers > 1 else None, model, dictionaries, parquet)
    if workers > 1:
        return LocalProcesses(workers, model, dictionaries, parquet)
    return InProcess(nlp, model, dictionaries, parquet)


def run_stage(batches: Iterable[list[Article]], runner, window: int | None = None) -> Iterator[CodedBatch]:
    """Feed ``batches`` to ``runner`` with at most ``window`` in flight; yield results as they finish.

    ``batches`` is read lazily: a batch is fetched only when a slot frees up.
    """
    window = window or 2 * runner.workers
    source = iter(batches)
    in_flight: set = set()
    exhausted = False
    while True:
        while not exhausted and len(in_flight) < window:
            batch = next(source, None)
            if batch is None:
                exhausted = True
                break
            in_flight.add(runner.submit(batch))
        if not in_flight:
            return
        done, in_flight = runner.wait_any(in_flight)
        in_flight = set(in_flight)
        for future in done:
            yield future.result()


def default_parts_dir(db_path: str | os.PathLike) -> Path:
    """Where a local Dask cluster's tasks write their partitions unless ``--parquet`` says otherwise."""
    path = Path(db_path)
    return path.with_name(path.name + ".parts")
