"""Database locked, unreachable or failing mid-transaction: 503, nothing half-written, and
the same app recovers once the database is back."""

import contextlib
import shutil
import sqlite3

import pytest
import sqlalchemy as sa

from service import events
from service.extensions import db
from service.models import Comment, Thread
from tests.helpers.app import API
from tests.helpers.outbox import queued_comment_ids, subscribe
from tests.helpers.tcp_proxy import TCPProxy

THREAD = "/faults/database"
LOCK_WAIT_MS = 300


def assert_unavailable(response):
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "service_unavailable"
    assert response.json["error"]["fields"] == {}
    assert int(response.headers["Retry-After"]) > 0


def assert_stored(api, bodies):
    """The database holds exactly these comments, the thread's count agrees, and the
    outbox holds one comment.created message for each of them and no other."""
    rows = api.rows()
    assert [r.body for r in rows] == bodies
    assert queued_comment_ids(api.app) == [r.id for r in rows]
    threads = api.rows(Thread)
    assert [(t.key, t.comment_count) for t in threads] == ([(THREAD, len(bodies))]
                                                          if bodies else [])


def post(api, body):
    return api.post_comment(thread=THREAD, body=body)


@contextlib.contextmanager
def database_locked(backend, app):
    """Hold every table's write lock from another connection."""
    if backend.name == "sqlite":
        path = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    engine = sa.create_engine(backend.url)
    with engine.connect() as other:
        other.execute(sa.text("LOCK TABLE threads, comments IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            other.rollback()
    engine.dispose()


@pytest.fixture
def lock_limited_app(backend, make_app):
    """An app that waits LOCK_WAIT_MS for a lock, then gives up."""
    if backend.name == "sqlite":
        return make_app({"SQLITE_BUSY_TIMEOUT_MS": LOCK_WAIT_MS})
    return make_app({"SQLALCHEMY_ENGINE_OPTIONS": {
        "pool_pre_ping": True,
        "connect_args": {"options": f"-c lock_timeout={LOCK_WAIT_MS}"},
    }})


def test_locked_database_answers_503_then_recovers(backend, lock_limited_app):
    app = lock_limited_app
    subscribe(app)
    api = API(app, app.test_client())
    assert post(api, "Before the lock.").status_code == 201
    with database_locked(backend, app):
        assert_unavailable(post(api, "While the lock is held."))
        listing = api.listing(THREAD)
        if backend.name == "sqlite":
            # WAL: readers never wait for the writer holding the lock.
            assert listing.status_code == 200
        else:
            assert_unavailable(listing)
    assert post(api, "After the lock.").status_code == 201
    assert_stored(api, ["Before the lock.", "After the lock."])


@pytest.fixture
def unreachable(backend, make_app, tmp_path):
    """Return (app, cut, restore): an app whose database can be taken away and brought back."""
    if backend.name == "sqlite":
        # A folder that is not there yet, like a volume not mounted: no file, no database.
        folder = tmp_path / "volume"
        app = make_app({"DATABASE_URL": f"sqlite:///{folder / 'margin.sqlite3'}"})

        def restore():
            folder.mkdir()
            shutil.copy(backend.template, folder / "margin.sqlite3")

        yield app, lambda: None, restore
        return
    url = sa.make_url(backend.url)
    proxy = TCPProxy(url.host or "127.0.0.1", url.port or 5432).start()
    proxied = url.set(host="127.0.0.1", port=proxy.port,
                      query={**url.query, "connect_timeout": "2"})
    app = make_app({"DATABASE_URL": proxied.render_as_string(hide_password=False)})
    try:
        yield app, proxy.stop, proxy.start
    finally:
        with app.app_context():
            db.engine.dispose()
        proxy.stop()


def test_unreachable_database_answers_503_then_recovers(backend, unreachable):
    app, cut, restore = unreachable
    client = app.test_client()
    api = API(app, client)
    before = []
    if backend.name == "postgresql":
        subscribe(app)
        assert post(api, "Before the outage.").status_code == 201
        before = ["Before the outage."]
    cut()
    assert_unavailable(post(api, "During the outage."))
    assert_unavailable(api.listing(THREAD))
    assert_unavailable(client.get(f"/api/v1/counts?thread={THREAD}"))
    assert client.get("/healthz").status_code == 503
    restore()
    assert client.get("/healthz").status_code == 200
    if backend.name == "sqlite":
        subscribe(app)
    assert post(api, "After the outage.").status_code == 201
    assert_stored(api, [*before, "After the outage."])


@pytest.fixture
def failing_commit(backend, app):
    """Make the database fail after a new comment's rows are written, before the commit."""
    admin = sa.create_engine(backend.url) if backend.name == "postgresql" else None

    def fail(comment, **kwargs):
        if admin is not None:
            # The server ends the connection mid-transaction, as a crash or restart would.
            pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
            with admin.connect() as conn:
                conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        else:
            # SQLite holds the write lock, so no outsider can break it: report what a disk
            # failure would.
            raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError(
                "disk I/O error"))

    events.comment_created.connect(fail)
    try:
        yield lambda: events.comment_created.disconnect(fail)
    finally:
        events.comment_created.disconnect(fail)
        if admin is not None:
            admin.dispose()


def test_failure_between_write_and_commit_leaves_nothing(app, api, failing_commit):
    subscribe(app)
    assert_unavailable(post(api, "Lost with the connection."))
    assert_stored(api, [])
    # Rows flushed before the failure (thread, comment, count, outbox message) all went
    # with the rollback.
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Comment.id))).scalar() == 0


def test_app_recovers_after_a_failed_commit(app, api, failing_commit):
    subscribe(app)
    assert_unavailable(post(api, "Lost with the connection."))
    failing_commit()  # the database is healthy again
    assert post(api, "Written once the database is back.").status_code == 201
    assert_stored(api, ["Written once the database is back."])
