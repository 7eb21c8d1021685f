"""A small closed-loop HTTP load generator on httpx (async): C connections, each sending its next request
when the last one answered, for a time budget or a request count. Latencies per request; non-2xx answers
are counted as errors (and reported), not hidden."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    first_error: str = ""

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.pct(95)


# request(i) -> (method, path, kwargs)
Request = Callable[[int], tuple[str, str, dict]]


async def _run(base: str, request: Request, *, connections: int, seconds: float, count: int | None,
               headers: dict, cookies: dict | None, warmup: int, timeout: float) -> Figures:
    figures = Figures()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout, headers=headers,
                                 cookies=cookies) as client:
        for i in range(warmup):
            method, path, kwargs = request(-1 - i)
            try:
                await client.request(method, path, **kwargs)
            except httpx.HTTPError as exc:  # too slow even to warm up: report that, measure nothing
                figures.errors += 1
                figures.first_error = f"warm-up {type(exc).__name__} after {timeout:.0f} s"
                return figures
        counter = iter(range(10**9))
        deadline = time.perf_counter() + seconds

        async def worker():
            while time.perf_counter() < deadline:
                i = next(counter)
                if count is not None and i >= count:
                    return
                method, path, kwargs = request(i)
                began = time.perf_counter()
                try:
                    answer = await client.request(method, path, **kwargs)
                except httpx.HTTPError as exc:  # a timeout: counted, and this connection stops
                    figures.errors += 1
                    figures.first_error = figures.first_error or f"{type(exc).__name__} after {timeout:.0f} s"
                    return
                elapsed = time.perf_counter() - began
                if answer.status_code >= 300:
                    figures.errors += 1
                    figures.first_error = figures.first_error or f"{answer.status_code} {answer.text[:200]}"
                else:
                    figures.latencies.append(elapsed)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        figures.wall = time.perf_counter() - began
    return figures


def hammer(base: str, request: Request, *, connections: int = 1, seconds: float = 10, count: int | None = None,
           headers: dict | None = None, cookies: dict | None = None, warmup: int = 2,
           timeout: float = 120) -> Figures:
    """``timeout`` per request: one that takes longer counts as an error and ends its connection's loop
    (the server may still be working on it; the caller should not measure anything right after)."""
    return asyncio.run(_run(base, request, connections=connections, seconds=seconds, count=count,
                            headers=headers or {}, cookies=cookies, warmup=warmup, timeout=timeout))
