"""Shared by the web benchmarks: start ``allegiance serve`` on loopback, read its memory, and drive
its JSON API on an open-loop schedule.

Open loop: request i is due at ``start + i / rate`` whatever happened to the earlier ones, and its
latency is counted from that due time, so a slow server shows up as latency instead of silently
lowering the offered load. Everything stays on 127.0.0.1 and is bounded in count and in time.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """``allegiance serve`` in a child process, stopped on exit."""

    def __init__(self, db: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        command = [sys.executable, "-c", "from allegiance.cli import main; main()", "serve", "--db", str(db),
                   "--host", HOST, "--port", str(self.port), *extra]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.process.stderr.read().decode(errors='replace')}")
            try:
                if httpx.get(self.url + "/api/overview", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {timeout:.0f} s")

    def rss_mib(self) -> float:
        """Resident memory of the server process, from /proc (Linux)."""
        return rss_mib(self.process.pid)

    def children_rss_mib(self) -> float:
        """Resident memory of the server's descendants (its coding worker), from /proc (Linux)."""
        return sum(rss_mib(pid) for pid in descendants(self.process.pid))

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB; 0 for a process that has gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from the parent ids in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


@dataclass
class LoadResult:
    sent: int = 0
    unsent: int = 0
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # from the due time
    service: list[float] = field(default_factory=list)    # from the moment it was sent
    elapsed: float = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @staticmethod
    def quantile(values: list[float], q: float) -> float:
        if len(values) < 2:
            return float("nan")
        return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 1000) - 1]

    def lines(self) -> list[str]:
        errors = sum(self.errors.values())
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "none"
        late = f", {self.unsent} not sent by the end of the window" if self.unsent else ""
        return [f"requests sent {self.sent}{late}, answered 2xx {self.ok}, errors {errors} ({detail})",
                f"achieved rate {self.ok / self.elapsed:.1f} answered/s over {self.elapsed:.1f} s",
                *(f"latency {name}: p50 {self.quantile(values, 0.5) * 1000:.1f} ms, "
                  f"p99 {self.quantile(values, 0.99) * 1000:.1f} ms, max {max(values, default=float('nan')) * 1000:.1f} ms"
                  for name, values in (("from due time", self.latencies), ("from sending", self.service))),
                f"machine: {os.cpu_count()} CPUs, load average at the end {load} (1, 5, 15 min)"]


async def open_loop(base: str, paths: list[str], rate: float, duration: float, timeout: float = 10.0,
                    stop: asyncio.Event | None = None) -> LoadResult:
    """GET ``paths`` in turn at ``rate`` per second for ``duration`` seconds (at most rate × duration
    requests; those the client itself could not send within the window are counted, not sent),
    then wait at most ``timeout`` for the last answers."""
    result = LoadResult()
    total = int(rate * duration)
    # idle connections are dropped by the client after 5 s, well before the server's keep-alive
    # (30 s) ends, so no request goes out on a connection the server is closing
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=5.0)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        async def one(path: str, due: float) -> None:
            sent = time.perf_counter()
            try:
                response = await asyncio.wait_for(client.get(path), timeout)
            except (httpx.TimeoutException, TimeoutError):
                result.error("timeout")
                return
            except httpx.HTTPError as error:
                result.error(type(error).__name__)
                return
            if response.status_code // 100 == 2:
                result.ok += 1
                now = time.perf_counter()
                result.latencies.append(now - due)
                result.service.append(now - sent)
            else:
                result.error(f"HTTP {response.status_code}")

        start = time.perf_counter()
        tasks = []
        for i in range(total):
            if (stop is not None and stop.is_set()) or time.perf_counter() > start + duration + 1:
                result.unsent = total - i  # the client fell behind its own schedule: bounded in time too
                break
            due = start + i / rate
            # sleep even when late (sleep(0) yields), so sent requests and other tasks get to run
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(one(paths[i % len(paths)], due)))
            result.sent += 1
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=timeout + 1)
            for task in pending:
                task.cancel()
                result.error("unanswered at the end")
        result.elapsed = time.perf_counter() - start
    return result


def api_paths(base: str) -> list[str]:
    """A mix over every read endpoint, built from what the served database holds."""
    overview = httpx.get(base + "/api/overview", timeout=10).json()
    dyads = [f"{d['a']}-{d['b']}" for d in overview["top_dyads"][:5]] or ["KOR-USA"]
    actors = sorted({d["a"] for d in overview["top_dyads"][:5]}) or ["KOR"]
    articles = [a["article_id"] for a in overview["articles"][:5]]
    paths = ["/api/overview"]
    paths += [f"/api/dyads/{d}/events" for d in dyads]
    paths += [f"/api/dyads/{d}/events?modality=asserted&since=2018-01-01" for d in dyads[:2]]
    paths += [f"/api/dyads/{d}/series" for d in dyads[:2]]
    paths += [f"/api/actors/{a}" for a in actors]
    paths += [f"/api/articles/{a}" for a in articles]
    paths += ["/api/search?q=missile", "/api/search?q=KOR"]
    return paths
