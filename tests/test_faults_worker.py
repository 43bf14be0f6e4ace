"""A `margin serve` worker killed with SIGKILL mid-request: nothing half-written, the
server replaces the worker, and the next request is stored whole."""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from service.models import Thread
from tests.helpers.app import API
from tests.helpers.outbox import queued_comment_ids, subscribe
from tests.helpers.serving import serving, wait_until_up
from tests.helpers.waiting import wait_until

pytestmark = pytest.mark.multiprocess

ROOT = Path(__file__).resolve().parent.parent
THREAD = "/faults/worker"
POLL_SECONDS = 20


def comment(body: str) -> dict:
    return {**API.DEFAULTS, "thread": THREAD, "body": body}


@pytest.fixture
def server(backend, make_app, tmp_path):
    """Serve this test's database with one single-threaded worker; yield (app, base, master)."""
    app = make_app()  # the database the server uses, for the assertions
    subscribe(app)
    # No webhook delivery process beside gunicorn: the outbox only fills, and the one child
    # of the server is the worker to kill.
    settings = {"SECRET_KEY": "worker-fault-test", "RATELIMIT_COMMENTS": "1000/minute",
                "WEBHOOKS_INPROCESS_WORKER": "false"}
    if backend.url:
        settings["DATABASE_URL"] = backend.url
    with serving(tmp_path, settings, "--workers", "1", "--threads", "1") as served:
        yield app, served


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def accepted_by(pid: int, server_port: int, client_port: int) -> bool:
    """Tell whether process pid holds the server side of our connection."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        if (int(local.split(":")[1], 16) == server_port
                and int(remote.split(":")[1], 16) == client_port):
            inodes.add(f"socket:[{inode}]")
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if os.readlink(fd) in inodes:
                    return True
    return False


def wait_for(condition, what: str) -> None:
    wait_until(condition, what, seconds=POLL_SECONDS)


def start_request(base: str, body: bytes, send: int) -> socket.socket:
    """Send the request line, headers and the first `send` bytes of the body."""
    port = int(base.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = (f"POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    sock.sendall(head.encode() + body[:send])
    return sock


def worker_holding(master: subprocess.Popen, sock: socket.socket, base: str) -> int:
    """Return the worker's pid once it has taken our request."""
    port = int(base.rsplit(":", 1)[1])
    client_port = sock.getsockname()[1]
    [worker] = children(master.pid)
    wait_for(lambda: accepted_by(worker, port, client_port), "the worker took the request")
    return worker


def assert_whole(app, bodies: list[str]) -> None:
    api = API(app, None)
    rows = api.rows()
    assert [r.body for r in rows] == bodies
    # One outbox message per stored comment: none lost, none for the killed request.
    assert queued_comment_ids(app) == [r.id for r in rows]
    assert [(t.key, t.comment_count) for t in api.rows(Thread)] == [(THREAD, len(bodies))]


def test_worker_killed_while_the_body_is_still_arriving(server):
    app, served = server
    base, master = served.base, served.proc
    assert requests.post(f"{base}/api/v1/comments", json=comment("Before."),
                         timeout=10).status_code == 201
    # A large body trickled: the worker is inside the request, reading it.
    body = json.dumps(comment("x" * 4000)).encode() + b" " * 40_000
    sock = start_request(base, body, send=len(body) // 2)
    worker = worker_holding(master, sock, base)
    os.kill(worker, signal.SIGKILL)
    with contextlib.suppress(OSError):
        sock.sendall(body[len(body) // 2:])
        assert sock.recv(1024) == b""  # no answer: the worker died with the request
    sock.close()
    wait_until_up(served)
    assert requests.post(f"{base}/api/v1/comments", json=comment("After."),
                         timeout=10).status_code == 201
    assert_whole(app, ["Before.", "After."])


@contextlib.contextmanager
def writer_blocked(backend, app):
    """Make the next submission to THREAD wait on a lock; yield a check that it waits."""
    if backend.name == "sqlite":
        path = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # the worker's BEGIN IMMEDIATE queues behind it
        try:
            yield lambda: True
        finally:
            other.rollback()
            other.close()
        return
    engine = sa.create_engine(backend.url)
    with engine.connect() as other:
        # NO KEY: the comment's foreign-key check passes, so the worker inserts its
        # comment, then waits to update the thread's count.
        other.execute(sa.text("SELECT id FROM threads WHERE key = :k FOR NO KEY UPDATE"),
                      {"k": THREAD})

        def waiting() -> bool:
            with engine.connect() as probe:
                # Waiting to update the thread, having written to comments already.
                return bool(probe.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
                    "WHERE a.wait_event_type = 'Lock' AND a.query ILIKE 'UPDATE threads%' "
                    "AND l.relation = 'comments'::regclass AND l.mode = 'RowExclusiveLock' "
                    "AND l.granted")).scalar())

        try:
            yield waiting
        finally:
            other.rollback()
    engine.dispose()


def test_worker_killed_while_its_transaction_waits(backend, server):
    app, served = server
    base, master = served.base, served.proc
    assert requests.post(f"{base}/api/v1/comments", json=comment("Before."),
                         timeout=10).status_code == 201
    body = json.dumps(comment("Killed in the middle of its transaction.")).encode()
    with writer_blocked(backend, app) as waiting:
        sock = start_request(base, body, send=len(body))
        worker = worker_holding(master, sock, base)
        wait_for(waiting, "the worker waits on the lock")
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: worker not in children(master.pid), "the worker is gone")
    sock.close()
    wait_until_up(served)
    answers = []
    poster = threading.Thread(target=lambda: answers.append(requests.post(
        f"{base}/api/v1/comments", json=comment("After."), timeout=10).status_code))
    poster.start()
    poster.join(timeout=15)
    assert answers == [201]
    assert_whole(app, ["Before.", "After."])
