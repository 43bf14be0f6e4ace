"""Webhook workers as real processes: SIGKILL mid-delivery, two at once, `margin serve`."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from flask_migrate import upgrade
from standardwebhooks import Webhook

from service import create_app
from service.extensions import db
from service.models import MessageStatus, WebhookAttempt, WebhookMessage
from tests.helpers.waiting import wait_until
from tests.helpers.webhooks import FAST, add_endpoint, admin_headers

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.multiprocess


@pytest.fixture
def procs():
    started: list[subprocess.Popen] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def env_for(app, **settings) -> dict:
    env = {**os.environ, "MARGIN_INSTANCE_PATH": app.instance_path, "PYTHONPATH": str(ROOT),
           "MARGIN_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    for key, value in {**FAST, **settings}.items():
        env[f"MARGIN_{key}"] = json.dumps(value)
    return env


def start(procs, app, log: Path, *args: str, **settings) -> subprocess.Popen:
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "service", *args], cwd=ROOT,
                                env=env_for(app, **settings), stdout=out,
                                stderr=subprocess.STDOUT)
    procs.append(proc)
    return proc


def wait_for_text(log: Path, text: str, proc: subprocess.Popen, seconds: float = 30) -> str:
    def appeared() -> str | None:
        content = log.read_text()
        if text in content:
            return content
        if proc.poll() is not None:
            raise AssertionError(f"exited early: {content}")
        return None

    try:
        return wait_until(appeared, f"{text!r} appears", seconds=seconds)
    except AssertionError as error:
        raise AssertionError(f"{error}: {log.read_text()}") from None


def messages(app) -> list[WebhookMessage]:
    with app.app_context():
        found = db.session.execute(
            db.select(WebhookMessage).order_by(WebhookMessage.id)).scalars().all()
        db.session.expunge_all()
        db.session.remove()
        return found


def wait_all_delivered(app, seconds: float = 30) -> list[WebhookMessage]:
    def delivered() -> list[WebhookMessage] | None:
        found = messages(app)
        return found if found and all(m.status is MessageStatus.DELIVERED
                                      for m in found) else None

    try:
        return wait_until(delivered, "every message is delivered", seconds=seconds, every=0.1)
    except AssertionError:
        found = messages(app)
        raise AssertionError(
            f"not delivered: {[(m.id, m.status, m.last_error) for m in found]}") from None


def post_comments(client, n: int) -> None:
    for i in range(n):
        response = client.post("/api/v1/comments", environ_base={"REMOTE_ADDR": f"192.0.2.{i}"},
                               json={"thread": "/t", "author": f"Reader {i}",
                                     "email": f"r{i}@example.com",
                                     "body": f"Distinct comment number {i} here."})
        assert response.status_code == 201


def test_worker_killed_mid_delivery_then_restarted_loses_nothing(hook_app, receiver, procs,
                                                                 tmp_path):
    client = hook_app.test_client()
    add_endpoint(client, admin_headers(hook_app), receiver.url)
    post_comments(client, 4)
    receiver.delay = 0.3

    first = start(procs, hook_app, tmp_path / "first.log", "worker", "--max-seconds", "30")
    assert receiver.wait_for(1, seconds=30), "the first worker never sent anything"
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    # Its claims outlive it, until their lease runs out.
    assert any(m.locked_by and m.status is MessageStatus.PENDING for m in messages(hook_app))

    second = start(procs, hook_app, tmp_path / "second.log", "worker", "--max-seconds", "30")
    delivered = wait_all_delivered(hook_app)
    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0
    assert set(receiver.ids()) == {m.msg_id for m in delivered}
    assert receiver.overlaps == []


def test_two_workers_never_send_one_message_at_the_same_time(hook_app, receiver, procs,
                                                             tmp_path):
    client = hook_app.test_client()
    admin = admin_headers(hook_app)
    endpoint = add_endpoint(client, admin, receiver.url)
    # Paused while the workers start, so both are polling when the messages become due.
    client.post(f"/api/v1/webhooks/{endpoint['id']}/pause", headers=admin)
    post_comments(client, 24)
    receiver.delay = 0.05
    workers = [start(procs, hook_app, tmp_path / f"w{i}.log", "worker", "--max-seconds", "40",
                     WEBHOOKS_BATCH_SIZE=3) for i in range(2)]
    for i, proc in enumerate(workers):
        wait_for_text(tmp_path / f"w{i}.log", "delivering", proc)
    client.post(f"/api/v1/webhooks/{endpoint['id']}/resume", headers=admin)

    delivered = wait_all_delivered(hook_app)
    for proc in workers:
        proc.send_signal(signal.SIGTERM)
    assert [proc.wait(15) for proc in workers] == [0, 0]
    assert receiver.overlaps == []
    assert sorted(receiver.ids()) == sorted(m.msg_id for m in delivered)  # each exactly once
    with hook_app.app_context():
        senders = set(db.session.execute(db.select(WebhookAttempt.worker)).scalars())
    assert len(senders) == 2, senders


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sqlite_app(tmp_path):
    """Return an app on a migrated SQLite file of its own (serve's default set-up)."""
    app = create_app({"TESTING": True, **FAST}, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# Once, on the default SQLite database: what it shows does not depend on the backend.
def test_serve_delivers_webhooks_out_of_the_box(sqlite_app, receiver, procs, tmp_path):
    endpoint, serve, base, worker_pid = serve_with_worker(sqlite_app, receiver, procs,
                                                          tmp_path / "serve.log")
    posted = post_through(base, "Through gunicorn and the worker.")
    assert posted.status_code == 201

    [request] = receiver.wait_for(1, seconds=30)
    assert request.json["data"]["comment"]["id"] == posted.json()["id"]
    Webhook(endpoint["secret"]).verify(request.body, request.headers)
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)


def serve_with_worker(app, receiver, procs, log):
    """Start `margin serve` with an endpoint for receiver; return it, serve, URL, worker pid."""
    endpoint = add_endpoint(app.test_client(), admin_headers(app), receiver.url)
    port = free_port()
    serve = start(procs, app, log, "serve", "--port", str(port))
    output = wait_for_text(log, "delivered by worker process", serve)
    worker_pid = int(output.split("delivered by worker process ")[1].split()[0])
    return endpoint, serve, f"http://127.0.0.1:{port}", worker_pid


def post_through(base: str, body: str) -> requests.Response:
    """Post a comment over HTTP, waiting for the server to accept connections."""
    def posted() -> requests.Response | None:
        try:
            return requests.post(f"{base}/api/v1/comments", timeout=5, json={
                "thread": "/demo", "author": "Ann", "email": "ann@example.com", "body": body})
        except requests.ConnectionError:
            return None

    return wait_until(posted, "the server accepts a comment", every=0.1)


def test_serve_replaces_a_killed_worker(sqlite_app, receiver, procs, tmp_path):
    hook_app = sqlite_app
    log = tmp_path / "serve.log"
    endpoint, serve, base, first_pid = serve_with_worker(hook_app, receiver, procs, log)
    os.kill(first_pid, signal.SIGKILL)

    output = wait_for_text(log, f"started in place of {first_pid}", serve)
    # Whether gunicorn's arbiter reaped it first (status unknown) or the watcher did.
    assert re.search(rf"webhook worker process {first_pid} exited( \(SIGKILL\))?; "
                     r"starting another in 1 s", output), output
    second_pid = int(output.split(" started in place of ")[0].rsplit(" ", 1)[1])
    assert second_pid != first_pid
    os.kill(second_pid, 0)  # running
    posted = post_through(base, "Sent after the worker was replaced.")
    assert posted.status_code == 201

    [request] = receiver.wait_for(1, seconds=30)
    assert request.json["data"]["comment"]["id"] == posted.json()["id"]
    Webhook(endpoint["secret"]).verify(request.body, request.headers)
    assert len(wait_all_delivered(hook_app)) == 1
    with hook_app.app_context():
        [sender] = db.session.execute(db.select(WebhookAttempt.worker)).scalars()
    assert f":{second_pid}:" in sender
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(second_pid, 0)


def test_a_worker_that_keeps_dying_is_restarted_ever_more_slowly(caplog):
    from service.webhooks.cli import Beside

    children: list[tuple[float, subprocess.Popen]] = []

    def spawn():
        child = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
        children.append((time.monotonic(), child))
        return child

    caplog.set_level("WARNING", logger="service.webhooks.cli")
    beside = Beside(spawn, first_delay=0.2, max_delay=0.8, check_every=0.02)
    with contextlib.suppress(AssertionError):  # the assertion below says how many came
        wait_until(lambda: len(children) >= 5, "five workers were started")
    beside.stop()  # joins the watcher: nothing starts a child after it returns
    count = len(children)
    assert count >= 5
    delays = (0.2, 0.4, 0.8, 0.8)  # doubling, capped
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(children)]
    for gap, delay in zip(gaps, delays, strict=False):
        assert delay <= gap, gaps
    messages = [r.getMessage() for r in caplog.records]
    for (_, child), delay in zip(children, delays, strict=False):
        assert f"webhook worker process {child.pid} exited (status 3); starting another " \
               f"in {delay:g} s" in messages
    for (_, old), (_, new) in itertools.pairwise(children):
        assert f"webhook worker process {new.pid} started in place of {old.pid}" in messages
    codes = [child.wait(5) for _, child in children]
    # The last one may still have been starting when stop() sent it SIGTERM.
    assert codes[:-1] == [3] * (count - 1) and codes[-1] in (3, -signal.SIGTERM)
