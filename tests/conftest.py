"""Fixtures: an app on a real database per test, its client, CLI runner and API helper.

SQLite always; PostgreSQL too when MARGIN_TEST_DATABASE_URL points at a server (every
app-using test then runs once per backend). Each run creates its own databases and
drops them at the end, so runs never collide. Under CI=true a missing or unreachable
service is an error, never a skip.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from service import create_app
from service.extensions import db
from tests.helpers.app import API, migrated
from tests.helpers.env import IN_CI, PG_URL, REDIS_URL, RUN_ID

# Fixtures shared by the webhook and mail test modules: a recording receiver, a
# fast-timing app, a real SMTP server and an app sending to it.
pytest_plugins = ["tests.helpers.webhooks", "tests.helpers.mail"]


def pytest_configure(config):
    if IN_CI and not (PG_URL and REDIS_URL):
        raise pytest.UsageError(
            "CI=true needs MARGIN_TEST_DATABASE_URL and MARGIN_TEST_REDIS_URL (see .ci/run)"
        )


# Tests that drive a browser, start processes or run the benchmark are slow by their nature;
# the quick loop (pytest -m "not slow") leaves them out.
SLOW_BY_NATURE = ("browser", "multiprocess", "bench")


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(name) for name in SLOW_BY_NATURE):
            item.add_marker(pytest.mark.slow)


@dataclass
class Backend:
    """A test database: a migrated SQLite template file, or a PostgreSQL database."""

    name: str
    url: str | None = None
    template: Path | None = None


@pytest.fixture(scope="session", params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def backend(request, tmp_path_factory):
    """Yield a migrated database for this run, created and dropped around the session."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite-template")
        template = folder / "margin.sqlite3"
        migrated(f"sqlite:///{template}", folder)
        yield Backend("sqlite", template=template)
        return

    admin_url = sa.make_url(PG_URL)
    name = f"margin_test_{RUN_ID}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # unreachable server: an error here, never a skip
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        migrated(url, tmp_path_factory.mktemp("pg-instance"))
        yield Backend("postgresql", url=url)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def make_app(backend, tmp_path):
    """Return a factory of apps sharing this test's database, each with overrides."""
    if backend.name == "sqlite":
        shutil.copy(backend.template, tmp_path / "margin.sqlite3")
    made = []

    def factory(overrides: dict | None = None, instance: Path = tmp_path):
        config = {
            "TESTING": True,
            "DATABASE_URL": backend.url,  # None: the SQLite file in the instance folder
            "RATELIMIT_NAMESPACE": f"margin-test-{RUN_ID}",
            # Limits stay on (the limiter runs in every test) but high; the rate-limit
            # tests set their own.
            "RATELIMIT_COMMENTS": "10000/minute",
            # Scoring runs in every test, but outside the spam tests (which set their own
            # thresholds) only a certain bot is spam and nothing waits for moderation, so
            # test texts need not read like real comments.
            "SPAM_THRESHOLD_LOW": 1.0,
            "SPAM_THRESHOLD_HIGH": 1.0,
            # The same for abuse screening: every comment is scored, none is held, except
            # in the abuse tests (which set their own thresholds).
            "ABUSE_THRESHOLD": 2.0,
            "ABUSE_THRESHOLD_FR": 2.0,
            **(overrides or {}),
        }
        instance.mkdir(parents=True, exist_ok=True)
        if backend.name == "sqlite" and instance != tmp_path:
            config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'margin.sqlite3'}"
        app = create_app(config, instance_path=str(instance))
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    if backend.name == "postgresql":
        _truncate_all(backend.url)
    if REDIS_URL:
        forget_redis_keys()


def forget_redis_keys() -> None:
    """Delete this run's rate-limit counters from Redis, so each test starts clean."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*margin-test-{RUN_ID}*"):
        client.delete(key)
    client.close()


def _truncate_all(url: str) -> None:
    engine = sa.create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app(make_app):
    """Return the app under test, on a fresh database."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def api(app, client):
    return API(app, client)
