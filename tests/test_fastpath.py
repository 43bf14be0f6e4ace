"""The fast public reads answer exactly as Flask's views do, and only what they can."""

import json
import threading

import pytest
import sqlalchemy as sa

from service import reads
from service.extensions import db
from service.fastpath import FastReads
from service.fields import Text
from service.schemas import list_query
from tests.helpers.app import API
from tests.helpers.metrics import sample, scrape

THREAD = "/news/2026/11/harbour-bridge"
ORIGIN = "https://news.example"


@pytest.fixture
def pair(make_app):
    """Return (fast, flask): two apps on one database, fast reads on and off."""
    return _pair(make_app)


def _pair(make_app, overrides: dict | None = None):
    fast = make_app({"FAST_READS": True, **(overrides or {})})
    slow = make_app({"FAST_READS": False, **(overrides or {})})
    assert _contains_fast_reads(fast.wsgi_app)
    for app in (fast, slow):
        app.flask_requests = []
        app.before_request(lambda app=app: app.flask_requests.append(1))
    return fast, slow


def _seed(app, n_roots: int = 3):
    api = API(app, app.test_client())
    for n in range(n_roots):
        root = api.post_comment(body=f"Top-level comment {n}.").json["id"]
        api.post_comment(parent=root, body=f"A reply to comment {n}.")
    api.post_comment(thread="/news/other", body="Elsewhere.")


def _headers(response, drop=("X-Request-ID",)) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in response.headers.items() if k not in drop)


def _same(fast_response, slow_response):
    assert fast_response.status_code == slow_response.status_code
    assert fast_response.data == slow_response.data
    assert _headers(fast_response) == _headers(slow_response)


READS = [
    ("/api/v1/comments", {"thread": THREAD}),
    ("/api/v1/comments", {"thread": THREAD, "order": "newest"}),
    ("/api/v1/comments", {"thread": THREAD, "limit": "2"}),
    ("/api/v1/comments", {"thread": THREAD, "limit": "2", "order": "newest"}),
    ("/api/v1/comments", {"thread": "/news/never-commented"}),
    ("/api/v1/counts", [("thread", THREAD), ("thread", "/news/other"), ("thread", "/none")]),
    ("/api/v1/counts", [("thread", THREAD), ("thread", THREAD)]),
    ("/api/v1/counts", [("thread", "/news/other"), ("utm_source", "x")]),
]


@pytest.mark.parametrize("path, query", READS)
@pytest.mark.parametrize("origin", [None, ORIGIN])
def test_fast_reads_answer_like_flask_without_running_it(pair, path, query, origin):
    fast, slow = pair
    _seed(fast)
    headers = {"Origin": origin} if origin else {}
    fast_client, slow_client = fast.test_client(), slow.test_client()
    slow_response = slow_client.get(path, query_string=query, headers=headers)
    fast_client.get(path, query_string=query)  # a listing's first read fills the cache
    fast.flask_requests.clear()

    fast_response = fast_client.get(path, query_string=query, headers=headers)

    _same(fast_response, slow_response)
    assert fast_response.status_code == 200
    assert fast.flask_requests == []
    assert slow.flask_requests == [1]


@pytest.mark.parametrize("tag_form", ['{tag}', 'W/{tag}', '"other", {tag}', '*'])
def test_fast_304s_match_flask_for_strong_weak_listed_and_star_tags(pair, tag_form):
    fast, slow = pair
    _seed(fast)
    tag = fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD}).headers[
        "ETag"]
    sent = {"If-None-Match": tag_form.format(tag=tag), "Origin": ORIGIN}
    fast.flask_requests.clear()

    fast_response = fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD},
                                           headers=sent)
    slow_response = slow.test_client().get("/api/v1/comments", query_string={"thread": THREAD},
                                           headers=sent)

    _same(fast_response, slow_response)
    assert fast_response.status_code == 304
    assert fast.flask_requests == []


def test_a_stale_tag_gets_the_new_listing(pair):
    fast, _ = pair
    _seed(fast)
    client = fast.test_client()
    tag = client.get("/api/v1/comments", query_string={"thread": THREAD}).headers["ETag"]
    API(fast, client).post_comment(body="One more.")

    response = client.get("/api/v1/comments", query_string={"thread": THREAD},
                          headers={"If-None-Match": tag})

    assert response.status_code == 200
    assert response.headers["ETag"] != tag
    assert any("One more." in item["html"] for item in response.json["items"])


