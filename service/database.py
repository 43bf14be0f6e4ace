"""Database engine set-up: the URL, pool options and SQLite's concurrency settings."""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import os
import sqlite3
import time
from pathlib import Path

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

from . import networks
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


def switch_to_writing() -> None:
    """End a read phase and go on to write: on SQLite in a new transaction, elsewhere in it."""
    # SQLite cannot turn a read transaction into a write one without risking a busy error,
    # so the reads end and a BEGIN IMMEDIATE follows. A server's row-level locking has no
    # such problem: ending the transaction would only cost a checkout and round trips.
    begin_write()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        # On the connection the session holds: ending the session's transaction would
        # return it to the pool only to check it out and begin again. Through
        # exec_driver_sql, so a busy database still fails as SQLAlchemy's error (a 503).
        connection.exec_driver_sql("ROLLBACK")
        _start_sqlite_transaction(connection)
    # Anything still loaded is read again, as after a rollback: it may have changed.
    db.session.expire_all()


def commit_keeping_loaded() -> None:
    """Commit, leaving loaded objects readable without reloading them."""
    session = db.session()
    session.expire_on_commit = False
    try:
        db.session.commit()
    finally:
        session.expire_on_commit = True


def _declare_intent_from_method() -> None:
    _write_intent.set(request.method not in _SAFE_METHODS)


def _engine_options(app: Flask, url: str) -> dict:
    if make_url(url).get_backend_name() == "sqlite":
        # A local file never drops a connection: a pre-ping would only add a query to
        # every request.
        return {"connect_args": {"timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000,
                                 "factory": TurnTakingConnection}}
    return {
        "pool_pre_ping": True,
        "pool_size": app.config["DB_POOL_SIZE"],
        "max_overflow": app.config["DB_MAX_OVERFLOW"],
        "pool_recycle": app.config["DB_POOL_RECYCLE_SECONDS"],
    }


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "do_connect")
    def private_file(_dialect, _record, cargs, _cparams):
        # SQLite creates a database as 0644 and gives its -wal and -shm files the
        # database's mode: made 0600 first (an empty file is an empty database), all
        # three stay readable by Margin's user alone.
        path = os.fsdecode(cargs[0]) if cargs else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            # It exists already, or cannot be made (a missing folder): SQLite says which.
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

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
        networks.register_sqlite(dbapi_conn)

    event.listen(engine, "begin", _start_sqlite_transaction)


def _start_sqlite_transaction(conn: Connection) -> None:
    """Begin the transaction the current intent asks for: BEGIN IMMEDIATE in turn, or BEGIN."""
    if _write_intent.get():
        dbapi_conn = conn.connection.dbapi_connection
        if isinstance(dbapi_conn, TurnTakingConnection):
            dbapi_conn.take_turn(dbapi_conn.busy_timeout_s)
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


class TurnTakingConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on a lock file, first come first in."""

    # SQLite's own busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries, so under load
    # a waiting writer sleeps through the moments the lock is free and the process that
    # just let go takes it again: a few writers starve while the others run. Margin's
    # writers first take an exclusive lock on a file beside the database, which a
    # waiting process gets within a fraction of a millisecond of its release. Other
    # programs (the sqlite3 shell, backups) still meet only SQLite's lock and busy timeout.

    POLL_FIRST_S = 0.00005
    POLL_MOST_S = 0.001

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        # sqlite3.connect's own default, unless the engine's connect_args set one.
        self.busy_timeout_s = float(kwargs.get("timeout", args[0] if args else 5.0))
        path = os.fsdecode(database)
        self._turn_fd = None
        self._turn_held = False
        if path != ":memory:" and not path.startswith("file:"):
            self._turn_fd = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def take_turn(self, timeout_s: float) -> None:
        """Wait for this process's turn to write; after the timeout, SQLite's lock decides."""
        if self._turn_fd is None or self._turn_held:
            return
        deadline = time.monotonic() + timeout_s
        delay = self.POLL_FIRST_S
        while True:
            try:
                fcntl.flock(self._turn_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._turn_held = True
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(delay)
                delay = min(delay * 2, self.POLL_MOST_S)

    def _end_turn(self) -> None:
        if self._turn_held:
            self._turn_held = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self) -> None:
        """Close the connection and its lock file."""
        try:
            super().close()
        finally:
            self._end_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None
