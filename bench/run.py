"""Benchmark Margin against bare Flask: `python -m bench.run [--smoke | --scale]`.

The apps run under the same gunicorn settings (sync workers on 127.0.0.1); each round
loads the bare app, then every Margin endpoint, then the plain Flask-SQLAlchemy
reference's two (A, B, C, A, B, C...), and medians over the rounds are reported with
each endpoint's ratio to the bare app in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from importlib import metadata
from pathlib import Path

from bench import data, plain
from bench.alternate import RESULTS, fetch, measure
from bench.harness import Database, margin_env
from bench.load import Endpoint, Load, wrk_available
from bench.openloop import get_request, post_request, run_open_loop
from bench.servers import ROOT, Server, pair, reference

PACKAGES = ["flask", "werkzeug", "flask-sqlalchemy", "sqlalchemy", "marshmallow",
            "flask-limiter", "gunicorn", "psycopg"]


def small_endpoints(etag: str, limit: int | None = None) -> list[Endpoint]:
    """Return the issue's four endpoints against the small seeded database."""
    read = f"/api/v1/comments?thread={urllib.parse.quote(data.READ_THREAD)}"
    if limit:
        read += f"&limit={limit}"
    return [
        Endpoint("thread read (50 comments)", read),
        Endpoint("thread read, If-None-Match (304)", read, headers={"If-None-Match": etag},
                 expect=304),
        Endpoint("counts (50 threads)", counts_path(data.COUNT_THREADS)),
        Endpoint("submit comment (POST)", "/api/v1/comments", script="post.lua", expect=201),
    ]


def reference_endpoints() -> list[Endpoint]:
    """Return the plain Flask-SQLAlchemy app's list and insert, the issue's references."""
    return [
        Endpoint("plain Flask-SQLAlchemy: list 50 rows", plain.LIST_PATH),
        Endpoint("plain Flask-SQLAlchemy: insert (POST)", plain.INSERT_PATH, script="post.lua",
                 expect=201),
    ]


def counts_path(keys: list[str]) -> str:
    """Return the counts URL for these thread keys."""
    return "/api/v1/counts?" + urllib.parse.urlencode([("thread", k) for k in keys])


def etag_of(server: Server, path: str) -> str:
    """Return the ETag the listing answers with."""
    status, headers, _ = fetch(server.url + path)
    if status != 200 or not headers.get("ETag"):
        raise RuntimeError(f"no ETag from {path}: {status}")
    return headers["ETag"]


def measure_paced(margin: Server, endpoints: list[Endpoint], rate: float, rounds: int,
                  seconds: float) -> dict:
    """Load each endpoint open-loop at one rate (A, B, A, B...); return latency medians."""
    # Under wrk's closed loop at full speed, latency is mostly queueing behind the other
    # connections, so a slower endpoint always shows a longer tail. At one offered rate
    # that both sustain, the tails compare the requests' own cost (bench/openloop.py).
    host = f"127.0.0.1:{margin.port}"
    makers = {}
    for endpoint in endpoints:
        if endpoint.script == "post.lua":
            makers[endpoint.name] = post_request(endpoint.path, host, data.POST_THREAD)
        else:
            makers[endpoint.name] = get_request(endpoint.path, host, endpoint.headers)
    runs: dict[str, list[dict]] = {e.name: [] for e in endpoints}
    for number in range(rounds):
        print(f"open-loop round {number + 1}/{rounds} at {rate:g} req/s", file=sys.stderr,
              flush=True)
        for endpoint in endpoints:
            runs[endpoint.name].append(run_open_loop(
                margin.url, makers[endpoint.name], rate, seconds, endpoint.expect,
                seed=number))
    return {"rate": rate, "endpoints": {name: {
        "rps": round(statistics.median(r["rps"] for r in results), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 3),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 3),
        "errors": sum(r["errors"] for r in results),
        "rounds": results,
    } for name, results in runs.items()}}


def paced_table(paced: dict) -> str:
    """Render the paced run as Markdown."""
    lines = [f"Open loop at one rate ({paced['rate']:g} req/s offered, Poisson arrivals, "
             "latency from each request's due time):", "",
             "| endpoint | requests/s | p50 ms | p99 ms |", "| --- | ---: | ---: | ---: |"]
    for name, row in paced["endpoints"].items():
        lines.append(f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | "
                     f"{row['p99_ms']:.2f} |")
    return "\n".join(lines)


def machine(database_url: str | None) -> dict:
    """Describe the machine, the software and the database of the run."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import psutil

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "cpu": cpu, "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
        "database": "postgresql" if database_url else "sqlite",
        "packages": {p: metadata.version(p) for p in PACKAGES},
    }


def seed(instance: Path, database_url: str | None) -> dict:
    """Seed the small data set through Margin's domain code."""
    from service import create_app

    overrides = {"DATABASE_URL": database_url, "SECRET_KEY": "bench-secret"}
    return data.seed_small(create_app(overrides, instance_path=str(instance)))


