"""The application factory: configuration order, the secret, errors, health, SQLite."""

import pytest
import sqlalchemy as sa

from service import create_app
from service.extensions import db


def test_config_order_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'RATELIMIT_COMMENTS = "7/minute"\nBODY_MAX_LENGTH = 900\nPAGE_SIZE_MAX = 20\n')
    monkeypatch.setenv("MARGIN_RATELIMIT_COMMENTS", "9/minute;90/day")
    monkeypatch.setenv("MARGIN_TRUSTED_PROXIES", "2")
    monkeypatch.setenv("MARGIN_EMAIL_CHECK_DELIVERABILITY", "false")
    app = create_app({"PAGE_SIZE_MAX": 30}, instance_path=str(tmp_path))
    assert app.config["RATELIMIT_COMMENTS"] == "9/minute;90/day"  # environment wins
    assert app.config["BODY_MAX_LENGTH"] == 900  # instance file beats default
    assert app.config["TRUSTED_PROXIES"] == 2  # parsed as JSON
    assert app.config["EMAIL_CHECK_DELIVERABILITY"] is False
    assert app.config["BODY_MIN_LENGTH"] == 2  # default
    assert app.config["PAGE_SIZE_MAX"] == 30


def test_instance_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MARGIN_INSTANCE_PATH", str(tmp_path / "data"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "data")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("data/margin.sqlite3")


def test_secret_is_generated_once_and_kept(tmp_path):
    first = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app(instance_path=str(tmp_path)).config["SECRET_KEY"]
    assert len(first) >= 40
    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    other = create_app(instance_path=str(tmp_path / "elsewhere")).config["SECRET_KEY"]
    assert other != first


def test_configured_secret_is_used_and_nothing_written(tmp_path, monkeypatch):
    monkeypatch.setenv("MARGIN_SECRET_KEY", "shared-by-every-process")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "shared-by-every-process"
    assert not (tmp_path / "secret_key").exists()


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_check_fails_when_the_database_is_gone(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing-dir/x.sqlite3"},
                     instance_path=str(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("delete", "/api/v1/comments", 405, "method_not_allowed"),
        ("put", "/api/v1/counts", 405, "method_not_allowed"),
    ],
)
def test_http_errors_use_the_common_shape(client, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["fields"] == {}


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/no-such-folder/margin.sqlite3",
    "postgresql+psycopg://postgres@127.0.0.1:9/margin?connect_timeout=2",
])
def test_unreachable_database_is_a_503_with_retry_after(tmp_path, url):
    app = create_app({"DATABASE_URL": url.format(tmp=tmp_path)}, instance_path=str(tmp_path))
    client = app.test_client()
    for response in (
        client.post("/api/v1/comments", json={"thread": "/t", "author": "A",
                                              "email": "a@example.com", "body": "hello"}),
        client.get("/api/v1/comments?thread=/t"),
    ):
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert response.json["error"]["code"] == "service_unavailable"


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path):
    app = create_app(instance_path=str(tmp_path))
    with app.app_context():
        pragma = lambda name: db.session.execute(sa.text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == app.config["SQLITE_BUSY_TIMEOUT_MS"]


def test_front_page_is_served(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<html" in response.data
