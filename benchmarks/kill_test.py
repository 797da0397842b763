"""Kill ``allegiance run`` with SIGKILL at random moments, rerun it, and check nothing was lost or doubled.

An uninterrupted run on a generated corpus gives the reference. Then the same command is started
on a second database and killed with ``kill -9`` at ``--kills`` random moments (drawn between the
start and the reference run's duration, so kills land in start-up, ingest, coding, verification
and the summary alike), restarting it each time; a last run finishes the work. The two databases
must then hold the same articles, sentences, mentions, events, claims, quotes, figures, verdicts
and reliability rows (timestamps aside), with no article or event stored twice.

    python benchmarks/kill_test.py --articles 60 --kills 5 --seed 1 -- --batch-size 8
    python benchmarks/kill_test.py --articles 200 --kills 5 -- --workers 2 --batch-size 16

Arguments after ``--`` are passed to every ``allegiance run``. ``tests/test_kill_resume.py`` runs
this in CI on a small corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

#: What is compared, table by table (timestamps left out: they differ between runs).
TABLES = {
    "articles": "article_id, title, date, text, blocks, duplicate_of, coded_at IS NOT NULL",
    "sentences": "*", "mentions": "*", "events": "*", "office_claims": "*", "quotes": "*", "figures": "*",
    "verdicts": "* EXCLUDE (verified_at)", "reliability": "* EXCLUDE (verified_at)",
}
KEYS = {"articles": "article_id", "sentences": "article_id, sent_index", "mentions": "article_id, mention_index",
        "events": "event_id", "office_claims": "article_id, claim_index", "quotes": "article_id, quote_index",
        "figures": "article_id, figure_index", "verdicts": "article_id, item, item_index",
        "reliability": "article_id"}


def command(corpus: Path, db: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-c", "from allegiance.cli import main; main()", "run", str(corpus), "--db", str(db),
            *extra]


def run(corpus: Path, db: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command(corpus, db, extra), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def kill_at(corpus: Path, db: Path, extra: list[str], after: float) -> bool:
    """Start a run, SIGKILL it after ``after`` seconds; False when it had finished by then."""
    process = subprocess.Popen(command(corpus, db, extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        process.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the run and any worker processes it started
        process.wait()
        return True


def contents(db: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: sorted(map(repr, con.execute(f"SELECT {columns} FROM {table}").fetchall()))
                for table, columns in TABLES.items()}
    finally:
        con.close()


def duplicates(db: Path) -> dict[str, int]:
    """Rows whose key appears more than once, per table (the keys are the tables' primary keys)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(f"SELECT count(*) - count(DISTINCT ({key})) FROM {table}").fetchone()[0]
                for table, key in KEYS.items()}
    finally:
        con.close()


def kill_test(folder: Path, articles: int = 80, kills: int = 5, seed: int = 1,
              extra: list[str] | None = None) -> dict:
    extra = extra or []
    rng = random.Random(seed)
    corpus = write_corpus(articles, folder / "corpus.jsonl", seed)
    reference, killed = folder / "reference.duckdb", folder / "killed.duckdb"
    duration = run(corpus, reference, extra)
    startup = run(corpus, reference, extra)  # a run with nothing left to do: start-up and summary
    # Kill points spread over the reference run's work, each run killed that far into its share of
    # it, plus a random part of the start-up, so kills land in every stage.
    work = max(duration - startup, 1.0)
    points = sorted(rng.uniform(0, work) for _ in range(kills))
    moments, interrupted, done = [], 0, 0.0
    for point in points:
        after = rng.uniform(0.5, 1.0) * startup + (point - done)
        done = point
        moments.append(round(after, 2))
        interrupted += kill_at(corpus, killed, extra, after)
    run(corpus, killed, extra)
    expected, got = contents(reference), contents(killed)
    return {
        "reference_seconds": round(duration, 1),
        "startup_seconds": round(startup, 1),
        "kill_after_seconds": moments,
        "interrupted": interrupted,
        "counts_reference": {t: len(rows) for t, rows in expected.items()},
        "counts_killed": {t: len(rows) for t, rows in got.items()},
        "differing_tables": [t for t in TABLES if expected[t] != got[t]],
        "duplicates": duplicates(killed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=80)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("extra", nargs="*", help="arguments passed to allegiance run (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = kill_test(Path(folder), args.articles, args.kills, args.seed, args.extra)
    for key, value in result.items():
        print(f"{key}: {value}")
    ok = not result["differing_tables"] and not any(result["duplicates"].values())
    print("PASS: same rows as the uninterrupted run, nothing stored twice" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
