"""Moderators acting on one comment at once: the count moves once, whoever wins."""

import threading

import pytest

from service import comments
from service.extensions import db
from service.models import Comment, CommentStatus, Thread


@pytest.mark.parametrize(("first", "second", "count"), [
    (CommentStatus.APPROVED, CommentStatus.APPROVED, 1),
    (CommentStatus.REJECTED, CommentStatus.REJECTED, 0),
])
def test_two_moderators_on_one_comment_change_the_count_once(make_app, backend,
                                                             first, second, count):
    app = make_app({"PREMODERATION": "all"})
    posted = app.test_client().post("/api/v1/comments", json={
        "thread": "/race", "author": "Ann", "email": "ann@example.com",
        "body": "Two moderators see this at once."})
    comment_id = posted.json["id"]
    # PostgreSQL: both read the pending comment before either writes, the race itself.
    # SQLite runs one writer at a time (BEGIN IMMEDIATE), so there they simply queue.
    barrier = threading.Barrier(2, timeout=10) if backend.name == "postgresql" else None
    results, errors = [], []

    def moderator(target):
        try:
            with app.app_context():
                comment = db.session.get(Comment, comment_id)
                if barrier:
                    barrier.wait()
                results.append(comments.set_status(comment, target, actor="test"))
                db.session.commit()
        except Exception as e:  # surfaced by the assertion below
            errors.append(e)

    workers = [threading.Thread(target=moderator, args=(t,)) for t in (first, second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert errors == []
    assert sorted(results) == [False, True]
    with app.app_context():
        thread = db.session.execute(db.select(Thread).filter_by(key="/race")).scalar_one()
        assert db.session.get(Comment, comment_id).status is first
        assert thread.comment_count == count
        assert thread.version == count
