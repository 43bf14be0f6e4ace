"""The margin command: Flask's commands, and `margin serve` as a real server."""

import gc

import pytest
import requests
from click.testing import CliRunner
from flask.cli import FlaskGroup

from tests.helpers.serving import serving


def test_routes_command_lists_the_api(app):
    cli = FlaskGroup(create_app=lambda: app)
    result = CliRunner().invoke(cli, ["routes"])
    assert result.exit_code == 0
    assert "/api/v1/comments" in result.output
    assert "/api/v1/counts" in result.output


def test_serve_help_names_its_options(runner):
    result = runner.invoke(args=["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output


def test_the_app_is_prepared_once_for_gunicorn_to_fork(app, api, monkeypatch):
    from service.extensions import db
    from service.server import prepared_for_fork
    from service.spam import model

    loads = []
    real_loads = model.Model.loads
    monkeypatch.setattr(model.Model, "loads", lambda blob: loads.append(1) or real_loads(blob))
    try:
        prepared_for_fork(app)
        frozen = gc.get_freeze_count()
        with app.app_context():
            pooled = db.engine.pool.checkedin()
    finally:
        gc.unfreeze()

    assert loads == [1]  # the spam model, loaded in the master before any worker exists
    assert pooled == 0  # no connection for the workers to inherit
    assert frozen > 0
    assert api.post_comment(body="Scored by the model the master loaded.").status_code == 201
    assert loads == [1]


@pytest.mark.multiprocess
def test_serve_migrates_and_round_trips_a_comment(tmp_path):
    with serving(tmp_path, {}, "--workers", "2") as server:
        base = server.base
        posted = requests.post(f"{base}/api/v1/comments", timeout=5, json={
            "thread": "/demo", "author": "Ann", "email": "ann@example.com",
            "body": "Round trip through gunicorn."})
        assert posted.status_code == 201
        listed = requests.get(f"{base}/api/v1/comments", params={"thread": "/demo"}, timeout=5)
        assert [c["id"] for c in listed.json()["items"]] == [posted.json()["id"]]
        assert requests.get(f"{base}/", timeout=5).status_code == 200
    assert f"Margin is serving on {base}/" in server.output()
    assert (tmp_path / "margin.sqlite3").exists()
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("overrides", "workers", "expected"), [
    ({}, 1, []),
    ({}, 2, ["memory:// rate limits"]),
    ({"DATABASE_URL": "postgresql+psycopg://margin@db.internal/margin"}, 1,
     ["memory:// rate limits", "secret key was generated"]),
    ({"DATABASE_URL": "postgresql+psycopg://margin@db.internal/margin",
      "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0",
      "SECRET_KEY": "one-value-for-every-host"}, 4, []),
    ({"MAIL_URL": "smtp://relay.internal:25"}, 1, ["links in emails start with http://"]),
    ({"MAIL_URL": "smtp://relay.internal:25", "PUBLIC_URL": "https://comments.example"}, 1,
     []),
])
def test_serve_warns_about_state_that_would_stay_per_process(tmp_path, overrides, workers,
                                                              expected):
    from service import create_app
    from service.cli import deployment_warnings

    app = create_app(overrides, instance_path=str(tmp_path))
    warnings = deployment_warnings(app, workers)
    assert len(warnings) == len(expected)
    for warning, phrase in zip(warnings, expected, strict=True):
        assert phrase in warning


@pytest.mark.parametrize("args", [["token", "list"], ["purge"]])
def test_commands_that_need_the_database_migrate_a_fresh_instance(tmp_path, args):
    from service import create_app
    from service.extensions import db

    app = create_app({"TESTING": True}, instance_path=str(tmp_path))
    try:
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert "alembic_version" in db.inspect(db.engine).get_table_names()
    finally:
        with app.app_context():
            db.engine.dispose()
