"""Benchmark: the monthly dyad series over 10 million synthetic events.

Builds a temporary allegiance database (the real schema), fills ``events`` with synthetic rows
in SQL (40 states, 2010-2019, four mentions per happening spread over two days, CAMEO codes with
their real Goldstein, PLOVER type and intensity), then times ``dyad_series`` by month for every
directed dyad under each counting method, and for one dyad. Prints the DuckDB version, the
machine's core count and the figures (best of ``--repeat`` runs).

    python benchmarks/dyad_series.py [--events 10000000] [--repeat 3] [--skew 1]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import duckdb

from allegiance.ontology import cameo_codes
from allegiance.relations.series import dyad_series
from allegiance.store import Database

STATES = ["USA", "KOR", "PRK", "CHN", "JPN", "RUS", "GBR", "FRA", "DEU", "IND", "PAK", "IRN", "ISR", "SAU",
          "TUR", "EGY", "UKR", "POL", "CAN", "MEX", "BRA", "ARG", "AUS", "IDN", "VNM", "PHL", "THA", "MYS",
          "SGP", "TWN", "MNG", "NGA", "ZAF", "KEN", "ETH", "ITA", "ESP", "NLD", "SWE", "NOR"]


def fill(con, n: int, skew: float = 1.0) -> None:
    """Insert ``n`` synthetic event rows; rows i with the same i // 4 report one happening.

    Each happening draws its directed dyad (of 40 x 39) and its CAMEO code as floor(N·u^skew) of a
    uniform u: skew 1 spreads events evenly (the worst case for de-duplication, almost every
    dyad-type-day holds one happening), larger values concentrate them on a few dyads and types,
    as news does. Attributes are picked by indexing lists passed as parameters (joins on computed
    keys let the optimiser reorder them into a cross product)."""
    table = [c for c in cameo_codes().values() if c.plover]
    pairs = [(s, t) for s in STATES for t in STATES if s != t]
    params = {"src": [p[0] for p in pairs], "dst": [p[1] for p in pairs], "cameo": [c.code for c in table],
              "quad": [c.quad_class for c in table], "gold": [c.goldstein for c in table],
              "plover": [c.plover for c in table]}
    m, k = len(pairs), len(table)
    con.execute(f"""
        INSERT INTO events (event_id, origin, article_id, event_date, date_basis, source_code,
                            target_code, cameo, goldstein, quad_class, plover, intensity, modality, mirrored)
        SELECT 'e' || i, 'coded', 'a' || (i // 4 + hash(i) % 7),
               DATE '2010-01-01' + (h % 3650)::INT + (hash(i) % 2)::INT, 'sentence',
               $src[1 + d], $dst[1 + d], $cameo[1 + c], $gold[1 + c], $quad[1 + c], $plover[1 + c],
               $gold[1 + c] * 0.9, 'asserted', false
        FROM (SELECT i, h, least(floor({m} * pow((h // 3650 % 1000003) / 1000003.0, {skew})), {m - 1})::INT AS d,
                     least(floor({k} * pow((h // 7919 % 999983) / 999983.0, {skew})), {k - 1})::INT AS c
              FROM (SELECT i, hash(i // 4) AS h FROM range({int(n)}) r(i)))""", params)


def best(fn, repeat: int) -> tuple[float, float]:
    """Best wall time and the process CPU time of that run, in seconds, of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skew", type=float, default=1.0, help="1 spreads events evenly; 3 concentrates them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        db.con.execute("SET enable_progress_bar = false")
        fill(db.con, args.events, args.skew)
        cells = db.con.execute("SELECT count(*) FROM (SELECT DISTINCT source_code, target_code, plover, event_date "
                               "FROM events)").fetchone()[0]
        print(f"DuckDB {duckdb.__version__}, {os.cpu_count()} cores; {args.events:,} synthetic events "
              f"(skew {args.skew:g}, {cells:,} distinct dyad-type-days) inserted in {time.perf_counter() - start:.1f} s; "
              f"load average {os.getloadavg()[0]:.2f} (other work on the machine slows every figure)")
        for counting in ("cluster", "daily", "mentions"):
            rows = []
            wall, cpu = best(lambda: rows.append(len(dyad_series(db.con, by="month", counting=counting))), args.repeat)
            print(f"monthly series, every directed dyad, counting={counting:<8}: {wall:.2f} s "
                  f"(CPU {cpu:.2f} s; {rows[-1]:,} rows)")
        wall, cpu = best(lambda: dyad_series(db.con, "USA", "KOR", by="month"), args.repeat)
        print(f"monthly series, USA->KOR, counting=cluster        : {wall:.2f} s (CPU {cpu:.2f} s)")
        print(f"load average at the end {os.getloadavg()[0]:.2f} (wall time above CPU time means the process waited for a core)")
        db.close()


if __name__ == "__main__":
    main()
