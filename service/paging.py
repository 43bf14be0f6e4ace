"""Pages of rows ordered by id, whose cursor carries the last id (see cursors.py)."""

from __future__ import annotations

import sqlalchemy as sa

from . import cursors
from .extensions import db


def by_id(query: sa.Select, id_column, *, limit: int, cursor: str | None,
          oldest_first: bool = False) -> tuple[list, str | None]:
    """Return a page of the query's rows, newest first unless asked, and the next cursor."""
    if cursor:
        after = cursors.decode_id(cursor)
        query = query.where(id_column > after if oldest_first else id_column < after)
    query = query.order_by(id_column if oldest_first else id_column.desc())
    # One row more than the page tells that a next page exists.
    rows = list(db.session.execute(query.limit(limit + 1)).scalars())
    if len(rows) > limit:
        return rows[:limit], cursors.encode_id(rows[limit - 1].id)
    return rows, None
