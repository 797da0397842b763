"""Hardening as plain ASGI middleware: security headers, size limits and a per-client rate limit.

They sit outside the routes, so every answer (errors, static files, the API docs) carries the
headers, and an oversized or too-frequent request is refused before any route or query runs.
"""

from __future__ import annotations

import json
import time

# Everything from this origin only: the charts library and the styles are served by the app.
# plotly.js sets inline style attributes on its SVG, hence 'unsafe-inline' for styles alone.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]


async def _refuse(send, status: int, message: str, extra: list | None = None) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds ``HEADERS`` to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SizeLimits:
    """413 for a URL (path plus query string) longer than ``max_url`` bytes, or a body larger than
    ``max_body`` bytes, whether announced by Content-Length or only found while reading a body
    sent without one (which is read here, up to the limit, before the app sees it)."""

    def __init__(self, app, max_body: int, max_url: int):
        self.app, self.max_body, self.max_url = app, max_body, max_url

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) > self.max_url:
            return await _refuse(send, 413, f"the URL is longer than {self.max_url} bytes")
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_body:
                return await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")
            return await self.app(scope, receive, send)
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_body:
                return await _refuse(send, 413, f"the request body is larger than {self.max_body} bytes")
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class RateLimit:
    """A token bucket per client address: ``rate`` requests a second on average, bursts up to
    ``burst``; beyond that, 429 with Retry-After. ``rate`` 0 turns the limit off. Buckets idle long
    enough to be full again are dropped, so the table stays small under many clients."""

    def __init__(self, app, rate: float, burst: float | None = None, max_clients: int = 10_000):
        self.app, self.rate = app, float(rate)
        self.burst = float(burst if burst is not None else max(rate, 1.0))
        self.max_clients = max_clients
        self.buckets: dict[str, tuple[float, float]] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.rate <= 0:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            wait = max(1, int((1 - tokens) / self.rate + 0.999))
            return await _refuse(send, 429, "too many requests; slow down",
                                 [(b"retry-after", str(wait).encode())])
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > self.max_clients:
            self._forget_idle(now)
        await self.app(scope, receive, send)

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate
        for client, (_, last) in list(self.buckets.items()):
            if now - last >= full_after:
                del self.buckets[client]
