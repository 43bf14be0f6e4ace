"""The external screener against a real HTTP server: holds, retries, and never in the way."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.models import AuditEntry, Comment, utcnow
from service.models.abuse import AbuseCheck, CheckStatus
from service.webhooks.worker import Worker
from tests.conftest import API

FLAGGED = {"id": "modr-1", "model": "omni-moderation-latest", "results": [{
    "flagged": True,
    "categories": {"harassment": True, "hate": True, "violence": False},
    "category_scores": {"harassment": 0.71, "hate": 0.93, "violence": 0.02}}]}
CLEAN = {"results": [{"flagged": False, "categories": {"hate": False},
                      "category_scores": {"hate": 0.01}}]}
BODY = "Those people again. Typical of their kind, as always."


@dataclass
class Moderations:
    """A local /v1/moderations service: answers `answer` with `status` after `delay` s."""

    answer: object = field(default_factory=lambda: FLAGGED)
    status: int = 200
    delay: float = 0.0
    received: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)

    def start(self) -> Moderations:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append(json.loads(body))
                service.headers.append({k.lower(): v for k, v in self.headers.items()})
                if service.delay:
                    service.released.wait(service.delay)
                payload = json.dumps(service.answer).encode()
                try:
                    self.send_response(service.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1/moderations"

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service():
    running = Moderations().start()
    yield running
    running.stop()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/moderations"


def setup(make_app, url, **config):
    app = make_app({"ABUSE_EXTERNAL_URL": url, "ABUSE_EXTERNAL_TOKEN": "s3cret",
                    "ABUSE_EXTERNAL_TIMEOUT_SECONDS": 0.3, "WEBHOOKS_LEASE_SECONDS": 5.0,
                    "ABUSE_EXTERNAL_RETRY_BASE_SECONDS": 60.0, **config})
    return app, API(app, app.test_client())


def drain(app) -> None:
    Worker(app).run(until_idle=True, max_seconds=30)


def checks(api) -> list[AbuseCheck]:
    return api.rows(AbuseCheck)


def comment(api, comment_id) -> Comment:
    return next(c for c in api.rows() if c.id == comment_id)


def test_a_flagged_comment_is_held_afterwards_with_the_services_categories(make_app, service):
    app, api = setup(make_app, service.url)
    response = api.post_comment(body=BODY)
    # The submission is answered before the service is asked anything.
    assert response.json["status"] == "approved" and service.received == []
    drain(app)
    assert service.received == [{"input": BODY, "model": "omni-moderation-latest"}]
    assert service.headers[0]["authorization"] == "Bearer s3cret"
    held = comment(api, response.json["id"])
    assert held.status.value == "pending" and held.abuse_hold == "hate_speech"
    assert held.abuse_score == pytest.approx(0.93)
    [external] = [r for r in held.abuse_reasons if r["code"] == "external"]
    assert external["message"] == ("external screener flagged: hate (0.93), "
                                   "harassment (0.71)")
    [entry] = [e for e in api.rows(AuditEntry) if e.action == "filter.hold"]
    assert (entry.actor, entry.reason_code, entry.after["screener"]) == (
        "abuse-filter", "hate_speech", "external")
    assert "hate (0.93)" in entry.reason_text
    [check] = checks(api)
    assert check.status is CheckStatus.DONE and check.result["flagged"] is True
    with app.app_context():
        count = db.session.execute(sa.select(sa.func.count(Comment.id)).where(
            Comment.status == "approved")).scalar_one()
    assert count == 0


def test_a_clean_answer_changes_nothing_but_is_kept(make_app, service):
    service.answer = CLEAN
    app, api = setup(make_app, service.url)
    comment_id = api.post_comment(body=BODY).json["id"]
    drain(app)
    assert comment(api, comment_id).status.value == "approved"
    [check] = checks(api)
    assert check.status is CheckStatus.DONE and check.result["flagged"] is False
    assert [e for e in api.rows(AuditEntry) if e.action == "filter.hold"] == []


def test_a_service_that_is_down_loses_nothing_and_is_retried(make_app, service):
    app, api = setup(make_app, closed_port_url())
    comment_id = api.post_comment(body=BODY).json["id"]
    drain(app)
    [check] = checks(api)
    assert check.status is CheckStatus.PENDING and check.attempts == 1
    assert "ConnectionError" in check.last_error and check.due_at > utcnow()
    assert comment(api, comment_id).status.value == "approved"
    # The service comes back; the retry (made due now rather than waited for) succeeds.
    app.config["ABUSE_EXTERNAL_URL"] = service.url
    with app.app_context():
        db.session.execute(sa.update(AbuseCheck).values(due_at=utcnow()))
        db.session.commit()
    drain(app)
    [check] = checks(api)
    assert check.status is CheckStatus.DONE and check.attempts == 2
    assert comment(api, comment_id).status.value == "pending"


@pytest.mark.parametrize(("answer", "status", "delay", "error"), [
    (FLAGGED, 200, 2.0, "Timeout"),
    (FLAGGED, 503, 0.0, "HTTP 503"),
    ({"results": []}, 200, 0.0, "not a moderation result"),
    ({"results": [{"flagged": "yes"}]}, 200, 0.0, "not a moderation result"),
    ("not json at all", 200, 0.0, "not a moderation result"),
])
def test_slow_failing_or_confused_services_are_retried_later(make_app, service, answer,
                                                             status, delay, error):
    service.answer, service.status, service.delay = answer, status, delay
    app, api = setup(make_app, service.url)
    comment_id = api.post_comment(body=BODY).json["id"]
    drain(app)
    [check] = checks(api)
    assert check.status is CheckStatus.PENDING and check.attempts == 1
    assert error in check.last_error
    assert comment(api, comment_id).status.value == "approved"


def test_a_check_is_given_up_after_the_last_attempt(make_app):
    app, api = setup(make_app, closed_port_url(), ABUSE_EXTERNAL_MAX_ATTEMPTS=1)
    comment_id = api.post_comment(body=BODY).json["id"]
    drain(app)
    [check] = checks(api)
    assert check.status is CheckStatus.FAILED and check.attempts == 1
    assert comment(api, comment_id).status.value == "approved"


def test_no_check_is_queued_without_a_service(make_app):
    app = make_app()
    api = API(app, app.test_client())
    api.post_comment(body=BODY)
    assert checks(api) == []


def test_settled_checks_are_pruned_after_the_retention_period(make_app, service):
    service.answer = CLEAN
    app, api = setup(make_app, service.url, WEBHOOKS_RETENTION_DAYS=30)
    old, recent = (api.post_comment(body=f"{BODY} {n}").json["id"] for n in (1, 2))
    drain(app)
    with app.app_context():
        db.session.execute(sa.update(AbuseCheck).where(AbuseCheck.comment_id == old)
                           .values(created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    job = next(j for j in app.extensions["margin_worker_jobs"] if hasattr(j, "prune_if_due"))
    job.prune_due = 0.0
    assert job.prune_if_due() == 1
    assert [c.comment_id for c in checks(api)] == [recent]
    assert job.prune_if_due() == 0  # not again within the hour
