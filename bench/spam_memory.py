"""Print a worker's memory before and after the spam model loads: python bench/spam_memory.py."""

import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    """Return this process's current resident set size in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> int:
    """Measure bare Flask, the Margin app, and the app after its first score."""
    from flask import Flask

    Flask("bare")
    bare = rss_mb()
    from bench.harness import instance_folder, migrate_in_subprocess

    folder = instance_folder("margin-mem-")
    migrate_in_subprocess(folder)
    from service import create_app, spam
    from service.submissions import ClientInfo, Submission

    app = create_app({"TESTING": True}, instance_path=folder)
    with app.app_context():
        before = rss_mb()
        sub = Submission(thread_key="/m", author="A", email="a@example.com", website=None,
                         body="Loading the model takes one score.")
        spam.assess(sub, ClientInfo(ip="192.0.2.1"))
        after = rss_mb()
    print(f"bare Flask {bare:.1f} MB; Margin app {before:.1f} MB; "
          f"with the spam model loaded {after:.1f} MB (+{after - before:.1f} MB, "
          f"{after / bare:.2f}x bare Flask)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
