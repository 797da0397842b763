"""Peak memory and throughput of ``allegiance run`` on generated corpora of growing size.

Each size gets a fresh seeded corpus (``corpus.py``) and a fresh database, and one
``allegiance run`` in its own process, so the peaks do not mix. The peak resident set is read two
ways: the kernel's high-water mark of the run's main process (``wait4``), and the largest sum
over the run and every process it started, sampled every half second (what ``--workers`` and
``--dask local`` use in all).

    python benchmarks/memory.py 5000 20000 50000
    python benchmarks/memory.py 5000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(size: int, folder: Path, seed: int, extra: list[str]) -> dict:
    corpus = write_corpus(size, folder / f"corpus-{size}.jsonl", seed)
    db = folder / f"run-{size}.duckdb"
    command = [sys.executable, "-c", "from allegiance.cli import main; main()", "run", str(corpus), "--db", str(db),
               *extra]
    start = time.perf_counter()
    errors = open(folder / f"run-{size}.stderr", "w+")  # a file: a pipe left unread could fill and stall the run
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    peak_tree = 0
    done = threading.Event()

    def sample():
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss(process.pid))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    errors.seek(0)
    stderr = errors.read()
    errors.close()
    if status != 0:
        raise RuntimeError(f"allegiance run failed on {size} articles (wait status {status}):\n{output}\n"
                           f"{stderr[-3000:]}")
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    articles, sentences, events = con.execute(
        "SELECT (SELECT count(*) FROM articles WHERE coded_at IS NOT NULL), (SELECT count(*) FROM sentences), "
        "(SELECT count(*) FROM events)").fetchone()
    con.close()
    db_mb = db.stat().st_size / 2**20
    db.unlink()
    corpus.unlink()
    return {"articles": articles, "sentences": sentences, "events": events, "seconds": round(seconds, 1),
            "articles_per_s": round(articles / seconds, 1), "sentences_per_s": round(sentences / seconds),
            "peak_rss_main_mb": round(usage.ru_maxrss / 1024), "peak_rss_all_processes_mb": round(peak_tree / 2**20),
            "database_mb": round(db_mb), "options": " ".join(extra) or "(default)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, help="where to put the corpus and database (default: a temporary one)")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="options for allegiance run, after --")
    args = parser.parse_args()
    extra = [a for a in args.extra if a != "--"]
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        results = []
        for size in args.sizes:
            result = measure(size, Path(folder), args.seed, extra)
            results.append(result)
            print(json.dumps(result), flush=True)
    if len(results) > 1:
        first = results[0]["peak_rss_main_mb"]
        for result in results[1:]:
            change = result["peak_rss_main_mb"] / first - 1
            print(f"peak RSS at {result['articles']} articles is {change:+.0%} of its value at {results[0]['articles']}")


if __name__ == "__main__":
    main()
