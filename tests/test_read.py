"""Reading threads: order, pagination, caching, counts, CORS and privacy."""

import json
import re

import pytest

from service import comments
from service.extensions import db
from service.models import Comment, CommentStatus

THREAD = "/news/2026/11/harbour-bridge"


def seed(api, roots=3, replies_each=2, thread=THREAD):
    """Post top-level comments, each with replies; return their ids by root."""
    tree = {}
    for i in range(roots):
        root = api.post_comment(thread=thread, body=f"Top-level comment {i}",
                                email=f"reader{i}@example.com").json["id"]
        tree[root] = [
            api.post_comment(thread=thread, parent=root, body=f"Reply {j} to {i}").json["id"]
            for j in range(replies_each)
        ]
    return tree


def test_listing_shows_tree_oldest_first(api):
    tree = seed(api)
    response = api.listing()
    assert response.status_code == 200
    body = response.json
    assert body["thread"] == {"key": THREAD, "title": None, "count": 9, "closed": False}
    ids = [c["id"] for c in body["items"]]
    roots = list(tree)
    assert ids[:3] == roots
    assert ids[3:] == sorted(r for rs in tree.values() for r in rs)
    parents = {c["id"]: c["parent"] for c in body["items"]}
    for root, replies in tree.items():
        assert parents[root] is None
        assert all(parents[r] == root for r in replies)
    assert body["next"] is None


def test_newest_first_orders_top_level_only(api):
    tree = seed(api)
    items = api.listing(order="newest").json["items"]
    assert [c["id"] for c in items[:3]] == list(reversed(list(tree)))
    replies = [c["id"] for c in items[3:]]
    assert replies == sorted(replies)


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_pages_cover_everything_without_gaps_or_repeats(api, order):
    tree = seed(api, roots=7, replies_each=1)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, "order": order, **({"cursor": cursor} if cursor else {})}
        body = api.listing(**params).json
        pages += 1
        seen += [c["id"] for c in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen))
    assert set(seen) == set(tree) | {r for rs in tree.values() for r in rs}


def test_unknown_thread_is_empty_not_missing(api):
    response = api.listing(thread="/never/commented")
    assert response.status_code == 200
    assert response.json["items"] == []
    assert response.json["thread"]["count"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": -5}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": 10**30}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"order": "random"}, "order"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "YzE6LTU"}, "cursor"),  # a well-formed cursor with a negative id
        ({"thread": ""}, "thread"),
        ({"surprise": "1"}, "surprise"),
    ],
)
def test_bad_listing_parameters_are_rejected(api, params, field):
    response = api.listing(**params)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_missing_thread_parameter_is_rejected(api):
    response = api.client.get("/api/v1/comments")
    assert response.status_code == 400
    assert "thread" in response.json["error"]["fields"]


def test_etag_answers_304_until_the_thread_changes(api):
    api.post_comment()
    first = api.listing()
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = api.client.get("/api/v1/comments", query_string={"thread": THREAD},
                           headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    api.post_comment(body="Another comment")
    changed = api.client.get("/api/v1/comments", query_string={"thread": THREAD},
                             headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert len(changed.json["items"]) == 2


def test_pending_and_spam_comments_stay_hidden(make_app):
    app = make_app({"PREMODERATION": "all"})
    client = app.test_client()
    base = {"thread": THREAD, "author": "A", "email": "a@example.com", "body": "hello"}
    client.post("/api/v1/comments", json=base)
    client.post("/api/v1/comments", json={**base, "hp": "bot"})
    body = client.get("/api/v1/comments", query_string={"thread": THREAD}).json
    assert body["items"] == []
    assert body["thread"]["count"] == 0


def test_hidden_parent_with_visible_replies_becomes_placeholder(app, api):
    tree = seed(api, roots=2, replies_each=1)
    (root_a, [reply_a]), (root_b, _) = tree.items()
    with app.app_context():
        for cid in (root_a, root_b):
            comments.set_status(db.session.get(Comment, cid), CommentStatus.DELETED)
        # root_b's only reply goes too, so root_b has nothing left to hold up.
        comments.set_status(db.session.get(Comment, tree[root_b][0]), CommentStatus.REJECTED)
        db.session.commit()
    body = api.listing().json
    assert [c["id"] for c in body["items"]] == [root_a, reply_a]
    placeholder = body["items"][0]
    assert placeholder["removed"] is True
    assert placeholder["author"] is None and placeholder["html"] is None
    assert body["thread"]["count"] == 1


def test_no_email_address_or_ip_in_any_public_response(api):
    secret_email = "hidden.person@private-mail.example"
    posted = api.post_comment(email=secret_email, ip="203.0.113.77")
    api.post_comment(email=secret_email, parent=posted.json["id"], body="Replying to myself")
    responses = [posted, api.listing(), api.listing(order="newest"),
                 api.client.get("/api/v1/counts", query_string={"thread": THREAD})]
    for response in responses:
        text = response.get_data(as_text=True)
        assert secret_email not in text and "private-mail" not in text
        assert "203.0.113.77" not in text
        assert "spam" not in text
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), text


def test_counts_for_many_threads_in_one_request(api):
    seed(api, roots=2, replies_each=1, thread="/a")
    seed(api, roots=1, replies_each=0, thread="/b")
    response = api.client.get("/api/v1/counts?thread=/a&thread=/b&thread=/none&thread=/a")
    assert response.status_code == 200
    assert response.json == {"/a": 4, "/b": 1, "/none": 0}


TOO_MANY = "?" + "&".join(f"thread=/t{i}" for i in range(101))


@pytest.mark.parametrize("query", ["", "?thread=", TOO_MANY])
def test_counts_bounds(api, query):
    response = api.client.get(f"/api/v1/counts{query}")
    assert response.status_code == 400
    assert "thread" in response.json["error"]["fields"]


def test_cors_lets_article_pages_read_and_post(api):
    origin = "https://news.example.org"
    preflight = api.client.options("/api/v1/comments", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] in ("*", origin)
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    listing = api.client.get("/api/v1/comments", query_string={"thread": THREAD},
                             headers={"Origin": origin})
    assert listing.headers["Access-Control-Allow-Origin"] in ("*", origin)
    assert "ETag" in listing.headers["Access-Control-Expose-Headers"]


def test_cors_origins_can_be_restricted(make_app):
    client = make_app({"CORS_ORIGINS": ["https://news.example.org"]}).test_client()
    allowed = client.get("/api/v1/counts?thread=/a", headers={"Origin": "https://news.example.org"})
    other = client.get("/api/v1/counts?thread=/a", headers={"Origin": "https://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://news.example.org"
    assert "Access-Control-Allow-Origin" not in other.headers


def test_listing_json_is_plain_data(api):
    api.post_comment(body="<script>alert(1)</script> & *hi*")
    item = api.listing().json["items"][0]
    assert item["html"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>hi</em></p>"
    assert json.loads(json.dumps(item)) == item
