"""Rate-limit storage down: RATELIMIT_FAIL_OPEN decides, it is logged, never a 500."""

import logging
import uuid
from urllib.parse import urlsplit

import pytest

from service.models import Comment, Thread
from tests.helpers.app import API
from tests.helpers.env import REDIS_URL, RUN_ID
from tests.helpers.tcp_proxy import TCPProxy

# Nothing listens on port 1: every connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"
THREAD = "/faults/limiter"
COMMENT = {**API.DEFAULTS, "thread": THREAD}


def own_namespace() -> str:
    # The in-memory fallback's counters live as long as the process: a namespace per test
    # keeps one test's counts out of the next (conftest still finds it in Redis).
    return f"margin-test-{RUN_ID}-{uuid.uuid4().hex[:8]}"


def dead_storage_app(make_app, fail_open, in_memory=False):
    return make_app({"RATELIMIT_STORAGE_URI": DEAD_REDIS, "RATELIMIT_FAIL_OPEN": fail_open,
                     "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": in_memory,
                     "RATELIMIT_COMMENTS": "3/minute", "RATELIMIT_NAMESPACE": own_namespace()})


def limiter_records(caplog, level):
    return [r for r in caplog.records if r.name == "service.ratelimit" and r.levelno == level]


def test_fail_open_lets_requests_through_and_warns(make_app, caplog):
    app = dead_storage_app(make_app, fail_open=True)
    api = API(app, app.test_client())
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        # More than the limit: with the counters unreachable nothing is counted.
        posted = [api.post_comment(thread=THREAD, ip="198.51.100.61",
                                   body=f"Comment {n} while Redis is down") for n in range(5)]
        listed = api.listing(THREAD)
    assert [r.status_code for r in posted] == [201] * 5
    assert listed.status_code == 200
    assert len(listed.json["items"]) == 5
    assert len(api.rows()) == 5
    warnings = limiter_records(caplog, logging.WARNING)
    assert warnings and all("let through" in r.getMessage() for r in warnings)


def test_fail_open_with_the_fallback_limits_in_process_memory(make_app, caplog):
    app = dead_storage_app(make_app, fail_open=True, in_memory=True)
    api = API(app, app.test_client())
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        statuses = [api.post_comment(thread=THREAD, ip="198.51.100.62",
                                     body=f"Comment {n} counted in memory").status_code
                    for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert len(api.rows()) == 3
    assert any("memory" in r.getMessage() for r in limiter_records(caplog, logging.WARNING))


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/v1/comments", COMMENT),
    ("get", "/api/v1/comments?thread=/faults/limiter", None),
    ("get", "/api/v1/counts?thread=/faults/limiter", None),
])
def test_fail_closed_refuses_with_503_in_the_common_shape(make_app, caplog, method, path,
                                                          body):
    app = dead_storage_app(make_app, fail_open=False)
    api = API(app, app.test_client())
    with caplog.at_level(logging.WARNING, logger="service.ratelimit"):
        response = getattr(api.client, method)(path, json=body)
    assert response.status_code == 503
    assert response.json["error"]["code"] == "service_unavailable"
    assert response.json["error"]["fields"] == {}
    assert int(response.headers["Retry-After"]) > 0
    assert limiter_records(caplog, logging.ERROR)
    assert api.rows() == []
    assert api.rows(Thread) == []


def test_health_check_is_not_limited_and_so_unaffected(make_app):
    app = dead_storage_app(make_app, fail_open=False)
    assert app.test_client().get("/healthz").status_code == 200


def test_policy_is_read_per_app_not_from_the_first_one(make_app):
    open_app = dead_storage_app(make_app, fail_open=True)
    closed_app = dead_storage_app(make_app, fail_open=False)
    again_open = dead_storage_app(make_app, fail_open=True)
    for app, status in ((open_app, 201), (closed_app, 503), (again_open, 201)):
        response = API(app, app.test_client()).post_comment(thread=THREAD, ip="198.51.100.63")
        assert response.status_code == status
    assert len(API(open_app, None).rows(Comment)) == 2


def test_limits_apply_again_with_a_working_storage(make_app):
    dead_storage_app(make_app, fail_open=True)
    app = make_app({"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_COMMENTS": "2/minute"})
    api = API(app, app.test_client())
    statuses = [api.post_comment(thread=THREAD, ip="198.51.100.77", body=f"n{n} back").status_code
                for n in range(3)]
    assert statuses == [201, 201, 429]


@pytest.mark.parametrize("redis_url", [REDIS_URL] if REDIS_URL else [])
def test_limits_resume_when_redis_comes_back(make_app, redis_url):
    target = urlsplit(redis_url)
    proxy = TCPProxy(target.hostname, target.port or 6379).start()
    try:
        app = make_app({"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{proxy.port}{target.path}",
                        "RATELIMIT_COMMENTS": "2/minute", "RATELIMIT_NAMESPACE": own_namespace()})
        api = API(app, app.test_client())

        def post(n):
            return api.post_comment(thread=THREAD, ip="198.51.100.88", body=f"n{n}").status_code

        assert post(1) == 201  # counted in Redis: 1 of 2
        proxy.stop()
        # Redis away: let through, counted in this process's memory (the default).
        assert [post(n) for n in range(2, 6)] == [201, 201, 429, 429]
        proxy.start()
        assert [post(6), post(7)] == [201, 429]  # counted in Redis again: 2 of 2, then 429
        assert len(api.rows()) == 4
    finally:
        proxy.stop()


@pytest.mark.parametrize("fail_open, status", [(True, 401), (False, 503)])
def test_failed_authentication_counting_follows_the_policy(make_app, fail_open, status):
    # The moderation API counts failed authentications after answering 401: with the
    # storage down that count is skipped (the answer is already made), never a 500.
    app = dead_storage_app(make_app, fail_open=fail_open)
    response = app.test_client().get("/api/v1/moderation/comments",
                                     headers={"Authorization": "Bearer wrong"})
    assert response.status_code == status
    assert response.json["error"]["code"] == ("unauthorized" if fail_open
                                              else "service_unavailable")