def test_a_cursor_page_is_answered_fast_once_cached(pair):
    fast, slow = pair
    _seed(fast)
    first = fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD,
                                                                      "limit": 1})
    query = {"thread": THREAD, "limit": 1, "cursor": first.json["next"]}
    fast.test_client().get("/api/v1/comments", query_string=query)
    fast.flask_requests.clear()

    _same(fast.test_client().get("/api/v1/comments", query_string=query),
          slow.test_client().get("/api/v1/comments", query_string=query))
    assert fast.flask_requests == []


HANDED_TO_FLASK = [
    ("/api/v1/comments", "thread=%2Fnews%2F2026%2F11%2Fharbour-bridge&thread=%2Fx"),
    ("/api/v1/comments", "thread=%C3%A9t%C3%A9"),
    ("/api/v1/comments", "thread=%20padded%20"),
    ("/api/v1/comments", "thread=%FF"),
    ("/api/v1/comments", "thread=a%00b"),
    ("/api/v1/comments", "thread="),
    ("/api/v1/comments", ""),
    ("/api/v1/comments", "thread=%2Fa&limit=0"),
    ("/api/v1/comments", "thread=%2Fa&limit=201"),
    ("/api/v1/comments", "thread=%2Fa&limit=x"),
    ("/api/v1/comments", "thread=%2Fa&order=sideways"),
    ("/api/v1/comments", "thread=%2Fa&cursor=nonsense"),
    ("/api/v1/comments", "thread=%2Fa&page=2"),
    ("/api/v1/counts", ""),
    ("/api/v1/counts", "thread="),
    ("/api/v1/counts", "thread=%E2%80%AEevil"),
    ("/api/v1/counts", "&".join(f"thread=%2Ft{n}" for n in range(101))),
]


@pytest.mark.parametrize("path, query", HANDED_TO_FLASK)
def test_anything_unusual_goes_to_flask_and_gets_its_answer(pair, path, query):
    fast, slow = pair
    _seed(fast)
    fast.flask_requests.clear()

    fast_response = fast.test_client().get(f"{path}?{query}")
    slow_response = slow.test_client().get(f"{path}?{query}")

    _same(fast_response, slow_response)
    assert fast.flask_requests == [1]


def test_an_uncached_page_is_rendered_by_flask_then_served_fast(pair):
    fast, _ = pair
    _seed(fast)
    client = fast.test_client()
    fast.flask_requests.clear()

    client.get("/api/v1/comments", query_string={"thread": THREAD})
    client.get("/api/v1/comments", query_string={"thread": THREAD})

    assert fast.flask_requests == [1]


def test_fast_and_flask_reads_count_against_one_rate_limit(make_app):
    fast, _ = _pair(make_app, {"RATELIMIT_READS": "3/minute"})
    _seed(fast)
    client = fast.test_client()
    # The cache fill and a repeated name go through Flask, the rest fast: one budget.
    assert client.get("/api/v1/comments", query_string={"thread": THREAD}).status_code == 200
    assert client.get("/api/v1/comments", query_string={"thread": THREAD}).status_code == 200
    assert client.get(f"/api/v1/comments?thread={THREAD}&thread={THREAD}").status_code == 200
    fast.flask_requests.clear()

    refused = client.get("/api/v1/comments", query_string={"thread": THREAD})

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json["error"]["code"] == "rate_limited"
    assert fast.flask_requests == [1]  # a breach is Flask's to answer
    # Counts have their own budget, as in Flask.
    assert client.get("/api/v1/counts", query_string={"thread": THREAD}).status_code == 200


