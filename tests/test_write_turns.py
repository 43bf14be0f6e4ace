"""Submissions score before the write transaction and store in turns."""

import fcntl
import os
import threading
import time

import sqlalchemy as sa

from service import create_app, spam
from service.extensions import db
from service.models import Comment, Thread
from tests.helpers.app import migrated as _migrated
from tests.helpers.waiting import PATIENCE_SECONDS

THREAD = "/news/2026/11/harbour-bridge"


def _close_thread(app):
    with app.app_context():
        db.session.execute(sa.update(Thread).where(Thread.key == THREAD).values(closed=True))
        db.session.commit()


def test_a_thread_closed_while_a_comment_is_scored_refuses_it(app, api, monkeypatch):
    assert api.post_comment(body="The first comment.").status_code == 201
    other = app  # another request's transaction, committed while this one scores
    real = spam.assess

    def assess_then_close(sub, client, *rest):
        score = real(sub, client, *rest)
        closer = threading.Thread(target=_close_thread, args=(other,))
        closer.start()
        closer.join(PATIENCE_SECONDS)  # committed before this request goes on
        assert not closer.is_alive()
        return score

    monkeypatch.setattr(spam, "assess", assess_then_close)
    response = api.post_comment(body="Scored while the thread closed.")

    assert response.status_code == 403
    assert response.json["error"]["code"] == "thread_closed"
    assert [c.body for c in api.rows(Comment)] == ["The first comment."]


def test_a_parent_removed_while_a_reply_is_scored_refuses_it(app, api, monkeypatch):
    parent = api.post_comment(body="The parent.").json["id"]
    real = spam.assess

    def assess_then_remove(sub, client, *rest):
        score = real(sub, client, *rest)
        with app.app_context():
            db.session.execute(sa.update(Comment).where(Comment.id == parent)
                               .values(status="rejected"))
            db.session.commit()
        return score

    monkeypatch.setattr(spam, "assess", assess_then_remove)
    response = api.post_comment(parent=parent, body="A reply to a parent about to go.")

    assert response.status_code == 400
    assert "parent" in response.json["error"]["fields"]
    assert len(api.rows(Comment)) == 1


def test_sqlite_writers_wait_their_turn_on_the_lock_file(tmp_path):
    # SQLite's alone, whichever backend the run tests: a database of its own.
    _migrated(f"sqlite:///{tmp_path / 'margin.sqlite3'}", tmp_path)
    app = create_app({"TESTING": True, "SPAM_THRESHOLD_LOW": 1.0, "SPAM_THRESHOLD_HIGH": 1.0},
                     instance_path=str(tmp_path))
    lock = os.open(tmp_path / "margin.sqlite3-writers.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another process's writer, mid-transaction
    threading.Timer(0.5, fcntl.flock, (lock, fcntl.LOCK_UN)).start()
    client = app.test_client()

    started = time.monotonic()
    response = client.post("/api/v1/comments", json={
        "thread": THREAD, "author": "A", "email": "a@example.org", "body": "Waited."})
    waited = time.monotonic() - started
    os.close(lock)

    assert response.status_code == 201
    assert waited >= 0.45
    # Reads never queue behind writers.
    fcntl.flock(lock2 := os.open(tmp_path / "margin.sqlite3-writers.lock", os.O_RDWR),
                fcntl.LOCK_EX)
    try:
        # Were reads to take the writers' lock, this one would wait for it forever.
        answers = []
        reader = threading.Thread(target=lambda: answers.append(client.get(
            "/api/v1/comments", query_string={"thread": THREAD}).status_code))
        reader.start()
        reader.join(PATIENCE_SECONDS)
        assert answers == [200]
    finally:
        os.close(lock2)


def test_the_history_query_reads_index_ranges_without_table_statistics(tmp_path):
    # A fresh SQLite database has no ANALYZE statistics: the planner must still pick an
    # index that narrows every count to the submission's own author, text or address.
    from service.spam.history import _QUERY

    _migrated(f"sqlite:///{tmp_path / 'margin.sqlite3'}", tmp_path)
    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    with app.app_context():
        sql = str(_QUERY.compile(dialect=db.engine.dialect))
        raw = db.session.connection().connection.dbapi_connection
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql,
                                             (None,) * sql.count("?"))]
        db.session.remove()
        db.engine.dispose()
    touching = [step for step in plan if " comments " in f"{step} " or "spam_feedback" in step]
    assert touching and all(step.startswith("SEARCH") for step in touching), plan
    assert not any("ix_comments_status_id" in step for step in plan), plan
