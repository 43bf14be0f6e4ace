"""Posting a comment: validation, storage, statuses, and that errors store nothing."""

import pytest

from service import comments
from service.extensions import db
from service.models import Comment, CommentStatus, ModerationMode, Thread
from tests.helpers.app import API, MISSING


def assert_error(response, status, code, fields=()):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.json["error"]
    assert set(error) >= {"code", "message", "fields"}
    assert error["code"] == code
    assert error["message"]
    for field in fields:
        assert field in error["fields"], error


def test_valid_comment_is_published_and_stored(api):
    response = api.post_comment(email="Ann@EXAMPLE.com", website="https://ann.example.org/",
                                body="  Nice *work*\nsecond line  ", title="Harbour bridge",
                                url="https://news.example.org/harbour")
    assert response.status_code == 201
    assert response.json["status"] == "approved"
    assert response.json["comment"]["html"] == "<p>Nice <em>work</em><br>\nsecond line</p>"
    assert "email" not in response.json["comment"]

    [row] = api.rows()
    assert row.id == response.json["id"]
    assert row.status is CommentStatus.APPROVED
    assert row.email == "Ann@example.com"  # domain part normalised
    assert row.body == "Nice *work*\nsecond line"  # stored as written, trimmed
    assert row.ip == "192.0.2.10"
    [thread] = api.rows(Thread)
    assert (thread.title, thread.url, thread.comment_count) == (
        "Harbour bridge", "https://news.example.org/harbour", 1)


def test_later_comment_fills_in_a_missing_title_and_url_but_never_replaces_them(api):
    assert api.post_comment().status_code == 201
    assert api.post_comment(title="Harbour bridge").status_code == 201
    assert api.post_comment(title="Another title", url="https://news.example.org/h"
                            ).status_code == 201
    [thread] = api.rows(Thread)
    assert (thread.title, thread.url, thread.comment_count) == (
        "Harbour bridge", "https://news.example.org/h", 3)


def test_reply_links_to_parent_and_root(api):
    top = api.post_comment().json["id"]
    child = api.post_comment(parent=top, body="First reply").json["id"]
    grandchild = api.post_comment(parent=child, body="Second-level reply").json["id"]
    rows = {r.id: r for r in api.rows()}
    assert (rows[child].parent_id, rows[child].root_id, rows[child].depth) == (top, top, 1)
    assert (rows[grandchild].parent_id, rows[grandchild].root_id) == (child, top)
    assert rows[grandchild].depth == 2


@pytest.mark.parametrize(
    "fields, bad_field",
    [
        ({"thread": MISSING}, "thread"),
        ({"thread": "   "}, "thread"),
        ({"thread": "x" * 513}, "thread"),
        ({"author": MISSING}, "author"),
        ({"author": ""}, "author"),
        ({"author": " \n\t "}, "author"),
        ({"author": "a" * 101}, "author"),
        ({"author": "Mallory\u202egnp.exe"}, "author"),
        ({"author": "Null\x00Byte"}, "author"),
        ({"author": "Line\nbreak"}, "author"),
        ({"author": 42}, "author"),
        ({"author": ["Ann"]}, "author"),
        ({"email": MISSING}, "email"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "ann@"}, "email"),
        ({"email": "@example.com"}, "email"),
        ({"email": "ann@@example.com"}, "email"),
        ({"email": "ann example@example.com"}, "email"),
        ({"email": "ann@localhost"}, "email"),
        ({"email": "ann@exa mple.com"}, "email"),
        ({"email": "用户@例子.广告"}, "email"),
        ({"email": "josé@example.com"}, "email"),
        ({"email": "ann@bücher.example"}, "email"),
        ({"email": "ann@\u0440aypal.com"}, "email"),  # Cyrillic er: a homoglyph domain
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"email": 7}, "email"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "ftp://example.com/"}, "website"),
        ({"website": "data:text/html,hi"}, "website"),
        ({"website": "example.com"}, "website"),
        ({"website": "http://"}, "website"),
        ({"website": "https://exa mple.com"}, "website"),
        ({"website": "https://example.com/" + "a" * 520}, "website"),
        ({"website": 3}, "website"),
        ({"body": MISSING}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n  "}, "body"),
        ({"body": "x"}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "bad \x07 bell"}, "body"),
        ({"body": "lone \ud800 surrogate"}, "body"),
        ({"body": {"text": "hi"}}, "body"),
        ({"body": None}, "body"),
        ({"parent": "1"}, "parent"),
        ({"parent": 1.5}, "parent"),
        ({"parent": True}, "parent"),
        ({"parent": 0}, "parent"),
        ({"parent": -3}, "parent"),
        ({"parent": 2**64}, "parent"),
        ({"parent": 999}, "parent"),
        ({"url": "javascript:void(0)"}, "url"),
        ({"title": "t" * 301}, "title"),
        ({"elapsed_ms": "fast"}, "elapsed_ms"),
        ({"elapsed_ms": -1}, "elapsed_ms"),
        ({"hp": 5}, "hp"),
        ({"is_admin": True}, "is_admin"),
        ({"status": "approved"}, "status"),
    ],
)
def test_invalid_field_is_rejected_and_nothing_stored(api, fields, bad_field):
    response = api.post_comment(**fields)
    assert_error(response, 400, "validation_failed", [bad_field])
    assert api.rows() == []
    assert api.rows(Thread) == []


