"""`margin worker`, and the delivery worker `margin serve` runs beside the server."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app

from ..schema import needs_database

log = logging.getLogger(__name__)

STOP_TIMEOUT_SECONDS = 30
# A dead worker child is replaced after 1 s, then 2, 4, ... at most a minute apart while
# it keeps dying; one that ran for a minute starts the backoff over.
RESTART_FIRST_DELAY_SECONDS = 1.0
RESTART_MAX_DELAY_SECONDS = 60.0
CHECK_SECONDS = 0.5


def init_app(app: Flask) -> None:
    """Register the worker command."""
    app.cli.add_command(worker)


@click.command()
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option("--max-seconds", default=0.0, type=click.FloatRange(min=0),
              help="Exit after this many seconds (0: run until stopped).")
@click.option("--parent-pid", type=int, hidden=True)
@needs_database
def worker(once: bool, max_seconds: float, parent_pid: int | None) -> None:
    """Deliver webhooks and email until SIGTERM or SIGINT; several may run at once."""
    config = current_app.config
    request_seconds = (config["WEBHOOKS_CONNECT_TIMEOUT_SECONDS"]
                       + config["WEBHOOKS_READ_TIMEOUT_SECONDS"])
    if config["WEBHOOKS_LEASE_SECONDS"] <= request_seconds:
        raise click.UsageError(
            "WEBHOOKS_LEASE_SECONDS must exceed the connect and read timeouts together "
            f"({request_seconds:g} s), or a slow delivery could be sent twice at once.")
    # Imported here: the worker loads an HTTP client that serving workers never use.
    from .worker import Worker

    runner = Worker(current_app._get_current_object())

    def stop(signum, _frame):
        # The message in flight is finished and recorded; the rest of the batch is
        # given back for other workers.
        runner.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"Webhook worker {runner.id} delivering.", err=True)
    runner.run(max_seconds=max_seconds, parent_pid=parent_pid, until_idle=once)


class Beside:
    """The worker child of `margin serve`, started again (with a backoff) whenever it dies."""

    def __init__(self, spawn: Callable[[], subprocess.Popen], *,
                 first_delay: float = RESTART_FIRST_DELAY_SECONDS,
                 max_delay: float = RESTART_MAX_DELAY_SECONDS,
                 check_every: float = CHECK_SECONDS):
        self.spawn = spawn
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.check_every = check_every
        self.child = spawn()
        self._stopping = threading.Event()
        # Held while a child is being started or stopped, so stop() never races a restart.
        self._lock = threading.Lock()
        self._watcher = threading.Thread(target=self._watch, name="webhook-worker-watch",
                                         daemon=True)
        self._watcher.start()

    @property
    def pid(self) -> int:
        """Return the current child's process id."""
        return self.child.pid

    def _watch(self) -> None:
        delay = self.first_delay
        started = time.monotonic()
        while not self._stopping.wait(self.check_every):
            # gunicorn's arbiter reaps every child of this process, ours included; then
            # poll() reports 0 however the worker ended, so any exit counts as a crash.
            code = self.child.poll()
            if code is None:
                continue
            if time.monotonic() - started >= self.max_delay:
                delay = self.first_delay  # it had run fine for a while: not a crash loop
            log.error("webhook worker process %d exited%s; starting another in %g s",
                      self.child.pid, _how(code), delay)
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                old = self.child.pid
                try:
                    self.child = self.spawn()
                except OSError:
                    log.exception("webhook worker process could not be started")
                    delay = min(delay * 2, self.max_delay)
                    continue
            log.warning("webhook worker process %d started in place of %d", self.child.pid, old)
            started = time.monotonic()
            delay = min(delay * 2, self.max_delay)

    def stop(self) -> None:
        """Stop watching, then stop the child: SIGTERM, then SIGKILL if it does not finish."""
        with self._lock:
            self._stopping.set()
        self._watcher.join(self.check_every + 5)
        child = self.child
        if child.poll() is not None:
            return
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)


def start_beside(app: Flask) -> Beside | None:
    """Start `margin worker` as a watched child process when the config asks for one."""
    if not app.config["WEBHOOKS_INPROCESS_WORKER"]:
        return None
    # The child runs this very code and instance, whatever the working directory holds.
    code_root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (code_root, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "MARGIN_INSTANCE_PATH": app.instance_path, "PYTHONPATH": path}
    command = [sys.executable, "-m", "service", "worker", "--parent-pid", str(os.getpid())]
    return Beside(lambda: subprocess.Popen(command, env=env))


def stop_beside(beside: Beside | None) -> None:
    """Stop the child worker and its watcher."""
    if beside is not None:
        beside.stop()


def _how(code: int) -> str:
    if code < 0:
        return f" ({signal.Signals(-code).name})"
    return f" (status {code})" if code else ""
