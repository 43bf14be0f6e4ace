"""Start gunicorn servers on 127.0.0.1 and measure their workers' memory."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 30
# Margin as `margin serve` gives it to gunicorn: built in the master, spam model loaded;
# without preloading, each worker builds its own.
MARGIN_APP = "service.server:preloaded_app()"
MARGIN_APP_PER_WORKER = "service:create_app()"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn master with sync workers, serving a WSGI app on 127.0.0.1."""

    def __init__(self, name: str, app: str, workers: int, env: dict, ready_path: str,
                 preload: bool = True):
        self.name = name
        self.app = app
        self.workers = workers
        self.env = env
        self.ready_path = ready_path
        self.preload = preload
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        """Start gunicorn and wait until every worker answers."""
        # The same settings for every app: sync workers, no access log, no control socket,
        # by default the app loaded once in the master and forked (as `margin serve` does).
        command = [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
                   "--threads", "1", "--worker-class", "sync", "--bind",
                   f"127.0.0.1:{self.port}", "--no-control-socket", "--log-level", "warning",
                   "--backlog", "2048", *(["--preload"] if self.preload else []), self.app]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **self.env})
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            if len(self.worker_pids()) == self.workers and self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start within {READY_SECONDS} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        try:
            return [p.pid for p in psutil.Process(self.process.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def worker_memory_mib(self, kind: str) -> float:
        """Return the workers' median memory of one kind (rss, uss or pss), in MiB."""
        # rss: resident; uss: only the worker's own; pss: its own plus its share of the
        # pages it shares with the master and the other workers.
        sizes = [getattr(psutil.Process(pid).memory_full_info(), kind) / 2**20
                 for pid in self.worker_pids()]
        return round(statistics.median(sizes), 1)

    def stop(self) -> None:
        """Stop gunicorn gracefully, then for good if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def reference(workers: int, database_url: str, preload: bool = True) -> Server:
    """Return the plain Flask-SQLAlchemy app's server (bench/plain.py), same settings."""
    from bench import plain

    return Server("plain", "bench.plain:create_app()", workers,
                  {plain.URL_VARIABLE: database_url}, plain.LIST_PATH, preload)


def pair(workers: int, margin_env: dict, preload: bool = True) -> tuple[Server, Server]:
    """Return the bare app's server and Margin's, under the same settings."""
    bare = Server("bare", "bench.bare:app", workers, {}, "/", preload)
    margin = Server("margin", MARGIN_APP if preload else MARGIN_APP_PER_WORKER, workers,
                    margin_env, "/healthz", preload)
    return bare, margin
