"""/metrics: requests by endpoint, comments by outcome, gauges read from the database."""

import pytest
from sqlalchemy.exc import OperationalError

from service import events, metrics
from service.models import Comment, CommentStatus, Thread
from tests.helpers.metrics import sample, scrape


def test_requests_are_counted_and_timed_by_endpoint_not_path(client, api):
    before = scrape(client)
    for thread in ("/news/a", "/news/b", "/news/c"):
        assert api.listing(thread).status_code == 200
    assert client.get("/wp-login.php").status_code == 404
    after = scrape(client)

    listing = {"endpoint": "api.public.list_comments", "method": "GET", "status": "200"}
    assert sample(after, "margin_http_requests_total", **listing) - \
        sample(before, "margin_http_requests_total", **listing) == 3
    timed = {"endpoint": "api.public.list_comments", "method": "GET"}
    assert sample(after, "margin_http_request_duration_seconds_count", **timed) - \
        sample(before, "margin_http_request_duration_seconds_count", **timed) == 3
    unmatched = {"endpoint": "unmatched", "method": "GET", "status": "404"}
    assert sample(after, "margin_http_requests_total", **unmatched) - \
        sample(before, "margin_http_requests_total", **unmatched) == 1
    labels = {v for _, labelset in after for _, v in labelset}
    assert not labels & {"/news/a", "/wp-login.php", "/api/v1/comments"}


def test_comments_are_counted_by_outcome_once_committed(make_app):
    app = make_app({"PREMODERATION": "first_time"})
    client = app.test_client()
    before = scrape(client)
    post = {"thread": "/news/m", "author": "Ann", "email": "ann@example.com",
            "body": "A first comment waits."}
    assert client.post("/api/v1/comments", json=post).json["status"] == "pending"
    assert client.post("/api/v1/comments", json={**post, "body": ""}).status_code == 400

    def fail_after_insert(comment, **_):
        raise RuntimeError("a subscriber failed")

    events.comment_created.connect(fail_after_insert)
    try:
        assert client.post("/api/v1/comments", json=post).status_code == 500
    finally:
        events.comment_created.disconnect(fail_after_insert)
    after = scrape(client)

    def delta(outcome):
        return sample(after, "margin_comments_created_total", outcome=outcome) - \
            sample(before, "margin_comments_created_total", outcome=outcome)

    assert (delta("pending"), delta("approved"), delta("spam")) == (1, 0, 0)
    with app.app_context():
        from service.extensions import db
        assert db.session.execute(db.select(db.func.count(Comment.id))).scalar() == 1


def test_approved_comments_are_counted(client, api):
    before = scrape(client)
    assert api.post_comment().json["status"] == "approved"
    after = scrape(client)
    assert sample(after, "margin_comments_created_total", outcome="approved") - \
        sample(before, "margin_comments_created_total", outcome="approved") == 1


def test_moderation_queue_gauges_read_the_database(make_app):
    app = make_app({"PREMODERATION": "all"})
    client = app.test_client()
    empty = scrape(client)
    assert sample(empty, "margin_moderation_queue") == 0
    assert sample(empty, "margin_moderation_oldest_age_seconds") == 0
    for n in range(3):
        client.post("/api/v1/comments", json={"thread": "/q", "author": "Ann",
                                              "email": f"a{n}@example.com",
                                              "body": f"Waiting comment {n}."})
    from service.comments import set_status
    from service.extensions import db

    with app.app_context():
        first = db.session.get(Comment, 1)
        set_status(first, CommentStatus.APPROVED, actor="test")
        db.session.commit()
        pending = db.session.execute(db.select(db.func.count(Comment.id)).where(
            Comment.status == CommentStatus.PENDING)).scalar()
    assert pending == 2
    samples = scrape(client)
    assert sample(samples, "margin_moderation_queue") == 2
    assert 0 <= sample(samples, "margin_moderation_oldest_age_seconds") < 3600


def test_a_registered_gauge_is_computed_at_every_scrape(client, api, monkeypatch):
    monkeypatch.setattr(metrics, "_computed", dict(metrics._computed))
    from service.extensions import db

    def threads_by_state():
        rows = db.session.execute(db.select(Thread.closed, db.func.count(Thread.id))
                                  .group_by(Thread.closed)).all()
        return {("closed" if closed else "open",): n for closed, n in rows}

    metrics.register_gauge("margin_test_threads", "Threads by state.", threads_by_state,
                           labels=("state",))
    metrics.register_gauge("margin_test_failures", "Failures so far.", lambda: 7,
                           kind="counter")
    assert sample(scrape(client), "margin_test_threads", state="open") == 0
    api.post_comment(thread="/one")
    api.post_comment(thread="/two")
    samples = scrape(client)
    assert sample(samples, "margin_test_threads", state="open") == 2
    assert sample(samples, "margin_test_failures_total") == 7


def test_a_gauge_the_database_cannot_answer_is_left_out(client, monkeypatch):
    monkeypatch.setattr(metrics, "_computed", dict(metrics._computed))

    def unreachable():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    metrics.register_gauge("margin_test_unreachable", "Never answers.", unreachable)
    samples = scrape(client)
    assert ("margin_test_unreachable", frozenset()) not in samples
    assert ("margin_moderation_queue", frozenset()) in samples


@pytest.mark.parametrize("kind", ["histogram", "summary", ""])
def test_register_gauge_refuses_other_kinds(kind):
    with pytest.raises(ValueError, match="kind"):
        metrics.register_gauge("margin_test_bad", "Bad.", lambda: 1, kind=kind)


@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer wrong-token", "Basic c2NyYXBlcg==", "bearer s3cret-token x",
])
def test_a_metrics_token_keeps_scrapers_without_it_out(make_app, authorization):
    client = make_app({"METRICS_TOKEN": "s3cret-token"}).test_client()
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "margin_" not in response.get_data(as_text=True)


def test_the_right_token_opens_metrics(make_app):
    client = make_app({"METRICS_TOKEN": "s3cret-token"}).test_client()
    samples = scrape(client, Authorization="Bearer s3cret-token")
    assert ("margin_moderation_queue", frozenset()) in samples


def test_metrics_are_never_rate_limited(make_app):
    client = make_app({"RATELIMIT_READS": "1/minute"}).test_client()
    assert {client.get("/metrics").status_code for _ in range(5)} == {200}
