"""Alternate bare Flask and Margin's endpoints under wrk, round by round; report medians."""

from __future__ import annotations

import json
import os
import statistics
import sys
import urllib.error
import urllib.request
from pathlib import Path

from bench import data
from bench.load import Endpoint, Load, run_wrk
from bench.servers import Server

RESULTS = Path(__file__).resolve().parent / "results"


def fetch(url: str, headers: dict | None = None, body: bytes | None = None):
    """Send one request; return (status, headers, body)."""
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def check(server: Server, endpoint: Endpoint) -> None:
    """Make sure an endpoint answers as the load expects before loading it."""
    if endpoint.script == "post.lua":
        body = json.dumps({"thread": data.POST_THREAD, "author": "Check", "email":
                           "check@example.org", "body": data._body(0)}).encode()
        status, _, raw = fetch(server.url + endpoint.path, {
            "Content-Type": "application/json", "X-Forwarded-For": "10.255.255.1"}, body)
    else:
        status, _, raw = fetch(server.url + endpoint.path, endpoint.headers)
    if status != endpoint.expect:
        raise RuntimeError(f"{endpoint.name}: {status} {raw[:300]!r}")


def post_env(post_thread: str = data.POST_THREAD) -> dict:
    """Return the environment post.lua reads: the thread, the file of sentences."""
    # post.lua draws its comment sentences from the same list the seeding uses.
    RESULTS.mkdir(parents=True, exist_ok=True)
    sentences = RESULTS / "sentences.txt"
    sentences.write_text("\n".join(data.SENTENCES) + "\n")
    return {**os.environ, "BENCH_POST_THREAD": post_thread,
            "BENCH_POST_SENTENCES": str(sentences)}


def measure(bare: Server, targets: list[tuple[Server, list[Endpoint]]], rounds: int,
            load: Load, warmup: float, post_thread: str = data.POST_THREAD) -> dict:
    """Alternate bare Flask and each server's endpoints for `rounds`; return medians."""
    baseline = Endpoint("bare Flask hello", "/")
    wrk_env = post_env(post_thread)
    loads = [(bare, baseline)] + [(server, e) for server, endpoints in targets
                                  for e in endpoints]
    for server, endpoint in loads[1:]:
        check(server, endpoint)
    if warmup:
        warm = Load(load.threads, load.connections, warmup)
        for server, endpoint in loads:
            run_wrk(server.url, endpoint, warm, wrk_env)
    runs: dict[str, list[dict]] = {endpoint.name: [] for _, endpoint in loads}
    for number in range(rounds):
        print(f"round {number + 1}/{rounds}", file=sys.stderr, flush=True)
        for server, endpoint in loads:
            runs[endpoint.name].append(run_wrk(server.url, endpoint, load, wrk_env))
    apps = {endpoint.name: server.name for server, endpoint in loads}
    base_rps = statistics.median(r["rps"] for r in runs[baseline.name])
    summary = {}
    for name, results in runs.items():
        rps = statistics.median(r["rps"] for r in results)
        summary[name] = {
            "app": apps[name],
            "rps": round(rps, 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 3),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 3),
            "ratio": round(rps / base_rps, 3),
            "requests": sum(r["requests"] for r in results),
            "errors": sum(r["errors"] for r in results),
            "rounds": results,
        }
    return summary
