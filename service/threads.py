"""Threads: found by the key the embedding page chooses, created on first comment."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db
from .models import Thread, utcnow

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


# Built once: every submission looks its thread up.
_FIND = sa.select(Thread).where(Thread.key == sa.bindparam("key"))


def find(key: str) -> Thread | None:
    """Return the thread with this key, if it exists."""
    return db.session.execute(_FIND, {"key": key}).scalar_one_or_none()


def get_or_create(key: str, title: str | None = None, url: str | None = None) -> Thread:
    """Return the thread with this key, creating it; fill in a missing title or URL."""
    thread = find(key)
    if thread is None:
        # Two first comments on a new article may race; the loser's insert does nothing.
        insert = _INSERTS[db.engine.dialect.name]
        db.session.execute(
            insert(Thread)
            .values(key=key, title=title, url=url, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["key"])
        )
        thread = find(key)
    if title and not thread.title:
        thread.title = title
    if url and not thread.url:
        thread.url = url
    return thread


_table = Thread.__table__
# A Core statement on the table: no ORM session synchronisation to do, compiled once.
_BUMP = (
    sa.update(_table)
    .where(_table.c.id == sa.bindparam("thread_id"))
    .values(comment_count=_table.c.comment_count + sa.bindparam("delta"),
            version=_table.c.version + 1)
)


def bump(thread_id: int, count_delta: int = 0) -> None:
    """Record a change to a thread's public listing, adjusting its approved count."""
    # One UPDATE with column arithmetic: concurrent changes add up instead of
    # overwriting each other's counts.
    db.session.execute(_BUMP, {"thread_id": thread_id, "delta": count_delta})


# Built once on the table: a Core statement skips the ORM's per-call work, and the
# expanding parameter lets one cached compilation serve any number of keys.
_COUNTS = sa.select(_table.c.key, _table.c.comment_count).where(
    _table.c.key.in_(sa.bindparam("keys", expanding=True))
)


def counts(keys: list[str]) -> dict[str, int]:
    """Return the approved-comment count of each key (0 for unknown threads)."""
    # On the session's connection: same transaction, without the ORM's execute machinery.
    rows = db.session.connection().execute(_COUNTS, {"keys": keys}).all()
    found = dict(rows)
    return {key: found.get(key, 0) for key in keys}