def test_fast_reads_are_counted_in_metrics_and_logged_with_their_request_id(make_app, capsys):
    fast, _ = _pair(make_app, {"LOG_FORMAT": "json"})
    _seed(fast)
    client = fast.test_client()
    client.get("/api/v1/comments", query_string={"thread": THREAD})
    before = scrape(client)
    fast.flask_requests.clear()
    capsys.readouterr()

    response = client.get("/api/v1/comments", query_string={"thread": THREAD},
                          headers={"X-Request-ID": "fast-1"})
    after = scrape(client)

    assert response.headers["X-Request-ID"] == "fast-1"
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    access = [e for e in lines if e["logger"] == "service.access"
              and e["endpoint"] == "api.public.list_comments"]
    assert [(e["request_id"], e["status"], e["path"]) for e in access] == [
        ("fast-1", 200, f"/api/v1/comments?thread={THREAD}")]
    labels = {"endpoint": "api.public.list_comments", "method": "GET", "status": "200"}
    assert sample(after, "margin_http_requests_total", **labels) - \
        sample(before, "margin_http_requests_total", **labels) == 1
    timed = {"endpoint": "api.public.list_comments", "method": "GET"}
    assert sample(after, "margin_http_request_duration_seconds_count", **timed) - \
        sample(before, "margin_http_request_duration_seconds_count", **timed) == 1
    assert fast.flask_requests == [1]  # the second scrape


def test_fast_reads_can_be_switched_off(make_app):
    app = make_app({"FAST_READS": False})
    assert not _contains_fast_reads(app.wsgi_app)


def _find_fast_reads(wsgi_app) -> FastReads | None:
    while wsgi_app is not None and not isinstance(wsgi_app, FastReads):
        wsgi_app = getattr(wsgi_app, "wsgi_app", None) or getattr(wsgi_app, "app", None)
    return wsgi_app


def _contains_fast_reads(wsgi_app) -> bool:
    return _find_fast_reads(wsgi_app) is not None


def test_a_failure_inside_the_fast_path_is_answered_by_flask(pair, monkeypatch, caplog):
    fast, _ = pair
    _seed(fast)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in the fast path")

    # Flask's view does not use it: only the fast path breaks.
    monkeypatch.setattr("service.fastpath.parse_etags", broken)
    fast.flask_requests.clear()

    response = fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD},
                                      headers={"If-None-Match": '"x"'})

    assert response.status_code == 200
    assert response.json["thread"]["key"] == THREAD
    assert fast.flask_requests == [1]
    assert "fast read failed" in caplog.text


