"""Two `margin serve` processes sharing one PostgreSQL database and one Redis.

What a deployment behind a load balancer relies on: rate limits hold in total across
processes, a change made through one process is served by every other at once, counts
survive parallel writers, and metrics add up over a server's workers. Moderators act
through the moderator API of either server.
"""

from __future__ import annotations

import itertools
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from service import comments, create_app, threads, tokens
from service.extensions import db
from service.models import Comment, CommentStatus, ModerationMode, Role, Thread
from service.submissions import ClientInfo, Submission
from tests.conftest import PG_URL, REDIS_URL, RUN_ID
from tests.serving import postgres_database, serving_many

pytestmark = pytest.mark.multiprocess

# Per hour, not per minute: a fixed window that turned over mid-burst would let more in.
COMMENTS_PER_HOUR = 5
TOKEN = "scrape-" + uuid.uuid4().hex
TIMEOUT = 10


@dataclass
class Cluster:
    """Two servers (A with two workers, B with one) and an app on their database."""

    a: str
    b: str
    app: object
    servers: list
    token: str

    def approve(self, base: str, comment_id: int) -> bool:
        response = requests.post(
            f"{base}/api/v1/moderation/comments/{comment_id}/approve", json={},
            headers={"Authorization": f"Bearer {self.token}"}, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return response.json()["changed"]

    def post(self, base: str, client_ip: str, **fields):
        payload = {"thread": "/mp", "author": "Reader", "email": "reader@example.com",
                   "body": "A comment through the load balancer.", **fields}
        return requests.post(f"{base}/api/v1/comments", json=payload, timeout=TIMEOUT,
                             headers={"X-Forwarded-For": client_ip})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not (PG_URL and REDIS_URL):
        pytest.skip("multi-process tests need MARGIN_TEST_DATABASE_URL (PostgreSQL) and "
                    "MARGIN_TEST_REDIS_URL (Redis)")
    namespace = f"margin-mp-{RUN_ID}"
    with postgres_database(PG_URL, f"margin_mp_{RUN_ID}") as url:
        # No migration here: both servers start on the empty database together and
        # migrate it themselves, one after the other (serve's advisory lock).
        settings = {
            "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_NAMESPACE": namespace,
            "RATELIMIT_COMMENTS": f"{COMMENTS_PER_HOUR}/hour",
            # The test plays the load balancer: X-Forwarded-For names the reader.
            "TRUSTED_PROXIES": "127.0.0.1/32",
            "SECRET_KEY": "shared-" + RUN_ID,
            "LOG_FORMAT": "json",
            "METRICS_TOKEN": TOKEN,
        }
        specs = [(tmp_path_factory.mktemp("server-a"), settings, ("--workers", "2")),
                 (tmp_path_factory.mktemp("server-b"), settings, ("--workers", "1"))]
        app = create_app({"TESTING": True, "DATABASE_URL": url},
                         instance_path=str(tmp_path_factory.mktemp("mp-app")))
        try:
            with serving_many(specs) as servers:
                with app.app_context():
                    _, token = tokens.create("mp-moderator", Role.MODERATOR)
                yield Cluster(servers[0].base, servers[1].base, app, servers, token)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            _forget_namespace(namespace)


def _forget_namespace(namespace: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{namespace}*"):
        client.delete(key)
    client.close()


def _thread(app, key: str, moderation: ModerationMode | None) -> int:
    with app.app_context():
        thread = db.session.get(Thread, threads.claim(key).id)
        thread.moderation = moderation
        db.session.commit()
        return thread.id


def test_a_burst_spread_over_both_processes_is_limited_in_total(cluster):
    reader = "203.0.113.50"
    bases = itertools.cycle([cluster.a, cluster.b])
    statuses = [cluster.post(next(bases), reader, thread="/mp/burst",
                             body=f"Burst comment {n}.").status_code for n in range(12)]
    assert statuses.count(201) == COMMENTS_PER_HOUR
    assert statuses.count(429) == 12 - COMMENTS_PER_HOUR
    with cluster.app.app_context():
        stored = db.session.execute(db.select(db.func.count(Comment.id))
                                    .where(Comment.ip == reader)).scalar()
    assert stored == COMMENTS_PER_HOUR
    # Another reader behind the same proxy still gets through, on either process.
    assert cluster.post(cluster.b, "203.0.113.51", thread="/mp/burst").status_code == 201


def test_a_comment_approved_via_one_process_is_listed_by_the_other(cluster):
    _thread(cluster.app, "/mp/approve", ModerationMode.ALL)
    posted = cluster.post(cluster.a, "203.0.113.60", thread="/mp/approve")
    assert posted.status_code == 201
    assert posted.json()["status"] == "pending"
    params = {"thread": "/mp/approve"}
    before = requests.get(f"{cluster.b}/api/v1/comments", params=params, timeout=TIMEOUT)
    assert before.json()["items"] == []
    assert requests.get(f"{cluster.b}/api/v1/comments", params=params, timeout=TIMEOUT,
                        headers={"If-None-Match": before.headers["ETag"]}).status_code == 304

    assert cluster.approve(cluster.a, posted.json()["id"])

    for base in (cluster.b, cluster.a):
        after = requests.get(f"{base}/api/v1/comments", params=params, timeout=TIMEOUT,
                             headers={"If-None-Match": before.headers["ETag"]})
        assert after.status_code == 200
        assert [c["id"] for c in after.json()["items"]] == [posted.json()["id"]]
        assert after.json()["thread"]["count"] == 1
        counts = requests.get(f"{base}/api/v1/counts", params=params, timeout=TIMEOUT)
        assert counts.json() == {"/mp/approve": 1}


def test_parallel_submissions_and_approvals_lose_no_count(cluster):
    key = "/mp/busy"
    thread_id = _thread(cluster.app, key, ModerationMode.ALL)
    with cluster.app.app_context():
        waiting = [comments.submit(
            Submission(thread_key=key, author=f"Early {n}", email=f"early{n}@example.com",
                       website=None, body=f"Early comment number {n}."),
            ClientInfo(ip=f"192.0.2.{n}")).id for n in range(10)]
    _thread(cluster.app, key, None)
    bases = [cluster.a, cluster.b]

    def submit(n):
        return cluster.post(bases[n % 2], f"198.51.100.{n}", thread=key,
                            email=f"busy{n}@example.com", body=f"Busy comment number {n}.")

    with ThreadPoolExecutor(8) as pool:
        posted = pool.map(submit, range(40))
        approved = pool.map(lambda n_cid: cluster.approve(bases[n_cid[0] % 2], n_cid[1]),
                            enumerate(waiting))
        posted, approved = list(posted), list(approved)

    assert [r.status_code for r in posted] == [201] * 40, [r.text for r in posted]
    assert approved == [True] * 10
    published_on_submit = sum(r.json()["status"] == "approved" for r in posted)
    with cluster.app.app_context():
        thread = db.session.get(Thread, thread_id)
        visible = db.session.execute(db.select(db.func.count(Comment.id)).where(
            Comment.thread_id == thread_id, Comment.status == CommentStatus.APPROVED)).scalar()
        total = db.session.execute(db.select(db.func.count(Comment.id)).where(
            Comment.thread_id == thread_id)).scalar()
    assert total == 50
    assert thread.comment_count == visible == published_on_submit + 10
    assert thread.version == published_on_submit + 10
    listed = requests.get(f"{cluster.b}/api/v1/counts", params={"thread": key},
                          timeout=TIMEOUT).json()
    assert listed == {key: visible}
    for server in cluster.servers:
        entries = [json.loads(line) for line in server.output().splitlines()
                   if line.startswith("{")]
        assert not [e for e in entries if e["level"] in ("ERROR", "CRITICAL")]


def _scraped(base: str, name: str, **labels) -> float:
    text = requests.get(f"{base}/metrics", timeout=TIMEOUT,
                        headers={"Authorization": f"Bearer {TOKEN}"}).text
    return sum(s.value for family in text_string_to_metric_families(text)
               for s in family.samples
               if s.name == name and labels.items() <= s.labels.items())


def test_metrics_add_up_over_a_servers_workers(cluster):
    counter = {"endpoint": "api.public.count_comments", "status": "200"}
    before = _scraped(cluster.a, "margin_http_requests_total", **counter)
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(
            lambda n: requests.get(f"{cluster.a}/api/v1/counts", params={"thread": f"/m{n}"},
                                   timeout=TIMEOUT).status_code, range(24)))
    assert statuses == [200] * 24
    # Each scrape may land on either worker; every one reports the total.
    totals = {_scraped(cluster.a, "margin_http_requests_total", **counter) - before
              for _ in range(4)}
    assert totals == {24}
    assert requests.get(f"{cluster.a}/metrics", timeout=TIMEOUT).status_code == 401