def table(summary: dict) -> str:
    """Render a summary as a Markdown table."""
    lines = ["| endpoint | requests/s | p50 ms | p99 ms | ratio to bare |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, row in summary.items():
        lines.append(f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | "
                     f"{row['p99_ms']:.2f} | {row['ratio']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> Path:
    """Run the benchmark and write its results file; return the file's path."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--smoke", action="store_true",
                        help="one round of about a second per endpoint, to check the harness")
    parser.add_argument("--scale", action="store_true",
                        help="also seed a million comments and compare (long; never in CI)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database-url", help="a PostgreSQL server to run on (a database "
                        "is created there and dropped); default: SQLite")
    parser.add_argument("--scale-comments", type=int, default=1_000_000)
    parser.add_argument("--scale-threads", type=int, default=10_000)
    parser.add_argument("--scale-big-thread", type=int, default=100_000)
    parser.add_argument("--paced-rate", type=float,
                        help="req/s for the open-loop latency runs (default: a quarter of the "
                             "measured submission rate)")
    parser.add_argument("--no-preload", action="store_true",
                        help="each gunicorn worker loads its app (Margin: service:create_app()) "
                             "instead of the master loading it once")
    parser.add_argument("--no-reference", action="store_true",
                        help="leave out the plain Flask-SQLAlchemy app (bench/plain.py)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--access-log", action="store_true",
                        help="keep Margin's own access log (one line per request, stderr)")
    args = parser.parse_args(argv)
    if not wrk_available():
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    if args.smoke:
        args.rounds, args.duration, args.connections = 1, 1, 8
    load = Load(args.wrk_threads, args.connections, args.duration)
    warmup = 0 if args.smoke else 2

    with tempfile.TemporaryDirectory(prefix="margin-bench-") as tmp:
        instance = Path(tmp)
        with Database(args.database_url, instance) as database:
            seeded = seed(instance, database.url)
            env = margin_env(instance, database.url, args.access_log)
            if args.scale:
                # The scale run measures the queries, so no run may answer from the cache.
                env["MARGIN_LISTING_CACHE_ENTRIES"] = "0"
            mode = "smoke" if args.smoke else "scale" if args.scale else "full"
            result = {"mode": mode, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                             time.gmtime()),
                      "machine": machine(database.url),
                      "settings": {"workers": args.workers, "worker_class": "sync",
                                   "wrk": f"-t{load.threads} -c{load.connections} "
                                          f"-d{load.seconds:g}s --latency",
                                   "rounds": args.rounds,
                                   "margin_access_log": args.access_log,
                                   "preload": not args.no_preload},
                      "seeded": seeded}
            bare, margin = pair(args.workers, env, not args.no_preload)
            servers = [bare, margin]
            if not args.no_reference:
                plain_url = database.url or f"sqlite:///{instance / 'plain.sqlite3'}"
                plain.prepare(plain_url, data._body(0))
                servers.append(reference(args.workers, plain_url, not args.no_preload))
            with contextlib.ExitStack() as running:
                for server in servers:
                    running.enter_context(server)
                read = f"/api/v1/comments?thread={urllib.parse.quote(data.READ_THREAD)}"
                limit = 10 if args.scale else None
                path = read + (f"&limit={limit}" if limit else "")
                endpoints = small_endpoints(etag_of(margin, path), limit)
                targets = [(margin, endpoints)] + [(server, reference_endpoints())
                                                   for server in servers[2:]]
                result["endpoints"] = measure(bare, targets, args.rounds, load, warmup)
                # The thread read and the submission, both at a quarter of what
                # submissions sustained under wrk (or --paced-rate): the Python client
                # costs more CPU per request than wrk, on the same two cores.
                rate = args.paced_rate or max(
                    1, round(result["endpoints"][endpoints[-1].name]["rps"] / 4))
                result["paced"] = measure_paced(margin, [endpoints[0], endpoints[-1]], rate,
                                                args.rounds, load.seconds)
                for kind in ("rss", "uss", "pss"):
                    result[f"{kind}_mib"] = {server.name: server.worker_memory_mib(kind)
                                             for server in servers}
            rss = result["rss_mib"]
            rss["ratio"] = round(rss["margin"] / rss["bare"], 2)
            if "plain" in rss:
                rss["plain_ratio"] = round(rss["plain"] / rss["bare"], 2)
            if args.scale:
                from bench.scale import run_scale

                result["scale"] = run_scale(args, instance, database.url, env, load, warmup,
                                            result["endpoints"])
    out = write(result, args.out)
    print(report(result))
    print(f"\nresults: {out}")
    return out


def report(result: dict) -> str:
    """Render a run's results as Markdown."""
    m = result["machine"]
    text = [f"{result['mode']} run, {result['started']}: {m['cpu']}, {m['cores']} cores, "
            f"{m['memory_gib']} GiB, Python {m['python']}, {m['database']}; "
            f"{result['settings']['workers']} sync workers, wrk {result['settings']['wrk']}, "
            f"median of {result['settings']['rounds']} rounds", "", table(result["endpoints"]),
            "", memory_table(result)]
    if "paced" in result:
        text += ["", paced_table(result["paced"])]
    if "scale" in result:
        from bench.scale import scale_table

        text += ["", scale_table(result["scale"])]
    return "\n".join(text)


def memory_table(result: dict) -> str:
    """Render the workers' memory (RSS, USS, PSS) per app as Markdown."""
    apps = [app for app in ("bare", "margin", "plain") if app in result["rss_mib"]]
    lines = ["| worker memory, MiB | " + " | ".join(apps) + " | Margin / bare |",
             "| --- |" + " ---: |" * (len(apps) + 1)]
    for kind, label in (("rss", "RSS"), ("uss", "USS (only its own)"),
                        ("pss", "PSS (shared pages split)")):
        row = result[f"{kind}_mib"]
        lines.append(f"| {label} | " + " | ".join(f"{row[app]:.1f}" for app in apps)
                     + f" | {row['margin'] / row['bare']:.2f} |")
    return "\n".join(lines)


def write(result: dict, folder: Path) -> Path:
    """Write the results as JSON (and the report as Markdown) under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = result["started"].replace(":", "").replace("-", "")
    out = folder / f"{result['mode']}-{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    out.with_suffix(".md").write_text(report(result) + "\n")
    return out


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
