"""Rate limits: per client, configurable, 429 in the common shape with Retry-After."""

import pytest

from tests.conftest import REDIS_URL

STORAGES = ["memory://"] + ([REDIS_URL] if REDIS_URL else [])


@pytest.fixture(params=STORAGES, ids=lambda uri: uri.split(":")[0])
def limited_app(request, make_app):
    return make_app({"RATELIMIT_STORAGE_URI": request.param,
                     "RATELIMIT_COMMENTS": "3/minute;10/day",
                     "RATELIMIT_READS": "4/minute"})


def post(client, ip, n=0, headers=None):
    return client.post("/api/v1/comments", headers=headers, environ_base={"REMOTE_ADDR": ip},
                       json={"thread": "/rl", "author": "A", "email": "a@example.com",
                             "body": f"comment number {n}"})


def stored(app):
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        return db.session.execute(db.select(db.func.count(Comment.id))).scalar()


def test_burst_from_one_client_is_limited_and_others_are_not(limited_app):
    client = limited_app.test_client()
    statuses = [post(client, "198.51.100.1", n).status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]

    limited = post(client, "198.51.100.1", 99)
    assert limited.status_code == 429
    error = limited.json["error"]
    assert error["code"] == "rate_limited"
    retry_after = int(limited.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    assert error["retry_after"] == retry_after
    assert stored(limited_app) == 3

    assert post(client, "198.51.100.2").status_code == 201
    assert stored(limited_app) == 4


def test_reads_have_their_own_limit(limited_app):
    client = limited_app.test_client()
    statuses = [client.get("/api/v1/counts?thread=/rl",
                           environ_base={"REMOTE_ADDR": "198.51.100.3"}).status_code
                for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # Posting is limited separately from reading.
    assert post(client, "198.51.100.3").status_code == 201


def test_forwarded_for_is_ignored_without_trusted_proxies(limited_app):
    client = limited_app.test_client()
    statuses = [post(client, "198.51.100.4", n,
                     headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(4)]
    assert statuses[-1] == 429


def test_trusted_proxy_supplies_the_client_address(make_app):
    app = make_app({"TRUSTED_PROXIES": "10.0.0.0/8", "RATELIMIT_COMMENTS": "2/minute"})
    client = app.test_client()
    proxy = "10.0.0.5"
    for reader in ("203.0.113.1", "203.0.113.2"):
        statuses = [post(client, proxy, n, headers={"X-Forwarded-For": reader}).status_code
                    for n in range(3)]
        assert statuses == [201, 201, 429]
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        ips = set(db.session.execute(db.select(Comment.ip)).scalars())
    assert ips == {"203.0.113.1", "203.0.113.2"}


def test_health_check_is_never_limited(limited_app):
    client = limited_app.test_client()
    assert {client.get("/healthz").status_code for _ in range(10)} == {200}


def test_an_unreachable_redis_falls_back_to_limits_in_memory(make_app):
    app = make_app({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0",
                    "RATELIMIT_COMMENTS": "2/minute"})
    client = app.test_client()
    statuses = [post(client, "198.51.100.9", n).status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    assert stored(app) == 2
