"""Load on the dashboard's JSON API: ``allegiance serve`` on loopback, driven open-loop.

Builds a database from the sample corpus (``examples/``) and, when present, the seed articles in
``../shared/seeds`` (or uses ``--db``), starts the server in a child process with its default
settings (rate limit included), and sends GETs over a mix of every read endpoint at ``--rate``
requests a second for ``--seconds`` seconds. Prints requests, errors, the achieved rate, p50 and
p99 latency (from each request's due time) and the server's memory. Each URL is requested once
before the timed run (``--cold`` skips that), so the figures are those of a server in use.

    python benchmarks/api_load.py --rate 200 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402

from serving import Server, api_paths, open_loop  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def build_database(folder: Path) -> Path:
    import allegiance

    inputs = [ROOT / "examples"]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        inputs += sorted(seeds.glob("*.txt"))
    path = folder / "load.duckdb"
    result = allegiance.run(inputs, db=path)
    print(f"database: {result.summary.articles} articles, {result.summary.sentences} sentences "
          f"({', '.join(p.name for p in inputs)})")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second offered")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to offer them")
    parser.add_argument("--db", type=Path, help="serve this database instead of building one")
    parser.add_argument("--cold", dest="warm", action="store_false",
                        help="do not request each URL once before the timed run")
    args = parser.parse_args()
    if not 0 < args.rate <= 2000 or not 0 < args.seconds <= 3600:
        parser.error("rate must be in (0, 2000] and seconds in (0, 3600]")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or build_database(Path(folder))
        with Server(db) as server:
            server.wait_ready()
            paths = api_paths(server.url)
            if args.warm:
                for path in paths:  # the first answer to each URL computes it; the rest come from the cache
                    httpx.get(server.url + path, timeout=30)
            print(f"server on {server.url}, RSS {server.rss_mib():.0f} MiB; {len(paths)} endpoint URLs in turn"
                  f"{' (each requested once before the run)' if args.warm else ' (cold: no request before the run)'}")
            result = asyncio.run(open_loop(server.url, paths, args.rate, args.seconds))
            print(f"offered {args.rate:.0f} requests/s for {args.seconds:.0f} s")
            for line in result.lines():
                print(line)
            print(f"server RSS after: {server.rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
