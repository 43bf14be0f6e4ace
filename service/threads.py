"""Threads: found by the key the embedding page chooses, created on first comment."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from .extensions import db
from .models import ModerationMode, Thread, utcnow

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


_table = Thread.__table__


@dataclass(frozen=True)
class Claimed:
    """What a submission's write transaction needs to know about its thread."""

    id: int
    closed: bool
    moderation: ModerationMode | None


# Built once on the table: every submission looks its thread up, and a Core statement
# skips the ORM's per-call work and identity map.
_FIND = sa.select(_table.c.id, _table.c.title, _table.c.url, _table.c.closed,
                  _table.c.moderation).where(_table.c.key == sa.bindparam("key"))
_FILL_IN = sa.update(_table).where(_table.c.id == sa.bindparam("thread_id"))


def claim(key: str, title: str | None = None, url: str | None = None) -> Claimed:
    """Return the thread with this key, creating it; fill in a missing title or URL."""
    connection = db.session.connection()
    row = connection.execute(_FIND, {"key": key}).first()
    if row is None:
        # Two first comments on a new article may race; the loser's insert does nothing.
        insert = _INSERTS[connection.dialect.name]
        connection.execute(
            insert(_table)
            .values(key=key, title=title, url=url, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["key"])
        )
        row = connection.execute(_FIND, {"key": key}).one()
    thread_id, known_title, known_url, closed, moderation = row
    missing = {}
    if title and not known_title:
        missing["title"] = title
    if url and not known_url:
        missing["url"] = url
    if missing:
        connection.execute(_FILL_IN.values(**missing), {"thread_id": thread_id})
    return Claimed(thread_id, bool(closed), moderation)


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
