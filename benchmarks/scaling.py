"""Coding throughput from 1 to N workers, with local processes and with a local Dask cluster.

One seeded corpus is ingested once; each configuration then codes a copy of that database in a
fresh process (what ``allegiance code --db DB [--workers N] [--dask local]`` does, through
``allegiance.api.code_stored``), and its event table is compared with the first configuration's.
Two throughputs are printed per configuration: over the whole process (start-up included:
Python imports, the spaCy pipeline loaded in every worker, the Dask cluster started), and in
steady state, from the first stored batch to the last (the articles of all batches but the
first, over the time between them).

    python benchmarks/scaling.py --articles 2000
    python benchmarks/scaling.py --articles 2000 --configs default workers:1 workers:2 dask:1 dask:2
"""

from __future__ import annotations

import argparse
import json
import shutil
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
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = write_corpus(args.articles, root / "corpus.jsonl", args.seed)
        template = root / "ingested.duckdb"
        allegiance("ingest", str(corpus), "--db", str(template))
        reference = None
        for config in args.configs:
            db = root / f"{config.replace(':', '-')}.duckdb"
            shutil.copy(template, db)
            timing = code(db, config)
            rows = events(db)
            if reference is None:
                reference = rows
            results[config] = {"seconds": round(timing["seconds"], 1),
                               "first_batch_after_s": round(timing["first_batch_after"], 1),
                               "articles_per_s": round(timing["articles"] / timing["seconds"], 2),
                               "articles_per_s_coding": round(timing["steady_articles"] / timing["steady_seconds"], 2),
                               "events": len(rows), "same_events_as_first": rows == reference}
            print(json.dumps({config: results[config]}), flush=True)
    base = {kind: results.get(key) for kind, key in (("local", "workers:1"), ("dask", "dask:1"))}
    for config, result in results.items():
        kind = "dask" if config.startswith("dask") else "local"
        for label, one in (("1 worker", base[kind]), ("default (in-process)", results.get("default"))):
            if one and one is not result:
                print(f"{config} vs {label}: x{result['articles_per_s'] / one['articles_per_s']:.2f} whole process, "
                      f"x{result['articles_per_s_coding'] / one['articles_per_s_coding']:.2f} steady state")


if __name__ == "__main__":
    main()
