"""Console sessions kept on the server: the cookie holds a secret, the table its hash.

Kept server-side so that signing out, a password change or a disabled account ends a
session at once, and so that idle expiry is decided here, not by the browser.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import Account, ConsoleSession, utcnow

log = logging.getLogger(__name__)

# Noting every request would turn each read into a write; the idle clock needs no more.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# token_urlsafe(32) gives 43 characters; anything far longer is not one of ours.
_COOKIE_MAX_LENGTH = 128


@dataclass(frozen=True)
class Started:
    """A new session: the cookie's secret (never stored) and the CSRF token."""

    cookie: str
    csrf_token: str
    session_id: int


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(account: Account) -> Started:
    """Open a session for an account that has just signed in, and commit."""
    cookie = secrets.token_urlsafe(32)
    row = ConsoleSession(account_id=account.id, token_hash=_digest(cookie),
                         csrf_token=secrets.token_urlsafe(32))
    db.session.add(row)
    db.session.commit()
    return Started(cookie, row.csrf_token, row.id)


def idle_limit() -> timedelta:
    """Return how long a session may go unused before it ends."""
    return timedelta(minutes=current_app.config["CONSOLE_IDLE_MINUTES"])


def lifetime() -> timedelta:
    """Return how long a session lasts however busy it is."""
    return timedelta(hours=current_app.config["CONSOLE_SESSION_HOURS"])


def current(cookie: str | None) -> ConsoleSession | None:
    """Return the live session this cookie belongs to, noting its use; None otherwise.

    Call it before the session's first query of the request, as tokens.authenticate.
    """
    if not cookie or len(cookie) > _COOKIE_MAX_LENGTH:
        return None
    table, accounts = ConsoleSession.__table__, Account.__table__
    # Read (and stamped) on connections of their own: on SQLite a read transaction of
    # the request could not then turn into the stamp's write.
    with db.engine.connect() as conn:
        row = conn.execute(
            sa.select(table.c.id, table.c.created_at, table.c.last_seen_at,
                      accounts.c.disabled_at)
            .join(accounts, accounts.c.id == table.c.account_id)
            .where(table.c.token_hash == _digest(cookie))
        ).first()
    if row is None:
        return None
    now = utcnow()
    if (row.disabled_at is not None or now - row.last_seen_at > idle_limit()
            or now - row.created_at > lifetime()):
        _delete(row.id)
        return None
    if now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        _stamp(row.id, now)
    return db.session.get(ConsoleSession, row.id)


def _stamp(session_id: int, now) -> None:
    table = ConsoleSession.__table__
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.update(table).where(table.c.id == session_id)
                         .values(last_seen_at=now))
    except SQLAlchemyError:
        # Bookkeeping that fails must not fail the request; the idle clock runs a bit early.
        log.warning("could not record the use of console session %s", session_id,
                    exc_info=True)


def _delete(session_id: int) -> None:
    table = ConsoleSession.__table__
    with db.engine.begin() as conn:
        conn.execute(sa.delete(table).where(table.c.id == session_id))


def end(cookie: str | None) -> bool:
    """End the session this cookie belongs to, and commit; tell whether there was one."""
    if not cookie or len(cookie) > _COOKIE_MAX_LENGTH:
        return False
    # In the request's own transaction: on SQLite a second writer would wait for it.
    result = db.session.execute(sa.delete(ConsoleSession).where(
        ConsoleSession.token_hash == _digest(cookie)))
    db.session.commit()
    return bool(result.rowcount)
