"""Print a worker's memory before and after the spam model loads: python bench/spam_memory.py."""

import resource
import subprocess
import sys
import tempfile
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
    folder = tempfile.mkdtemp(prefix="margin-mem-")
    # Migrate in another process, as `margin serve` does before its workers start:
    # Alembic's own memory is no worker's.
    migrate = ("import sys; from flask_migrate import upgrade; from service import create_app;"
               "app = create_app(instance_path=sys.argv[1]); app.app_context().push();"
               "upgrade(directory=app.extensions['migrate'].directory)")
    subprocess.run([sys.executable, "-c", migrate, folder], check=True, capture_output=True,
                   cwd=Path(__file__).resolve().parent.parent)
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
