"""Run the app under gunicorn from inside the `margin serve` command."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.http import wsgi
from gunicorn.workers.gthread import ThreadWorker

from . import create_app, spam
from .config import Defaults
from .extensions import db


class Server(BaseApplication):
    """A gunicorn application built once in the master and shared by its forked workers."""

    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = {**options, "preload_app": True}
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # Every response's "Server: gunicorn" told scanners what to try; the process is
        # Margin's own, so its responses are too.
        wsgi.Response = QuietResponse

    def load(self):
        return prepared_for_fork(self.app_factory())


def prepared_for_fork(app: Flask) -> Flask:
    """Load what every worker needs once, let go of what none may share, freeze the rest."""
    # Workers forked from this process share its memory until they write to it: the
    # imports, the app and the spam model (loaded here rather than on each worker's first
    # submission) then cost one copy instead of one per worker.
    with app.app_context():
        with spam.live_model().use():
            pass
        # Each worker opens its own connections; a socket shared over fork is corrupted
        # by the first two processes that use it at once.
        db.engine.dispose()
    # The collector would otherwise visit (and so copy into every worker) every object
    # made here; frozen, they are left alone.
    gc.collect()
    gc.freeze()
    return app


def preloaded_app() -> Flask:
    """Return the app as `margin serve` gives it to gunicorn (for `gunicorn --preload`)."""
    return prepared_for_fork(create_app())


class QuietResponse(wsgi.Response):
    """gunicorn's response without its Server header."""

    def default_headers(self):
        """Return the status line and default headers, leaving out Server."""
        return [h for h in super().default_headers() if not h.startswith("Server:")]


class Worker(ThreadWorker):
    """gunicorn's threaded worker, with a deadline for reading each request's head.

    A thread reads a request's line and headers with a blocking read: a client sending a
    byte now and then holds the thread as long as it likes, and the worker's own timeout
    never fires. Past the deadline the main loop shuts the socket, the read returns, and
    the thread is free again.
    """

    def init_process(self):
        """Read the deadline from the app's settings, then run."""
        # The app's setting; a WSGI callable that is no Flask app gets the default.
        config = getattr(self.app.wsgi(), "config", None) or Defaults.__dict__
        self.head_timeout = float(config["SERVE_HEAD_TIMEOUT_SECONDS"])
        self.reading: dict = {}
        self.reading_lock = threading.Lock()
        # Also under a plain `gunicorn --worker-class service.server.Worker`.
        wsgi.Response = QuietResponse
        super().init_process()

    def handle(self, conn):
        """Handle a connection's next request, watched until its head has arrived."""
        with self.reading_lock:
            self.reading[conn] = time.monotonic() + self.head_timeout
        try:
            return super().handle(conn)
        finally:
            with self.reading_lock:
                self.reading.pop(conn, None)

    def handle_request(self, req, conn):
        """Answer a request whose head has arrived: from here on the app's time counts."""
        with self.reading_lock:
            self.reading.pop(conn, None)
        return super().handle_request(req, conn)

    def murder_keepalived(self, force=False):
        """Close idle kept-alive connections and those whose head is overdue."""
        super().murder_keepalived(force)
        now = time.monotonic()
        with self.reading_lock:
            late = [conn for conn, deadline in self.reading.items() if deadline <= now]
            for conn in late:
                del self.reading[conn]
        for conn in late:
            self.log.info("Closed a connection: no request head within %g s.",
                          self.head_timeout)
            with contextlib.suppress(OSError):  # the client went away meanwhile
                conn.sock.shutdown(socket.SHUT_RDWR)
