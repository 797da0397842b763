"""Soak: ingest and serve at once, on loopback, for a given time (default 600 s).

DuckDB lets one process write a database file, and a process that has it open read-only keeps
writers out. So the server is the writer: it runs ``allegiance serve --allow-writes`` with a
random token, and this script keeps posting generated articles (``benchmarks/corpus.py``) to
``POST /api/articles`` one after another, at most ``--write-rate`` a second (each is ingested and verified by the server under its
write lock and coded in its worker process) while it reads the JSON API on an open-loop schedule.
Every write makes the server drop its cached results, so reads keep going to DuckDB while the
database grows.

Warm-up comes first and is not timed: the first ``--warm-writes`` articles are written (the
worker loads the coding pipeline), every read URL is answered once, and then reads run at the
soak's rate for ``--warm-seconds`` while writes go on, so the server's threads and DuckDB have
taken the memory that serving this load needs. Memory "at the start" is measured after it, and the memory of the
server and of its coding worker are sampled every 10 s until the end. The script prints requests
served, errors (reads and writes), reads the client could not send on schedule, latency,
articles written, load average and memory (warm start, end, peak), and exits with status 1 when
there was an error or memory grew by more than ``--max-growth`` percent.

    python benchmarks/soak.py --seconds 600 --rate 50 --write-rate 1
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


async def keep_writing(base: str, token: str, stop: asyncio.Event, counts: dict, rate: float) -> None:
    """Post generated articles until ``stop``, at most ``rate`` a second (0: back to back); each
    answer is awaited before the next is sent."""
    headers = {"Authorization": f"Bearer {token}"}
    start = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as client:
        for i, record in enumerate(generate(10**6, seed=11)):
            if rate > 0:
                await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
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


def memory(server: Server) -> tuple[float, float]:
    """Resident MiB of the server and of its coding worker."""
    return server.rss_mib(), server.children_rss_mib()


async def watch_memory(server: Server, stop: asyncio.Event, samples: list, counts: dict,
                       every: float = 10, report_every: float = 60) -> None:
    """Sample memory every ``every`` seconds; print a line every ``report_every``."""
    start = time.monotonic()
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
        except TimeoutError:
            elapsed = time.monotonic() - start
            samples.append(memory(server))
            if int(elapsed / every) % int(report_every / every) == 0:
                server_mib, worker_mib = samples[-1]
                print(f"  {elapsed:5.0f} s: RSS server {server_mib:.0f} MiB + coding worker {worker_mib:.0f} MiB; "
                      f"{counts['articles written']} articles written; load {os.getloadavg()[0]:.1f}", flush=True)


async def warm_up(server: Server, paths: list[str], counts: dict, writes: int, rate: float, seconds: float,
                  timeout: float = 300) -> int:
    """Wait for ``writes`` articles to be written, read every URL once, then read at ``rate`` for
    ``seconds``; returns read errors."""
    deadline = time.monotonic() + timeout
    while counts["articles written"] + counts["write errors"] < writes:
        if time.monotonic() > deadline:
            raise RuntimeError(f"warm-up: fewer than {writes} articles written in {timeout:.0f} s")
        await asyncio.sleep(0.2)
    errors = 0
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        for path in paths:
            try:
                errors += (await client.get(path)).status_code // 100 != 2
            except httpx.HTTPError:
                errors += 1
    if seconds > 0:
        reads = await open_loop(server.url, paths, rate, seconds, timeout=30)
        errors += sum(reads.errors.values()) + reads.unsent
    return errors


async def soak(server: Server, token: str, seconds: float, rate: float, write_rate: float, warm_writes: int,
               warm_seconds: float, max_growth: float) -> bool:
    """The soak itself; True when it met its bar (no errors, memory growth within ``max_growth`` %)."""
    paths = api_paths(server.url)
    stop = asyncio.Event()
    counts = {"articles written": 0, "events coded": 0, "write errors": 0}
    before = memory(server)
    print(f"server on {server.url}, writes enabled; RSS before warm-up {before[0]:.0f} MiB "
          f"(coding worker not started); warming up: {warm_writes} writes, {len(paths)} reads, then "
          f"{warm_seconds:.0f} s of reads at {rate:.0f}/s", flush=True)
    started = time.monotonic()
    writer = asyncio.create_task(keep_writing(server.url, token, stop, counts, write_rate))
    warm_errors = await warm_up(server, paths, counts, warm_writes, rate, warm_seconds)
    warm = memory(server)
    warm_written, warm_events = counts["articles written"], counts["events coded"]
    print(f"warm after {time.monotonic() - started:.0f} s: RSS server {warm[0]:.0f} MiB + coding worker "
          f"{warm[1]:.0f} MiB = {sum(warm):.0f} MiB; load average {os.getloadavg()[0]:.1f}; reading {len(paths)} "
          f"URLs at {rate:.0f}/s for {seconds:.0f} s while posting articles", flush=True)
    samples: list = [warm]
    watcher = asyncio.create_task(watch_memory(server, stop, samples, counts))
    reads = await open_loop(server.url, paths, rate, seconds, timeout=30)
    stop.set()
    await asyncio.wait([writer, watcher], timeout=150)
    end = memory(server)
    samples.append(end)
    print("reads (timed window):")
    for line in reads.lines():
        print("  " + line)
    written = counts["articles written"] - warm_written
    print(f"writes: {counts['articles written']} articles written ({written} in the timed window, "
          f"{written / seconds:.2f}/s), {counts['events coded']} events coded ({counts['events coded'] - warm_events} "
          f"in the window), {counts['write errors']} write errors"
          + (f" (first: {counts['last write error']})" if "last write error" in counts else ""))
    peak = max(samples, key=sum)
    growth = 100 * (sum(end) / sum(warm) - 1)
    print(f"memory (server + coding worker): warm start {warm[0]:.0f} + {warm[1]:.0f} = {sum(warm):.0f} MiB; "
          f"end {end[0]:.0f} + {end[1]:.0f} = {sum(end):.0f} MiB ({growth:+.1f}%); peak sampled "
          f"{peak[0]:.0f} + {peak[1]:.0f} = {sum(peak):.0f} MiB ({100 * (sum(peak) / sum(warm) - 1):+.1f}%); "
          f"server alone {warm[0]:.0f} -> {end[0]:.0f} MiB ({100 * (end[0] / warm[0] - 1):+.1f}%), "
          f"peak {max(s[0] for s in samples):.0f} MiB")
    errors = sum(reads.errors.values()) + counts["write errors"] + warm_errors
    print(f"errors: {errors} (reads {sum(reads.errors.values())}, writes {counts['write errors']}, "
          f"warm-up reads {warm_errors}); reads not sent on schedule: {reads.unsent}")
    passed = errors == 0 and growth <= max_growth
    print(f"verdict: {'PASS' if passed else 'FAIL'} (bar: no errors, memory growth at most {max_growth:g}%)")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--rate", type=float, default=50.0, help="read requests per second offered")
    parser.add_argument("--write-rate", type=float, default=1.0,
                        help="articles posted per second at most (0: each as soon as the last is answered)")
    parser.add_argument("--warm-writes", type=int, default=5, help="articles written before the timed window")
    parser.add_argument("--warm-seconds", type=float, default=30.0, help="reads at --rate before the timed window")
    parser.add_argument("--max-growth", type=float, default=10.0, help="memory growth allowed, in percent")
    args = parser.parse_args()
    if args.write_rate < 0:
        parser.error("--write-rate must be 0 (back to back) or more")
    if args.warm_seconds < 0:
        parser.error("--warm-seconds must be 0 or more")
    if args.warm_writes < 1:
        parser.error("--warm-writes must be at least 1 (the first write starts the coding worker)")
    if not 0 < args.rate <= 2000 or not 0 < args.seconds <= 24 * 3600:
        parser.error("rate must be in (0, 2000] and seconds in (0, 86400]")
    token = secrets.token_urlsafe(24)
    os.environ["ALLEGIANCE_TOKEN"] = token  # to the server through its environment, not its command line
    with tempfile.TemporaryDirectory() as folder:
        db = build_database(Path(folder))
        with Server(db, "--allow-writes") as server:
            server.wait_ready(timeout=120)
            started = time.monotonic()
            passed = asyncio.run(soak(server, token, args.seconds, args.rate, args.write_rate, args.warm_writes, args.warm_seconds,
                                      args.max_growth))
            size = sum(p.stat().st_size for p in (db, db.with_name(db.name + ".wal")) if p.exists())
            print(f"wall time {time.monotonic() - started:.0f} s; database file and its WAL {size / 2**20:.1f} MiB")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
