"""Bring the database schema up to date, for `margin serve` and every command that needs it."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db

# Any fixed 64-bit number, the same in every Margin process: "margin" in ASCII.
MIGRATION_LOCK_KEY = 0x6D617267696E


def upgrade_once(directory: str | None = None) -> None:
    """Apply pending migrations; on PostgreSQL, one process at a time across all hosts."""
    # Imported here: Flask-Migrate brings Alembic, which serving workers never need.
    from flask_migrate import upgrade

    directory = directory or current_app.extensions["migrate"].directory
    if db.engine.dialect.name != "postgresql":
        # SQLite: the migration's BEGIN IMMEDIATE already makes a second process wait.
        upgrade(directory=directory)
        return
    # Hosts restarted together would otherwise run the same DDL at once and the losers
    # would crash; behind the lock they find nothing left to do.
    with db.engine.connect() as lock:
        lock.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            upgrade(directory=directory)
        finally:
            lock.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                         {"key": MIGRATION_LOCK_KEY})
            lock.commit()


def ensure_schema() -> None:
    """Apply pending migrations, or stop with a message that says what went wrong."""
    try:
        upgrade_once()
    except sa.exc.OperationalError as exc:
        # A database that cannot be reached or written is the user's to fix: say so plainly.
        reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
        raise click.ClickException(
            f"cannot bring the database up to date ({reason}); check DATABASE_URL, "
            "then run `margin db upgrade`") from None


def needs_database(command: Callable) -> Callable:
    """Run a command in the app context after applying any pending migrations."""

    @functools.wraps(command)
    @with_appcontext
    def wrapper(*args, **kwargs):
        ensure_schema()
        return command(*args, **kwargs)

    return wrapper
