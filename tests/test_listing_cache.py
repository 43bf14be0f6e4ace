"""The per-process listing cache: same answers as without it, never stale."""

import pytest

from service import comments, database
from service.extensions import db
from service.listing_cache import EXTENSION, ListingCache
from service.models import Comment, CommentStatus

THREAD = "/news/2026/11/harbour-bridge"


def _cache(app) -> ListingCache:
    return app.extensions[EXTENSION]


def _seed(api):
    root = api.post_comment(body="First, with **emphasis**.").json["id"]
    api.post_comment(parent=root, body="A reply to the first.")
    api.post_comment(body="Second top-level comment.")


@pytest.mark.parametrize("params", [{}, {"order": "newest"}, {"limit": 1}])
def test_cached_listing_matches_uncached(make_app, params):
    cached_app = make_app()
    plain_app = make_app({"LISTING_CACHE_ENTRIES": 0})
    from tests.helpers.app import API

    _seed(API(cached_app, cached_app.test_client()))
    cached, plain = cached_app.test_client(), plain_app.test_client()

    first = cached.get("/api/v1/comments", query_string={"thread": THREAD, **params})
    again = cached.get("/api/v1/comments", query_string={"thread": THREAD, **params})
    reference = plain.get("/api/v1/comments", query_string={"thread": THREAD, **params})

    assert first.status_code == again.status_code == reference.status_code == 200
    assert first.json == again.json == reference.json
    assert again.data == first.data
    assert again.headers["ETag"] == reference.headers["ETag"]
    assert again.mimetype == "application/json"
    assert (_cache(cached_app).misses, _cache(cached_app).hits) == (1, 1)
    assert len(_cache(plain_app)) == 0
    assert len(API(cached_app, cached).rows()) == 3


def test_approval_in_another_app_invalidates_the_cache(make_app):
    from tests.helpers.app import API

    reader = make_app()
    moderator = make_app({"PREMODERATION": "all"})
    api = API(reader, reader.test_client())
    _seed(api)
    before = api.listing()
    assert api.listing().json == before.json
    assert _cache(reader).hits == 1

    held = API(moderator, moderator.test_client()).post_comment(body="Held for a moderator.")
    assert held.status_code == 201 and held.json["status"] == "pending"
    # A held comment changes nothing public: the cached page is still the right one.
    unchanged = api.listing()
    assert unchanged.json == before.json
    assert unchanged.headers["ETag"] == before.headers["ETag"]

    with moderator.app_context():
        database.begin_write()
        comment = db.session.get(Comment, held.json["id"])
        assert comments.set_status(comment, CommentStatus.APPROVED, actor="mod")
        db.session.commit()

    after = api.listing()
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json["thread"]["count"] == before.json["thread"]["count"] + 1
    roots = [c["id"] for c in after.json["items"] if c["parent"] is None]
    assert roots[-1] == held.json["id"]
    stored = {c.id: c.status for c in api.rows()}
    assert stored[held.json["id"]] is CommentStatus.APPROVED


def test_rejection_turns_cached_comment_into_placeholder(make_app):
    from tests.helpers.app import API

    reader, other = make_app(), make_app()
    api = API(reader, reader.test_client())
    _seed(api)
    root_id = api.listing().json["items"][0]["id"]

    with other.app_context():
        database.begin_write()
        comments.set_status(db.session.get(Comment, root_id), CommentStatus.REJECTED)
        db.session.commit()

    root = next(c for c in api.listing().json["items"] if c["id"] == root_id)
    assert root["removed"] is True and root["html"] is None
    assert {c.id: c.status for c in api.rows()}[root_id] is CommentStatus.REJECTED


@pytest.mark.parametrize("max_entries, max_bytes, kept", [
    (2, 1000, [("b",), ("c",)]),
    (10, 25, [("c",)]),
    (0, 1000, []),
])
def test_cache_is_bounded_least_recently_used_first(max_entries, max_bytes, kept):
    store = ListingCache(max_entries, max_bytes)
    for name in "abc":
        store.put((name,), b"x" * 20)
    assert [key for key in [("a",), ("b",), ("c",)] if store.get(key)] == kept
    assert len(store) == len(kept)
