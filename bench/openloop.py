"""Open-loop load at a fixed rate: Poisson arrivals, latency from each request's due time.

wrk keeps its connections busy (closed loop): at full speed a request's latency is mostly
its wait behind the other connections, so a slower endpoint always shows a longer tail,
and wrk's own pacing (`delay()`) counts the pause in the latency when the server closes
every connection, as gunicorn's sync workers do. Here requests are sent when due,
whatever the server is doing, and each latency runs from the moment it was due (no
coordinated omission), so two endpoints loaded at one rate compare their own tails.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from bench import data


def get_request(path: str, host: str, headers: dict | None = None) -> Callable[[int], bytes]:
    """Return a maker of the same GET request."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    raw = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n").encode()
    return lambda _n: raw


def post_request(path: str, host: str, thread: str) -> Callable[[int], bytes]:
    """Return a maker of comment submissions, each a different text from its own address."""
    # As bench/post.lua: a new mix of the seeding's sentences, a pool of client addresses.
    def make(n: int) -> bytes:
        rng = random.Random(n)
        text = f"*Comment {n}.* " + " ".join(rng.sample(data.SENTENCES, 5))
        body = json.dumps({"thread": thread, "author": f"Paced Reader {n % 50}",
                           "email": f"paced{n % 50}@example.com", "body": text}).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nX-Forwarded-For: 10.200.{n // 64 % 250}."
                f"{n % 64 + 1}\r\nConnection: close\r\n\r\n").encode()
        return head + body
    return make


async def _one(host: str, port: int, raw: bytes, due: float, out: list, expect: int) -> None:
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(raw)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # to the close: the whole answer
        writer.close()
        ok = int(status_line.split()[1]) == expect
    except (OSError, IndexError, ValueError):
        ok = False
    out.append((time.perf_counter() - due, ok))


async def _run(url: str, make: Callable[[int], bytes], rate: float, seconds: float,
               expect: int, seed: int) -> list:
    parts = urlsplit(url)
    rng = random.Random(seed)
    results: list = []
    tasks = []
    start = time.perf_counter()
    due = start
    n = 0
    while due < start + seconds:
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(
            _one(parts.hostname, parts.port, make(n), due, results, expect)))
        n += 1
        due += rng.expovariate(rate)
    await asyncio.gather(*tasks)
    return results


def run_open_loop(url: str, make: Callable[[int], bytes], rate: float, seconds: float,
                  expect: int = 200, seed: int = 1) -> dict:
    """Send requests at `rate` per second for `seconds`; return rps, p50, p99 and errors."""
    started = time.perf_counter()
    results = asyncio.run(_run(url, make, rate, seconds, expect, seed))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for latency, ok in results if ok)
    if not latencies:
        raise RuntimeError(f"no request to {url} succeeded")

    def percentile(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000,
                     3)

    return {"requests": len(results), "rps": round(len(results) / elapsed, 1),
            "p50_ms": percentile(50), "p99_ms": percentile(99),
            "errors": sum(1 for _, ok in results if not ok)}
