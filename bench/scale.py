"""The scale run: the same requests against a million comments, compared with a small base."""

from __future__ import annotations

import os
import time
import urllib.parse
from pathlib import Path

from bench import data, plans
from bench.alternate import measure
from bench.load import Endpoint
from bench.servers import pair

BIG, SMALL = "/seed/0", "/seed/1"
# The small run's figure each large-database endpoint is held against.
BASELINES = {
    "big thread, first page": "thread read (50 comments)",
    "small thread, first page": "thread read (50 comments)",
    "big thread, deep page (cursor)": "thread read (50 comments)",
    "counts (50 threads)": "counts (50 threads)",
    "submit comment (POST)": "submit comment (POST)",
}


def _listing(key: str, **extra) -> str:
    return "/api/v1/comments?" + urllib.parse.urlencode({"thread": key, "limit": 10, **extra})


def run_scale(args, instance: Path, database_url: str | None, env: dict, load, warmup: float,
              small: dict) -> dict:
    """Seed the large data set into the run's database and measure it like the small one."""
    from service import create_app

    started = time.monotonic()
    plans.seed_command({**os.environ, **env}, args.scale_comments, args.scale_threads,
                       args.scale_big_thread)
    seed_seconds = round(time.monotonic() - started, 1)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench-secret",
                      "LISTING_CACHE_ENTRIES": 0}, instance_path=str(instance))
    cursor = plans.deep_cursor(app, BIG)
    count_keys = [f"/seed/{n}" for n in range(1, 51)]
    query_plans = plans.collect(app, plans.requests_for(BIG, SMALL, cursor, count_keys))
    from service.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()

    endpoints = [
        Endpoint("big thread, first page", _listing(BIG)),
        Endpoint("small thread, first page", _listing(SMALL)),
        Endpoint("big thread, deep page (cursor)", _listing(BIG, cursor=cursor)),
        Endpoint("counts (50 threads)", "/api/v1/counts?" + urllib.parse.urlencode(
            [("thread", k) for k in count_keys])),
        Endpoint("submit comment (POST)", "/api/v1/comments", script="post.lua", expect=201),
    ]
    bare, margin = pair(args.workers, env, not args.no_preload)
    with bare, margin:
        large = measure(bare, [(margin, endpoints)], args.rounds, load, warmup, data.POST_THREAD)
    comparison = {}
    for name, base in BASELINES.items():
        comparison[name] = {
            "small_rps": small[base]["rps"], "large_rps": large[name]["rps"],
            "small_p50_ms": small[base]["p50_ms"], "large_p50_ms": large[name]["p50_ms"],
            # How many times the small database's cost per request this one costs.
            "cost_factor": round(small[base]["rps"] / large[name]["rps"], 2),
        }
    return {"seed_seconds": seed_seconds, "comments": args.scale_comments,
            "threads": args.scale_threads, "big_thread": args.scale_big_thread,
            "endpoints": large, "comparison": comparison, "plans": query_plans}


def scale_table(scale: dict) -> str:
    """Render the scale comparison as Markdown."""
    lines = [f"{scale['comments']:,} comments over {scale['threads']:,} threads "
             f"(big thread {scale['big_thread']:,}), seeded in {scale['seed_seconds']} s; "
             "listings uncached in both runs",
             "",
             "| endpoint | small DB req/s | large DB req/s | small p50 ms | large p50 ms | "
             "cost factor (target ≤ 1.3) |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, row in scale["comparison"].items():
        lines.append(f"| {name} | {row['small_rps']:.0f} | {row['large_rps']:.0f} | "
                     f"{row['small_p50_ms']:.2f} | {row['large_p50_ms']:.2f} | "
                     f"{row['cost_factor']:.2f} |")
    return "\n".join(lines)
