"""Coding throughput from 1 to N workers, with local processes and with a local Dask cluster.

One seeded corpus is ingested once; each configuration then codes a copy of that database in a
fresh process (what ``allegiance code --db DB [--workers N] [--dask local]`` does, through
``allegiance.api.code_stored``; ``dask:N`` starts a LocalCluster of exactly N workers, where
``--dask local`` with one worker would start one per core), and its event table is compared
with the first configuration's.
Two throughputs are printed per configuration: over the whole process (start-up included:
Python imports, the spaCy pipeline loaded in every worker, the Dask cluster started), and in
steady state, from the first stored batch to the last (the articles of all batches but the
first, over the time between them). With ``--rounds 2`` or more the configurations take turns,
so that they share the machine's noise, and the median of each is compared; every result carries
the load average before and after it, since other work on the machine skews these figures more
than anything measured.

    python benchmarks/scaling.py --articles 2000
    python benchmarks/scaling.py --articles 2000 --configs default workers:1 workers:2 dask:1 dask:2
    python benchmarks/scaling.py --articles 600 --rounds 3 --configs workers:1 workers:2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

CONFIGS = ["default", "workers:1", "workers:2", "dask:1", "dask:2"]


def allegiance(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from allegiance.cli import main; main()", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


CODE = """
import json, sys, time
if __name__ == "__main__":
    started = time.perf_counter()
    from allegiance import api
    marks = []
    def progress(stage, done, total):
        marks.append((time.perf_counter(), done))
    options = json.loads(sys.argv[2])
    if options.get("dask"):
        # its own LocalCluster: --dask local --workers 1 starts one worker per core, not one
        from allegiance import pipeline
        from allegiance.parallel import DaskRunner, default_parts_dir
        from allegiance.store import Database
        runner = DaskRunner("local", options["workers"], parquet=str(default_parts_dir(sys.argv[1])))
        try:
            with Database(sys.argv[1]) as db:
                report = pipeline.code_pending(db, progress=progress, dask="local", runner=runner)
        finally:
            runner.close()
    else:
        report = api.code_stored(sys.argv[1], progress=progress, **options)
    end = time.perf_counter()
    (t0, first), (t1, last) = marks[0], marks[-1]
    print(json.dumps({"seconds": end - started, "first_batch_after": t0 - started,
                      "steady_articles": last - first, "steady_seconds": t1 - t0, "articles": report.articles}))
"""


def code(db: Path, config: str) -> dict:
    settings = {} if config == "default" else {"workers": int(config.split(":")[1])}
    if config.startswith("dask"):
        settings["dask"] = "local"
    script = Path(db).with_suffix(".py")
    script.write_text(CODE)
    done = subprocess.run([sys.executable, str(script), str(db), json.dumps(settings)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def events(db: Path) -> list:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * FROM events ORDER BY event_id").fetchall()
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--configs", nargs="+", default=CONFIGS)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {config: [] for config in args.configs}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = write_corpus(args.articles, root / "corpus.jsonl", args.seed)
        template = root / "ingested.duckdb"
        allegiance("ingest", str(corpus), "--db", str(template))
        reference = None
        for number in range(args.rounds):
            for config in args.configs:
                db = root / f"{config.replace(':', '-')}.duckdb"
                shutil.copy(template, db)
                load_before = os.getloadavg()[0]
                timing = code(db, config)
                rows = events(db)
                db.unlink()
                if reference is None:
                    reference = rows
                result = {"round": number + 1, "seconds": round(timing["seconds"], 1),
                          "first_batch_after_s": round(timing["first_batch_after"], 1),
                          "articles_per_s": round(timing["articles"] / timing["seconds"], 2),
                          "articles_per_s_coding": round(timing["steady_articles"] / timing["steady_seconds"], 2)
                          if timing["steady_seconds"] else None,  # one batch only: no steady state
                          "load_1min_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
                          "events": len(rows), "same_events_as_first": rows == reference}
                runs[config].append(result)
                print(json.dumps({config: result}), flush=True)
    results = {config: {key: statistics.median(r[key] or 0.0 for r in found)
                        for key in ("articles_per_s", "articles_per_s_coding")}
               for config, found in runs.items()}
    base = {kind: results.get(key) for kind, key in (("local", "workers:1"), ("dask", "dask:1"))}
    for config, result in results.items():
        kind = "dask" if config.startswith("dask") else "local"
        for label, one in (("1 worker", base[kind]), ("default (in-process)", results.get("default"))):
            if one and one is not result:
                steady = (f"x{result['articles_per_s_coding'] / one['articles_per_s_coding']:.2f}"
                          if one["articles_per_s_coding"] else "no")
                print(f"{config} vs {label}: x{result['articles_per_s'] / one['articles_per_s']:.2f} whole process, "
                      f"{steady} steady state (medians of {args.rounds})")


if __name__ == "__main__":
    main()
