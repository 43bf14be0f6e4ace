"""Time the moderation queue: `python bench/moderation_queue.py [--comments N] [--runs R]`.

Fills a fresh SQLite database with N comments (a tenth of them reported, a tenth held,
some edited), then times in-process GET /api/v1/moderation/comments for a few typical
queue views and prints the median and p90 per view in milliseconds, with the number of
SQL statements each page costs.
"""

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from bench.harness import migrated_app
from service import database, tokens
from service.extensions import db
from service.models import Comment, CommentStatus, Report, ReportCategory, Role, Thread, utcnow

VIEWS = {
    "newest 50": {},
    "pending 50": {"status": "pending"},
    "reported 50": {"reported": "true"},
    "text search 50": {"q": "bridge 77"},
    "by email 50": {"email": "reader7@example.com"},
}


def fill(n: int) -> None:
    """Insert n comments over 50 threads, with reports on every tenth."""
    database.begin_write()
    threads = [Thread(key=f"/news/{i}", created_at=utcnow()) for i in range(50)]
    db.session.add_all(threads)
    db.session.flush()
    rows = []
    for i in range(n):
        rows.append({
            "thread_id": threads[i % 50].id, "depth": 0, "author": f"Reader {i % 500}",
            "email": f"reader{i % 500}@example.com", "body": f"About the bridge {i}",
            "html": f"<p>About the bridge {i}</p>",
            "status": CommentStatus.PENDING if i % 10 == 3 else CommentStatus.APPROVED,
            "created_at": utcnow(), "ip": f"192.0.2.{i % 250}", "spam_score": (i % 100) / 100,
            "spam_reasons": [], "fingerprint": f"{i:064x}",
        })
    db.session.execute(sa.insert(Comment), rows)
    ids = db.session.execute(sa.select(Comment.id).where(Comment.id % 10 == 0)).scalars().all()
    db.session.execute(sa.insert(Report), [
        {"comment_id": cid, "category": ReportCategory.SPAM, "ip": "198.51.100.1",
         "priority": False, "created_at": utcnow()} for cid in ids])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    app = migrated_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        fill(args.comments)
        database.begin_write()
        _, token = tokens.create("bench", Role.MODERATOR)
        engine = db.engine
    # One access-log line per request would drown the figures.
    logging.getLogger("service.access").setLevel(logging.WARNING)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    statements = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    print(f"{args.comments} comments, SQLite, {args.runs} runs per view")
    for name, params in VIEWS.items():
        samples = []
        for _ in range(args.runs):
            statements.clear()
            start = time.perf_counter_ns()
            response = client.get("/api/v1/moderation/comments", headers=headers,
                                  query_string=params)
            samples.append(time.perf_counter_ns() - start)
            assert response.status_code == 200, response.json
        q = statistics.quantiles(samples, n=10)
        print(f"  {name:<16} median {statistics.median(samples) / 1e6:6.1f} ms  "
              f"p90 {q[8] / 1e6:6.1f} ms  {len(response.json['items'])} items  "
              f"{len(statements)} statements")


if __name__ == "__main__":
    main()
