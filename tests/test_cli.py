"""The margin command: Flask's commands, and `margin serve` as a real server."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from click.testing import CliRunner
from flask.cli import FlaskGroup


def test_routes_command_lists_the_api(app):
    cli = FlaskGroup(create_app=lambda: app)
    result = CliRunner().invoke(cli, ["routes"])
    assert result.exit_code == 0
    assert "/api/v1/comments" in result.output
    assert "/api/v1/counts" in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"margin serve exited: {proc.stdout.read()}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError("margin serve did not come up")


def test_serve_help_names_its_options(runner):
    result = runner.invoke(args=["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output


@pytest.mark.multiprocess
def test_serve_migrates_and_round_trips_a_comment(tmp_path):
    port = free_port()
    env = {**os.environ, "MARGIN_INSTANCE_PATH": str(tmp_path)}
    env.pop("MARGIN_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from service.cli import main; main()",
         "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        posted = requests.post(f"{base}/api/v1/comments", timeout=5, json={
            "thread": "/demo", "author": "Ann", "email": "ann@example.com",
            "body": "Round trip through gunicorn."})
        assert posted.status_code == 201
        listed = requests.get(f"{base}/api/v1/comments", params={"thread": "/demo"}, timeout=5)
        assert [c["id"] for c in listed.json()["items"]] == [posted.json()["id"]]
        assert requests.get(f"{base}/", timeout=5).status_code == 200
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
    assert f"Margin is serving on {base}/" in output
    assert (tmp_path / "margin.sqlite3").exists()
    assert (tmp_path / "secret_key").exists()
