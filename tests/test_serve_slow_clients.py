"""Slow clients against a real `margin serve`: they cannot take every thread from others."""

from __future__ import annotations

import socket
import threading
from contextlib import ExitStack, contextmanager

import pytest
import requests

from tests.serving import serving

# Old defaults had 4 threads: three times that many slow clients.
SLOW_CLIENTS = 12
# Only keeps a broken server from hanging the run: the slow clients never finish, so a
# server whose threads they hold never answers at all, however long this is.
FAILSAFE_SECONDS = 60
HEAD = b"GET /healthz HTTP/1.1\r\nHost: margin.test\r\n"


@contextmanager
def slow_client(base: str, trickle: bool = False):
    """Send a request line and a header, then hold back the rest (or trickle it)."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=FAILSAFE_SECONDS)
    sock.sendall(HEAD)
    stop = threading.Event()
    closed = threading.Event()

    def dribble():
        # One more header line every so often, as the attack does, until the server hangs
        # up (a send fails) or the test ends.
        n = 0
        while not stop.wait(0.2):
            try:
                sock.sendall(b"X-Slow-%d: 1\r\n" % n)
            except OSError:
                closed.set()
                return
            n += 1

    thread = threading.Thread(target=dribble, daemon=True) if trickle else None
    if thread:
        thread.start()
    try:
        yield sock, closed
    finally:
        stop.set()
        if thread:
            thread.join()
        sock.close()


@pytest.mark.multiprocess
def test_a_handful_of_slow_clients_leave_the_server_answering(tmp_path):
    with serving(tmp_path) as server, ExitStack() as stack:
        for _ in range(SLOW_CLIENTS):
            stack.enter_context(slow_client(server.base))
        answer = requests.get(f"{server.base}/healthz", timeout=FAILSAFE_SECONDS)
    assert answer.status_code == 200
    assert "Server" not in answer.headers  # no "gunicorn" for scanners to look up


@pytest.mark.multiprocess
def test_a_client_trickling_its_headers_is_cut_off_and_its_thread_freed(tmp_path):
    # Two threads and three clients that send a header line five times a second: only
    # the deadline on a request's head gives a thread back.
    settings = {"SERVE_HEAD_TIMEOUT_SECONDS": "1"}
    with serving(tmp_path, settings, "--threads", "2", "--host", "0.0.0.0") as server, \
            ExitStack() as stack:
        slow = [stack.enter_context(slow_client(server.base, trickle=True)) for _ in range(3)]
        answer = requests.get(f"{server.base}/healthz", timeout=FAILSAFE_SECONDS)
        assert answer.status_code == 200
        for sock, _closed in slow:
            # The server shut the connection: reading finds its end, with no answer.
            assert sock.recv(1024) == b""
    assert "no request head within 1 s" in server.output()
    assert "warning: listening on 0.0.0.0" in server.output()


@pytest.mark.parametrize(("host", "warned"), [
    ("127.0.0.1", False), ("::1", False), ("[::1]", False), ("localhost", False),
    ("127.0.0.2", False), ("0.0.0.0", True), ("::", True), ("192.0.2.7", True),
    ("margin.internal", True),
])
def test_serve_warns_when_it_listens_beyond_this_machine(tmp_path, host, warned):
    from service import create_app
    from service.cli import deployment_warnings

    app = create_app({}, instance_path=str(tmp_path))
    warnings = deployment_warnings(app, 1, host)
    assert any("buffering reverse proxy" in w for w in warnings) is warned


@pytest.mark.parametrize(("host", "token", "warned"), [
    ("0.0.0.0", None, True), ("0.0.0.0", "scrape-token", False), ("127.0.0.1", None, False),
])
def test_serve_warns_about_open_metrics_beyond_this_machine(tmp_path, host, token, warned):
    from service import create_app
    from service.cli import deployment_warnings

    app = create_app({"METRICS_TOKEN": token}, instance_path=str(tmp_path))
    warnings = deployment_warnings(app, 1, host)
    assert any("MARGIN_METRICS_TOKEN" in w for w in warnings) is warned