def _other_backends(url: str, *, terminate: bool = False) -> int:
    """Count the database's connections other than this one's, ending them if asked."""
    counted = "pg_terminate_backend(pid)" if terminate else "*"
    admin = sa.create_engine(url)
    try:
        with admin.connect() as conn:
            return conn.execute(sa.text(
                f"SELECT count({counted}) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    finally:
        admin.dispose()


def _drop_fast_read_connections(backend, app):
    """End the fast reads' pooled connections as a database restart would."""
    # On PostgreSQL the app's own pool loses its connections too; its pre-ping copes.
    reader = _find_fast_reads(app.wsgi_app).reader
    if backend.name == "postgresql":
        ended = _other_backends(backend.url, terminate=True)
    else:
        # A file has no server to drop it: close the kept connections under the reader.
        kept = list(reader.held.values())
        for connection in kept:
            connection.dbapi_connection.close()
        ended = len(kept)
    assert ended >= 1


def test_a_connection_the_database_dropped_costs_one_flask_answer_not_an_error(pair, backend):
    fast, slow = pair
    _seed(fast)
    client = fast.test_client()
    query = {"thread": THREAD}
    client.get("/api/v1/comments", query_string=query)  # fills the cache through Flask
    assert client.get("/api/v1/comments", query_string=query).status_code == 200
    _drop_fast_read_connections(backend, fast)
    fast.flask_requests.clear()

    answered = client.get("/api/v1/comments", query_string=query)
    again = client.get("/api/v1/comments", query_string=query)

    _same(answered, slow.test_client().get("/api/v1/comments", query_string=query))
    assert again.data == answered.data
    # The dead connection was discarded: Flask answered once, the next read was fast again.
    assert fast.flask_requests == [1]


def test_each_thread_keeps_one_connection_for_its_fast_reads(pair):
    fast, _ = pair
    _seed(fast)
    fast.flask_requests.clear()
    client = fast.test_client()
    for _ in range(3):
        assert client.get("/api/v1/counts", query_string={"thread": THREAD}).status_code == 200
    reader = _find_fast_reads(fast.wsgi_app).reader
    assert len(reader.held) == 1

    other = threading.Thread(target=lambda: client.get(
        "/api/v1/counts", query_string={"thread": THREAD}))
    other.start()
    other.join()

    assert len(reader.held) == 2
    assert fast.flask_requests == []


def test_threads_that_ended_give_their_fast_read_connections_back(pair):
    # A server that starts a thread per request (werkzeug's) must not drain the pool:
    # more threads than the pool holds, one after another, all answered fast.
    fast, _ = pair
    _seed(fast)
    fast.flask_requests.clear()
    client = fast.test_client()
    answers = []
    for _ in range(3 * fast.config["DB_POOL_SIZE"]):
        thread = threading.Thread(target=lambda: answers.append(client.get(
            "/api/v1/counts", query_string={"thread": THREAD}).status_code))
        thread.start()
        thread.join()

    assert answers == [200] * 3 * fast.config["DB_POOL_SIZE"]
    assert fast.flask_requests == []
    assert len(_find_fast_reads(fast.wsgi_app).reader.held) == 1


def test_disposing_the_app_engine_closes_the_fast_reads_connections(pair, backend):
    fast, _ = pair
    _seed(fast)
    client = fast.test_client()
    client.get("/api/v1/counts", query_string={"thread": THREAD})
    reader = _find_fast_reads(fast.wsgi_app).reader
    kept = list(reader.held.values())
    assert len(kept) == 1  # this thread's, kept between reads

    with fast.app_context():
        db.session.remove()
        db.engine.dispose()

    assert reader.held == {} and kept[0].dbapi_connection is None
    assert reader.engine.pool.checkedin() == 0
    if backend.name == "postgresql":
        assert _other_backends(backend.url) == 0


@pytest.mark.parametrize("allowed", ["*", "https://news.example,https://other.example"])
def test_fast_reads_cors_headers_follow_each_requests_origin(make_app, allowed):
    # The fast path remembers a GET's CORS headers per Origin: what it answers one page
    # must never be what it answers another, nor differ from Flask's.
    fast, slow = _pair(make_app, {"CORS_ORIGINS": allowed})
    _seed(fast)
    fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD})
    fast.flask_requests.clear()
    sequence = [{}, {"Origin": ORIGIN}, {"Origin": "https://other.example"},
                {"Origin": "https://elsewhere.example"}, {"Origin": ORIGIN}, {},
                {"Origin": ORIGIN, "Access-Control-Request-Private-Network": "true"}]

    for headers in sequence:
        fast_response = fast.test_client().get("/api/v1/comments",
                                               query_string={"thread": THREAD}, headers=headers)
        slow_response = slow.test_client().get("/api/v1/comments",
                                               query_string={"thread": THREAD}, headers=headers)
        _same(fast_response, slow_response)
    assert fast.flask_requests == []
    if allowed != "*":
        answered = fast.test_client().get("/api/v1/comments", query_string={"thread": THREAD},
                                          headers={"Origin": "https://elsewhere.example"})
        assert "Access-Control-Allow-Origin" not in answered.headers


@pytest.mark.parametrize(("path", "endpoint"), [
    (reads.LISTING_PATH, reads.LISTING_ENDPOINT),
    (reads.COUNTS_PATH, reads.COUNTS_ENDPOINT),
])
def test_the_fast_reads_name_the_views_they_stand_in_for(app, path, endpoint):
    assert app.url_map.bind("localhost").match(path, method="GET")[0] == endpoint


def test_the_listing_query_accepts_what_the_fast_reads_answer():
    fields = list_query.fields
    assert set(fields) == reads.LISTING_PARAMS
    assert tuple(fields["order"].validate.choices) == reads.ORDERS
    assert fields["cursor"].validate.max == reads.CURSOR_MAX


@pytest.mark.parametrize(("key", "accepted"), [
    ("/news/2026/bridge", True), (" /news", False), ("/news ", False), ("/café", False),
    ("/news\t", False), ("", False), (None, False), ("/" + "x" * 299, True),
    ("/" + "x" * 300, False),
])
def test_thread_keys_answered_fast_are_those_text_leaves_unchanged(app, key, accepted):
    assert Text.accepts_unchanged(key, 300) is accepted
    if accepted:
        with app.test_request_context():
            assert Text(max_key="THREAD_KEY_MAX_LENGTH").deserialize(key) == key
