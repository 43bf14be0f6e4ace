"""Database engine set-up: the URL, pool options and SQLite's concurrency settings."""

from __future__ import annotations

import contextvars
from pathlib import Path

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from .extensions import db

SQLITE_FILE = "margin.sqlite3"

# SQLite's deferred transactions fail at once (no busy wait) when a reader tries to
# become a writer after another write committed. Transactions that may write start
# with BEGIN IMMEDIATE and queue on the busy timeout instead; reads stay deferred so
# they never wait for writers (WAL lets them run side by side).
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "margin_write_intent", default=True
)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    """Configure SQLAlchemy for the app's database and bind db."""
    url = app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / SQLITE_FILE}"
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(app, url))
    db.init_app(app)
    if make_url(url).get_backend_name() == "sqlite":
        with app.app_context():
            _tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        app.before_request(_declare_intent_from_method)


def begin_write() -> None:
    """Declare that the transaction about to start will write (SQLite: BEGIN IMMEDIATE)."""
    _write_intent.set(True)


def begin_read() -> None:
    """Declare that the transaction about to start only reads."""
    _write_intent.set(False)


def _declare_intent_from_method() -> None:
    _write_intent.set(request.method not in _SAFE_METHODS)


def _engine_options(app: Flask, url: str) -> dict:
    if make_url(url).get_backend_name() == "sqlite":
        # A local file never drops a connection: a pre-ping would only add a query to
        # every request.
        return {"connect_args": {"timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000}}
    return {
        "pool_pre_ping": True,
        "pool_size": app.config["DB_POOL_SIZE"],
        "max_overflow": app.config["DB_MAX_OVERFLOW"],
        "pool_recycle": app.config["DB_POOL_RECYCLE_SECONDS"],
    }


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")
