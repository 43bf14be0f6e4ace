"""What one request costs inside a worker: `python -m bench.inprocess`.

Calls Margin's WSGI app directly (no server, no socket, no wrk) on the small seeded
data set, so the figure is Margin's own work per request. Two measures:

- CPU time per request (default): quick, but this machine's neighbours move it by
  10-15% from run to run.
- `--instructions`: runs itself twice under valgrind's callgrind (Debian package
  `valgrind`), once with the requests and once without, and prints the difference per
  request. Instruction counts do not depend on what else the machine is doing, so two
  commits can be compared exactly; a run takes a few minutes.

Endpoints: `submit`, `read` (a cached listing), `304` (the listing with its ETag),
`counts`, and `bare` (the bare Flask app's hello, for scale). `--database-url` runs on a
PostgreSQL server (a database made for the run and dropped after it); on PostgreSQL the
CPU time is the worker's only, the server's work is not in it.

`--profile` prints the functions that take the most time (cProfile).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import data
from bench.harness import HIGH_LIMIT, Database

WARMUP = 200
ENDPOINTS = ("submit", "read", "304", "counts", "bare")


def _settings(database_url: str | None = None) -> dict:
    # What bench.run gives Margin: raised limits, a trusted proxy, quiet logs.
    return {"LOG_LEVEL": "WARNING", "RATELIMIT_COMMENTS": HIGH_LIMIT,
            "RATELIMIT_READS": HIGH_LIMIT, "TRUSTED_PROXIES": "127.0.0.1/32", "SECRET_KEY": "bench",
            "DATABASE_URL": database_url}


def _environ(method: str, path: str, query: str = "", body: bytes = b"",
             ip: str = "10.1.0.1") -> dict:
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json" if body else "", "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_X_FORWARDED_FOR": ip, "REMOTE_ADDR": "127.0.0.1",
    }


class Driver:
    """Send one kind of request to an app, checking every answer's status."""

    def __init__(self, app, endpoint: str):
        self.app = app
        self.endpoint = endpoint
        self.rng = random.Random(1)
        self.etag = None
        if endpoint == "304":
            headers = []
            environ = _environ("GET", "/api/v1/comments", self._listing_query())
            b"".join(app(environ, lambda status, sent, exc=None: headers.extend(sent)))
            self.etag = dict(headers)["ETag"]

    @staticmethod
    def _listing_query() -> str:
        return urllib.parse.urlencode({"thread": data.READ_THREAD})

    def _request(self, n: int) -> tuple[dict, str]:
        if self.endpoint == "submit":
            # As bench/post.lua: new wording each time, 50 authors, 64 addresses.
            picked = self.rng.sample(data.SENTENCES, len(data.SENTENCES))
            text = f"*Comment {n}.* " + picked.pop()
            while len(text) < 280:
                text += " " + picked.pop()
            body = json.dumps({"thread": data.POST_THREAD, "author": f"Bench Reader {n % 50}",
                               "email": f"bench{n % 50}@example.com", "body": text}).encode()
            return _environ("POST", "/api/v1/comments", body=body,
                            ip=f"10.1.0.{n % 64 + 1}"), "201"
        if self.endpoint == "read":
            return _environ("GET", "/api/v1/comments", self._listing_query()), "200"
        if self.endpoint == "304":
            environ = _environ("GET", "/api/v1/comments", self._listing_query())
            environ["HTTP_IF_NONE_MATCH"] = self.etag
            return environ, "304"
        if self.endpoint == "bare":
            return _environ("GET", "/"), "200"
        query = urllib.parse.urlencode([("thread", key) for key in data.COUNT_THREADS])
        return _environ("GET", "/api/v1/counts", query), "200"

    def send(self, n: int) -> None:
        """Send request number n and check its status."""
        environ, expected = self._request(n)
        statuses = []
        body = b"".join(self.app(environ, lambda status, headers, exc=None:
                                 statuses.append(status)))
        if not statuses[0].startswith(expected):
            raise RuntimeError(f"{self.endpoint} #{n}: {statuses[0]} {body[:300]!r}")


def _driver(instance: Path, endpoint: str, database_url: str | None = None) -> Driver:
    if endpoint == "bare":
        from bench.bare import app

        driver = Driver(app, endpoint)
    else:
        from service import create_app

        settings = _settings(database_url)
        data.seed_small(create_app(settings, instance_path=str(instance)))
        driver = Driver(create_app(settings, instance_path=str(instance)), endpoint)
    for n in range(WARMUP):
        driver.send(n)
    return driver



def cpu_ms(endpoint: str, requests: int, profile: bool = False,
           database_url: str | None = None) -> float:
    """Return the CPU milliseconds one request of this kind costs, after a warm-up."""
    with (tempfile.TemporaryDirectory(prefix="margin-inprocess-") as tmp,
          Database(database_url, Path(tmp)) as database):
        driver = _driver(Path(tmp), endpoint, database.url)
        numbers = range(WARMUP, WARMUP + requests)
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(lambda: [driver.send(n) for n in numbers])
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        started = time.process_time()
        for n in numbers:
            driver.send(n)
        return (time.process_time() - started) * 1000 / requests


def _counted(endpoint: str, requests: int, database_url: str | None = None) -> int:
    """Return the instructions callgrind counts for a whole run with this many requests."""
    with tempfile.TemporaryDirectory(prefix="margin-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        database = ["--database-url", database_url] if database_url else []
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             sys.executable, "-m", "bench.inprocess", "--endpoint", endpoint,
             "--requests", str(requests), *database, "--just-run"],
            check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent)
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no totals")


def instructions(endpoint: str, requests: int, database_url: str | None = None) -> float:
    """Return the instructions one request costs: (run with requests - run without) / requests."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    return (_counted(endpoint, requests, database_url)
            - _counted(endpoint, 0, database_url)) / requests


def main(argv: list[str] | None = None) -> None:
    """Print the in-process cost of one request."""
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", choices=ENDPOINTS, default="submit")
    parser.add_argument("--requests", type=int, default=None,
                        help="requests measured (default 2000; 200 with --instructions)")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under callgrind instead of timing")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--database-url", help="a PostgreSQL server to run on (a database "
                        "is made for the run and dropped after it); default SQLite")
    parser.add_argument("--just-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.just_run:  # the measured child of --instructions
        with (tempfile.TemporaryDirectory(prefix="margin-inprocess-") as tmp,
              Database(args.database_url, Path(tmp)) as database):
            driver = _driver(Path(tmp), args.endpoint, database.url)
            for n in range(WARMUP, WARMUP + args.requests):
                driver.send(n)
        return
    if args.instructions:
        requests = args.requests or 200
        per = instructions(args.endpoint, requests, args.database_url)
        print(f"{args.endpoint}: {per / 1e6:.2f} million instructions per request "
              f"({requests} requests, callgrind)")
        return
    requests = args.requests or 2000
    cost = cpu_ms(args.endpoint, requests, args.profile, args.database_url)
    print(f"{args.endpoint}: {cost:.3f} ms CPU per request ({requests} requests)")


if __name__ == "__main__":
    main()