def test_every_bad_field_is_named_at_once(api):
    response = api.post_comment(author="", email="nope", body=MISSING, website="mailto:x@y")
    assert_error(response, 400, "validation_failed", ["author", "email", "body", "website"])


@pytest.mark.parametrize("email", ["ann.o'neil+news@example.co.uk", "ANN@Example.ORG"])
def test_valid_email_variants_are_accepted(api, email):
    assert api.post_comment(email=email).status_code == 201


def test_unicode_email_accepted_when_configured(make_app):
    app = make_app({"EMAIL_ALLOW_UNICODE": True})
    response = app.test_client().post("/api/v1/comments", json={
        **API.DEFAULTS,
        "email": "josé@bücher.example"})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "data, content_type, status, code",
    [
        ("{not json", "application/json", 400, "invalid_json"),
        ('["a", "list"]', "application/json", 400, "invalid_json"),
        ('"just a string"', "application/json", 400, "invalid_json"),
        ("null", "application/json", 400, "invalid_json"),
        (b'{"author": "\xff\xfe"}', "application/json", 400, "invalid_json"),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413, "payload_too_large"),
        ("[" * 30_000 + "]" * 30_000, "application/json", 400, "invalid_json"),
        ('{"thread": "/a"}', "text/plain", 415, "unsupported_media_type"),
        ("thread=/a&author=x", "application/x-www-form-urlencoded", 415,
         "unsupported_media_type"),
        ("", None, 415, "unsupported_media_type"),
    ],
)
def test_malformed_request_is_rejected(api, data, content_type, status, code):
    response = api.client.post("/api/v1/comments", data=data, content_type=content_type)
    assert_error(response, status, code)
    assert api.rows() == []


def test_huge_body_is_rejected_with_413(api):
    response = api.client.post("/api/v1/comments", data=b"{" + b" " * (10 * 1024 * 1024) + b"}",
                               content_type="application/json")
    assert_error(response, 413, "payload_too_large")
    assert api.rows() == []


def test_reply_to_comment_in_another_thread_is_rejected(api):
    other = api.post_comment(thread="/other").json["id"]
    response = api.post_comment(parent=other)
    assert_error(response, 400, "validation_failed", ["parent"])
    assert len(api.rows()) == 1


def test_reply_to_unapproved_comment_is_rejected(app, api):
    parent = api.post_comment().json["id"]
    with app.app_context():
        comments.set_status(db.session.get(Comment, parent), CommentStatus.PENDING)
        db.session.commit()
    assert_error(api.post_comment(parent=parent), 400, "validation_failed", ["parent"])
    assert len(api.rows()) == 1


def test_replies_stop_at_the_depth_limit(make_app):
    app = make_app({"MAX_DEPTH": 2})
    client = app.test_client()
    base = {"thread": "/t", "author": "A", "email": "a@example.com", "body": "hello"}
    parent = None
    for _ in range(3):
        r = client.post("/api/v1/comments", json={**base, "parent": parent})
        assert r.status_code == 201
        parent = r.json["id"]
    response = client.post("/api/v1/comments", json={**base, "parent": parent})
    assert_error(response, 400, "validation_failed", ["parent"])


def test_closed_thread_refuses_comments(app, api):
    api.post_comment()
    with app.app_context():
        db.session.execute(db.update(Thread).values(closed=True))
        db.session.commit()
    assert_error(api.post_comment(), 403, "thread_closed")
    assert len(api.rows()) == 1


def test_site_premoderation_holds_every_comment(make_app):
    app = make_app({"PREMODERATION": "all"})
    response = app.test_client().post("/api/v1/comments", json={
        "thread": "/t", "author": "A", "email": "a@example.com", "body": "hello"})
    assert response.status_code == 201
    assert response.json["status"] == "pending"
    assert response.json["comment"]["html"] == "<p>hello</p>"


def test_first_time_authors_wait_until_approved_once(app, api):
    api.post_comment(email="old@example.com")  # approved while moderation was off
    with app.app_context():
        db.session.execute(db.update(Thread).values(moderation=ModerationMode.FIRST_TIME))
        db.session.commit()
    assert api.post_comment(email="old@example.com").json["status"] == "approved"
    assert api.post_comment(email="new@example.com").json["status"] == "pending"


def test_spam_answer_is_indistinguishable_from_pending(make_app):
    app = make_app({"PREMODERATION": "all"})
    client = app.test_client()
    base = {"thread": "/t", "author": "A", "email": "a@example.com", "body": "hello there"}
    held = client.post("/api/v1/comments", json=base)
    spam = client.post("/api/v1/comments", json={**base, "hp": "http://buy.example"})

    def shape(r):
        body = dict(r.json)
        body.pop("id")
        comment = {k: v for k, v in body.pop("comment").items() if k not in ("id", "created_at")}
        return r.status_code, body, comment, sorted(r.headers.keys())

    assert shape(held) == shape(spam)
    with app.app_context():
        statuses = db.session.execute(db.select(Comment.status).order_by(Comment.id)).scalars()
        assert list(statuses) == [CommentStatus.PENDING, CommentStatus.SPAM]
