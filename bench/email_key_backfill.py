"""How long migration 0011_email_key takes: `python -m bench.email_key_backfill [N]`.

Builds a database at the revision before it with N comments (default 200,000; half of
the addresses with capitals), then times the upgrade that adds and fills
comments.email_key. `--database-url` runs on a PostgreSQL server (a database made for
the run and dropped after it); without it, a SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bench.harness import Database

BEFORE = "0010_reports_open"
REVISION = "0011_email_key"
_CHUNK = 10_000


def measure(comments: int, database_url: str | None, instance: Path) -> float:
    """Return the seconds the upgrade to REVISION takes over `comments` comments."""
    from flask_migrate import upgrade

    from service import create_app
    from service.extensions import db

    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"},
                     instance_path=str(instance))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision=BEFORE)
        insert = sa.text(
            "INSERT INTO comments (thread_id, depth, author, email, body, html, status,"
            " created_at, spam_score, spam_reasons, fingerprint) VALUES (1, 0, 'A', :email,"
            " 'b', 'b', 'approved', '2026-01-01', 0, '[]', 'f')")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO threads (id, key, closed, comment_count, version,"
                                 " created_at) VALUES (1, '/b', false, 0, 0, '2026-01-01')"))
            for start in range(0, comments, _CHUNK):
                conn.execute(insert, [
                    {"email": f"Reader.{i}@Example.org" if i % 2 else f"reader{i}@example.org"}
                    for i in range(start, min(start + _CHUNK, comments))])
        started = time.perf_counter()
        upgrade(directory=directory, revision=REVISION)
        seconds = time.perf_counter() - started
        keyed = db.session.execute(sa.text(
            "SELECT count(*) FROM comments WHERE email_key = lower(email)")).scalar_one()
        db.session.commit()
        db.engine.dispose()
    assert keyed == comments, (keyed, comments)
    return seconds


def main(argv: list[str] | None = None) -> None:
    """Time the backfill and print the figure."""
    parser = argparse.ArgumentParser(prog="python -m bench.email_key_backfill",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("comments", type=int, nargs="?", default=200_000)
    parser.add_argument("--database-url", help="a PostgreSQL server to run on")
    args = parser.parse_args(argv)
    instance = Path(tempfile.mkdtemp(prefix="margin-backfill-"))
    with Database(args.database_url, instance) as database:
        seconds = measure(args.comments, database.url, instance)
    kind = "postgresql" if args.database_url else "sqlite"
    print(f"{REVISION} on {args.comments:,} comments ({kind}): {seconds:.1f} s")


if __name__ == "__main__":
    main()
