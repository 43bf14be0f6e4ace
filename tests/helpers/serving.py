"""Run real `margin serve` processes for tests, and give them their own databases."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import sqlalchemy as sa

from tests.helpers.waiting import wait_until

STARTUP_SECONDS = 30
STOP_SECONDS = 30


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running `margin serve`: its URL, process and combined output file."""

    base: str
    proc: subprocess.Popen
    log: Path

    def output(self) -> str:
        """Return everything the server printed so far."""
        return self.log.read_text(errors="replace")


def wait_until_up(server: Served, seconds: float = STARTUP_SECONDS) -> None:
    """Poll /healthz until it answers 200; fail if the process exits or time runs out."""
    def up() -> bool:
        if server.proc.poll() is not None:
            raise AssertionError(f"margin serve exited: {server.output()}")
        try:
            return requests.get(f"{server.base}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, "margin serve answers /healthz", seconds=seconds, every=0.2)
    except AssertionError as error:
        raise AssertionError(f"{error}: {server.output()}") from None


def server_env(instance: Path, settings: dict[str, str]) -> dict[str, str]:
    """Return an environment with only these MARGIN_* settings and this instance folder."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MARGIN_") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env["MARGIN_INSTANCE_PATH"] = str(instance)
    env.update({f"MARGIN_{k}": v for k, v in settings.items()})
    return env


@contextmanager
def serving(instance: Path, settings: dict[str, str] | None = None, *args: str):
    """Start `margin serve` with `args` on a free port, wait until healthy, stop it after."""
    with serving_many([(instance, settings or {}, args)]) as (server,):
        yield server


@contextmanager
def serving_many(specs):
    """Start several servers at once from (instance, settings, args); yield them healthy."""
    with ExitStack() as stack:
        servers = [stack.enter_context(_started(*spec)) for spec in specs]
        try:
            for server in servers:
                wait_until_up(server)
            yield servers
        finally:
            # Ask them all to stop at once; each then waits for its own (see _started).
            for server in servers:
                server.proc.terminate()


@contextmanager
def _started(instance: Path, settings: dict[str, str], args):
    instance.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = instance / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from service.cli import main; main()",
             "serve", "--port", str(port), *args],
            env=server_env(instance, settings), stdout=out, stderr=subprocess.STDOUT)
    server = Served(f"http://127.0.0.1:{port}", proc, log)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_SECONDS)


@contextmanager
def postgres_database(admin_url: str, name: str):
    """Create a PostgreSQL database for one test module; drop it (forcibly) after."""
    admin = sa.create_engine(sa.make_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
