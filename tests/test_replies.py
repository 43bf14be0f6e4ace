"""Replies under one comment: a listing page shows the first few, the rest are paged."""

from __future__ import annotations

import pytest

from service import comments
from service.extensions import db
from service.models import Comment, CommentStatus

THREAD = "/news/2026/12/busy-comment"
CAP = 4


@pytest.fixture
def capped(make_app):
    from tests.conftest import API

    app = make_app({"REPLIES_PER_COMMENT": CAP})
    return API(app, app.test_client())


def _post(api, **fields) -> int:
    answer = api.post_comment(thread=THREAD, **fields)
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def _replies(api, root: int, **params):
    return api.client.get(f"/api/v1/comments/{root}/replies", query_string=params)


def test_a_page_caps_the_replies_under_each_comment_and_pages_the_rest(capped):
    busy = _post(capped, body="A comment everyone answers")
    replies = [_post(capped, parent=busy, body=f"Answer {i}") for i in range(11)]
    quiet = _post(capped, body="A comment with one answer")
    lone = _post(capped, parent=quiet, body="The one answer")

    body = capped.listing(thread=THREAD, limit=1).json
    assert [c["id"] for c in body["items"]] == [busy, *replies[:CAP]]
    cursor = body["more_replies"][str(busy)]

    seen = []
    while cursor:
        page = _replies(capped, busy, cursor=cursor)
        assert page.status_code == 200
        assert len(page.json["items"]) <= CAP
        seen += [c["id"] for c in page.json["items"]]
        cursor = page.json["next"]
    assert seen == replies[CAP:]  # every reply once, oldest first

    both = capped.listing(thread=THREAD).json
    assert list(both["more_replies"]) == [str(busy)]  # the quiet one shows whole
    assert [c["id"] for c in both["items"]] == [busy, quiet, *replies[:CAP], lone]
    assert [c["id"] for c in _replies(capped, quiet).json["items"]] == [lone]
    assert _replies(capped, busy, limit=100).json["items"][-1]["id"] == replies[-1]


def test_a_reply_to_a_removed_comment_brings_its_placeholder_along(capped):
    root = _post(capped, body="Root")
    early = [_post(capped, parent=root, body=f"Early {i}") for i in range(CAP)]
    removed = _post(capped, parent=root, body="Soon removed")
    answer = _post(capped, parent=removed, body="An answer to the removed one")
    with capped.app.app_context():
        comments.set_status(db.session.get(Comment, removed), CommentStatus.REJECTED)
        db.session.commit()

    first = capped.listing(thread=THREAD).json
    assert [c["id"] for c in first["items"]] == [root, *early]
    rest = _replies(capped, root, cursor=first["more_replies"][str(root)]).json
    assert [(c["id"], c["removed"]) for c in rest["items"]] == [(removed, True),
                                                                 (answer, False)]
    assert rest["items"][0]["html"] is None and rest["next"] is None


def test_replies_pages_are_tagged_and_change_with_the_thread(capped):
    root = _post(capped, body="Root")
    _post(capped, parent=root, body="First answer")
    first = _replies(capped, root)
    etag = first.headers["ETag"]
    assert _replies(capped, root).get_data() == first.get_data()  # from the cache
    again = capped.client.get(f"/api/v1/comments/{root}/replies",
                              headers={"If-None-Match": etag})
    assert again.status_code == 304
    _post(capped, parent=root, body="Second answer")
    changed = capped.client.get(f"/api/v1/comments/{root}/replies",
                                headers={"If-None-Match": etag})
    assert changed.status_code == 200 and len(changed.json["items"]) == 2


def test_the_fast_read_path_serves_the_same_capped_page(capped):
    root = _post(capped, body="Root")
    for i in range(CAP + 2):
        _post(capped, parent=root, body=f"Answer {i}")
    flask_answer = capped.listing(thread=THREAD)  # renders and caches the page
    fast_answer = capped.listing(thread=THREAD)  # answered before Flask, from the cache
    assert fast_answer.get_data() == flask_answer.get_data()
    assert fast_answer.headers["ETag"] == flask_answer.headers["ETag"]
    assert str(root) in fast_answer.json["more_replies"]


@pytest.mark.parametrize(("params", "status", "field"), [
    ({"cursor": "not-a-cursor"}, 400, "cursor"),
    ({"limit": "0"}, 400, "limit"),
    ({"limit": "x"}, 400, "limit"),
    ({"limit": "100000"}, 400, "limit"),
    ({"colour": "red"}, 400, "colour"),
])
def test_bad_replies_queries_are_refused(capped, params, status, field):
    root = _post(capped, body="Root")
    answer = _replies(capped, root, **params)
    assert answer.status_code == status
    assert field in answer.json["error"].get("fields", {}) or field == "cursor"


def test_only_a_public_top_level_comment_has_a_replies_page(capped):
    root = _post(capped, body="Root")
    reply = _post(capped, parent=root, body="Reply")
    hidden = _post(capped, body="Hidden")
    with capped.app.app_context():
        comments.set_status(db.session.get(Comment, hidden), CommentStatus.REJECTED)
        db.session.commit()
    for missing in (reply, hidden, 999_999):
        answer = _replies(capped, missing)
        assert answer.status_code == 404
        assert answer.json["error"]["code"] == "not_found"
