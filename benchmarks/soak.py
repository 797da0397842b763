"""Soak: ingest and serve at once, on loopback, for a given time (default 600 s).

DuckDB lets one process write a database file, and a process that has it open read-only keeps
writers out. So the server is the writer: it runs ``allegiance serve --allow-writes`` with a
random token, and this script keeps posting generated articles (``benchmarks/corpus.py``) to
``POST /api/articles`` one after another (each is ingested, coded and verified under the server's
write lock) while it reads the JSON API on an open-loop schedule. Every write makes the server
drop its cached results, so reads keep going to DuckDB while the database grows.

Prints requests served, errors, articles written, and the server's resident memory at the start,
every minute, and at the end.

    python benchmarks/soak.py --seconds 600 --rate 100
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import build_database  # noqa: E402
from corpus import generate  # noqa: E402
from serving import Server, api_paths, open_loop  # noqa: E402


async def keep_writing(base: str, token: str, stop: asyncio.Event, counts: dict) -> None:
    """Post generated articles until ``stop``; each answer is awaited before the next is sent."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as client:
        for record in generate(10**6, seed=11):
            if stop.is_set():
                return
            body = {key: record[key] for key in ("text", "title", "date", "source")}
            try:
                response = await client.post("/api/articles", json=body)
            except httpx.HTTPError as error:
                counts["write errors"] += 1
                counts.setdefault("last write error", type(error).__name__)
                continue
            if response.status_code == 201:
                counts["articles written"] += 1
                counts["events coded"] += response.json().get("events", 0)
            else:
                counts["write errors"] += 1
                counts.setdefault("last write error", f"HTTP {response.status_code}: {response.text[:200]}")


async def watch_memory(server: Server, stop: asyncio.Event, samples: list, every: float = 60) -> None:
    start = time.monotonic()
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except TimeoutError:
            samples.append((time.monotonic() - start, server.rss_mib()))
            print(f"  {samples[-1][0]:5.0f} s: server RSS {samples[-1][1]:.0f} MiB", flush=True)


async def soak(server: Server, token: str, seconds: float, rate: float) -> None:
    paths = api_paths(server.url)
    stop = asyncio.Event()
    counts = {"articles written": 0, "events coded": 0, "write errors": 0}
    samples: list = []
    start_rss = server.rss_mib()
    print(f"server on {server.url}, writes enabled; RSS at start {start_rss:.0f} MiB; "
          f"reading {len(paths)} URLs at {rate:.0f}/s for {seconds:.0f} s while posting articles", flush=True)
    writer = asyncio.create_task(keep_writing(server.url, token, stop, counts))
    watcher = asyncio.create_task(watch_memory(server, stop, samples))
    reads = await open_loop(server.url, paths, rate, seconds, timeout=30)
    stop.set()
    await asyncio.wait([writer, watcher], timeout=150)
    print("reads:")
    for line in reads.lines():
        print("  " + line)
    print("writes: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    end_rss = server.rss_mib()
    peak = max([rss for _, rss in samples] + [start_rss, end_rss])
    print(f"server RSS: start {start_rss:.0f} MiB (before the first write loads the coding pipeline), "
          f"end {end_rss:.0f} MiB, peak sampled {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--rate", type=float, default=100.0, help="read requests per second offered")
    args = parser.parse_args()
    if not 0 < args.rate <= 2000 or not 0 < args.seconds <= 24 * 3600:
        parser.error("rate must be in (0, 2000] and seconds in (0, 86400]")
    token = secrets.token_urlsafe(24)
    os.environ["ALLEGIANCE_TOKEN"] = token  # to the server through its environment, not its command line
    with tempfile.TemporaryDirectory() as folder:
        db = build_database(Path(folder))
        with Server(db, "--allow-writes") as server:
            server.wait_ready(timeout=120)
            started = time.monotonic()
            asyncio.run(soak(server, token, args.seconds, args.rate))
            size = sum(p.stat().st_size for p in (db, db.with_name(db.name + ".wal")) if p.exists())
            print(f"wall time {time.monotonic() - started:.0f} s; database file and its WAL {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
