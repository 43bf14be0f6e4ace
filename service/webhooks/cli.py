"""`margin worker`, and the delivery worker `margin serve` runs beside the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .worker import Worker

STOP_TIMEOUT_SECONDS = 30


def init_app(app: Flask) -> None:
    """Register the worker command."""
    app.cli.add_command(worker)


@click.command()
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option("--max-seconds", default=0.0, type=click.FloatRange(min=0),
              help="Exit after this many seconds (0: run until stopped).")
@click.option("--parent-pid", type=int, hidden=True)
@with_appcontext
def worker(once: bool, max_seconds: float, parent_pid: int | None) -> None:
    """Deliver webhooks until SIGTERM or SIGINT; several may run at once."""
    config = current_app.config
    request_seconds = (config["WEBHOOKS_CONNECT_TIMEOUT_SECONDS"]
                       + config["WEBHOOKS_READ_TIMEOUT_SECONDS"])
    if config["WEBHOOKS_LEASE_SECONDS"] <= request_seconds:
        raise click.UsageError(
            "WEBHOOKS_LEASE_SECONDS must exceed the connect and read timeouts together "
            f"({request_seconds:g} s), or a slow delivery could be sent twice at once.")
    runner = Worker(current_app._get_current_object())

    def stop(signum, _frame):
        # The message in flight is finished and recorded; the rest of the batch is
        # given back for other workers.
        runner.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"Webhook worker {runner.id} delivering.", err=True)
    runner.run(max_seconds=max_seconds, parent_pid=parent_pid, until_idle=once)


def start_beside(app: Flask) -> subprocess.Popen | None:
    """Start `margin worker` as a child process when the config asks for one."""
    if not app.config["WEBHOOKS_INPROCESS_WORKER"]:
        return None
    # The child runs this very code and instance, whatever the working directory holds.
    code_root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (code_root, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "MARGIN_INSTANCE_PATH": app.instance_path, "PYTHONPATH": path}
    return subprocess.Popen(
        [sys.executable, "-m", "service", "worker", "--parent-pid", str(os.getpid())],
        env=env)


def stop_beside(child: subprocess.Popen | None) -> None:
    """Stop the child worker: SIGTERM, then SIGKILL if it does not finish in time."""
    if child is None or child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(5)
