"""Measure reads through two `margin serve` processes sharing PostgreSQL and Redis.

Usage (from the repository root, with the machine's services):
    MARGIN_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
    MARGIN_TEST_REDIS_URL=redis://127.0.0.1:6379/0 python -m scripts.measure_cluster

Creates and drops its own database; sends traffic only to 127.0.0.1; bounded in count.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.helpers.serving import postgres_database, serving_many

READS = 400
CLIENTS = 8
COMMENTS = 20


def main() -> None:
    """Seed a thread, read it READS times from CLIENTS threads, print rate and buckets."""
    settings = {
        "RATELIMIT_STORAGE_URI": os.environ["MARGIN_TEST_REDIS_URL"],
        "RATELIMIT_NAMESPACE": f"margin-measure-{uuid.uuid4().hex[:8]}",
        "RATELIMIT_READS": "100000/minute",
        "SECRET_KEY": uuid.uuid4().hex,
        "LOG_FORMAT": "json",
    }
    name = f"margin_measure_{uuid.uuid4().hex[:8]}"
    with postgres_database(os.environ["MARGIN_TEST_DATABASE_URL"], name) as url, \
            tempfile.TemporaryDirectory() as tmp:
        settings["DATABASE_URL"] = url
        specs = [(Path(tmp) / part, settings, ("--workers", "2")) for part in ("a", "b")]
        with serving_many(specs) as servers:
            for n in range(COMMENTS):
                requests.post(f"{servers[0].base}/api/v1/comments", timeout=10,
                              headers={"X-Forwarded-For": f"192.0.2.{n}"},
                              json={"thread": "/m", "author": "A", "email": "a@example.com",
                                    "body": f"Comment number {n}."})
            sessions = [requests.Session() for _ in range(CLIENTS)]

            def read(i: int) -> int:
                base = servers[i % 2].base
                return sessions[i % CLIENTS].get(f"{base}/api/v1/comments?thread=/m",
                                                 timeout=10).status_code

            started = time.monotonic()
            with ThreadPoolExecutor(CLIENTS) as pool:
                codes = list(pool.map(read, range(READS)))
            took = time.monotonic() - started
            print(f"statuses {sorted(set(codes))}: {READS / took:.0f} reads/s over {took:.1f}s")
            for server in servers:
                text = requests.get(f"{server.base}/metrics", timeout=10).text
                print(server.base)
                for line in text.splitlines():
                    if "list_comments" in line and "duration" in line and (
                            "_count" in line or any(f'le="{b}"' in line
                                                    for b in ("0.025", "0.05", "0.1"))):
                        print("  " + line)
            for session in sessions:
                session.close()


if __name__ == "__main__":
    main()
