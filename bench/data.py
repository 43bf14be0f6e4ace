"""Seed Margin for a run through its own domain code, as readers would have."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade

from service import comments, database
from service.extensions import db
from service.submissions import ClientInfo, Submission

READ_THREAD = "/bench/read"
POST_THREAD = "/bench/post"
COUNT_THREADS = [f"/bench/count/{n}" for n in range(50)]
ROOTS = 10
# About 300 characters, with a little Markdown so rendering has work to do.
FILLER = ("The harbour bridge report raises *fair* questions about cost and timing, and "
          "the council's answer leaves out the survey that the engineers asked for. ")


def _body(n: int) -> str:
    text = f"Comment {n}. {FILLER}{FILLER}"
    return text[:300]


def _submit(key: str, n: int, parent: int | None = None) -> int:
    database.begin_write()
    sub = Submission(thread_key=key, author=f"Reader {n}", email=f"reader{n}@example.org",
                     website=None, body=_body(n), parent_id=parent,
                     title="Bench article")
    return comments.submit(sub, ClientInfo(ip=f"192.0.2.{n % 250 + 1}",
                                           user_agent="margin-bench")).id


def seed_small(app: Flask) -> dict:
    """Migrate, then post the read thread (50 comments) and 50 counted threads."""
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        n = 0
        for _ in range(ROOTS):
            root = _submit(READ_THREAD, n := n + 1)
            # Two replies to the top-level comment, then a chain two deeper.
            first = _submit(READ_THREAD, n := n + 1, root)
            _submit(READ_THREAD, n := n + 1, root)
            deeper = _submit(READ_THREAD, n := n + 1, first)
            _submit(READ_THREAD, n := n + 1, deeper)
        for i, key in enumerate(COUNT_THREADS):
            for _ in range(1 + i % 3):
                _submit(key, n := n + 1)
        state = comments.thread_state(READ_THREAD)
        db.session.remove()
        db.engine.dispose()
    return {"read_thread_count": state.count, "comments": n}
