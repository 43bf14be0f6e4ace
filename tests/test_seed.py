"""`margin seed`: bulk data that is as consistent as the domain would have left it."""

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.models import Comment, CommentStatus, Thread
from service.rendering import render


def _seed(runner, *args):
    return runner.invoke(args=["seed", *args])


@pytest.mark.slow
def test_seed_builds_consistent_threads(app, runner, api):
    result = _seed(runner, "--comments", "600", "--threads", "4", "--big-thread", "300")
    assert result.exit_code == 0, result.output
    assert "Seeded 600 comments over 4 threads" in result.output

    rows = api.rows()
    threads = {t.id: t for t in api.rows(Thread)}
    assert len(rows) == 600 and len(threads) == 4
    by_id = {c.id: c for c in rows}
    for comment in rows:
        assert comment.html == render(comment.body)
        if comment.parent_id is None:
            assert comment.root_id is None and comment.depth == 0
        else:
            parent = by_id[comment.parent_id]
            assert parent.thread_id == comment.thread_id
            assert comment.depth == parent.depth + 1
            assert comment.root_id == (parent.root_id or parent.id)
    for thread in threads.values():
        approved = sum(c.thread_id == thread.id and c.status is CommentStatus.APPROVED
                       for c in rows)
        assert thread.comment_count == thread.version == approved
    big = next(t for t in threads.values() if t.key == "/seed/0")
    assert sum(c.thread_id == big.id for c in rows) == 300
    assert any(c.status is CommentStatus.SPAM for c in rows)

    # The public API reads the seeded data, and new comments get fresh ids.
    listing = api.listing("/seed/0", limit=10)
    assert listing.status_code == 200
    assert len(listing.json["items"]) == 50 and listing.json["next"]
    posted = api.post_comment(thread="/seed/1", body="After the seed.")
    assert posted.status_code == 201 and posted.json["id"] == 601
    assert len(api.rows()) == 601


@pytest.mark.parametrize("args, message", [
    (["--comments", "10", "--threads", "4"], "at least 5 comments per thread"),
    (["--comments", "100", "--threads", "4", "--big-thread", "100"], "Not enough comments"),
    (["--comments", "3"], "Invalid value for '--comments'"),
])
def test_seed_rejects_impossible_shapes(runner, api, args, message):
    result = _seed(runner, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert api.rows() == [] and api.rows(Thread) == []


@pytest.mark.slow
def test_seed_refuses_a_taken_prefix(app, runner, api):
    assert _seed(runner, "--comments", "50", "--threads", "2", "--big-thread", "25",
                 "--prefix", "/x/").exit_code == 0
    again = _seed(runner, "--comments", "50", "--threads", "2", "--big-thread", "25",
                  "--prefix", "/x/")
    assert again.exit_code == 2 and "exist already" in again.output
    assert len(api.rows()) == 50
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(Comment)).scalar() == 50
