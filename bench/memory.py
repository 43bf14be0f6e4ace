"""Where a serving worker's memory goes: `python -m bench.memory`.

Imports what a Margin worker imports, in the order it does, then builds the app and
scores one comment (the spam model loads on first use), printing the resident memory
each step adds. Run in a fresh process: nothing else imported first.
"""

from __future__ import annotations

import importlib
import os

from bench.harness import instance_folder, migrate_in_subprocess

STEPS = [
    "flask", "gunicorn.app.base", "sqlalchemy", "sqlalchemy.orm", "flask_sqlalchemy",
    "marshmallow", "email_validator", "flask_limiter", "flask_cors", "markdown_it", "nh3",
    "prometheus_client", "standardwebhooks", "service",
]


def rss_mib() -> float:
    """Return this process's resident memory in MiB (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    """Print the resident memory each import and the first score add."""
    folder = instance_folder("margin-mem-")
    migrate_in_subprocess(folder)
    rows = [("python", rss_mib())]
    for name in STEPS:
        importlib.import_module(name)
        rows.append((f"import {name}", rss_mib()))
    from service import create_app

    app = create_app({"SECRET_KEY": "memory"}, instance_path=folder)
    rows.append(("create_app()", rss_mib()))
    response = app.test_client().post("/api/v1/comments", json={
        "thread": "/m", "author": "A", "email": "a@example.org",
        "body": "The council should publish the engineers' survey before the vote."})
    assert response.status_code == 201, response.json
    rows.append(("first submission (spam model loaded)", rss_mib()))
    print("| step | adds MiB | RSS MiB |\n| --- | ---: | ---: |")
    previous = 0.0
    for step, rss in rows:
        print(f"| {step} | {rss - previous:.1f} | {rss:.1f} |")
        previous = rss


if __name__ == "__main__":
    main()
