"""Opaque page cursors: a versioned prefix and values, base64url without padding."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import TypeVar

from .error_shape import APIError
from .fields import MAX_ID

T = TypeVar("T")

# Cursors of pages ordered by id (comments, audit entries, webhook messages, attempts).
ID_PREFIX = "c1"


def encode(prefix: str, *values: object) -> str:
    """Return a cursor carrying these values under a prefix naming their kind."""
    raw = ":".join([prefix, *map(str, values)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, prefix: str, parse: Callable[[list[str]], T]) -> T:
    """Return parse(values) of a cursor with this prefix, or raise a 400."""
    # parse raises ValueError (or OverflowError, OSError from dates) on values it refuses.
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, *values = raw.split(":")
        if kind != prefix:
            raise ValueError(raw)
        return parse(values)
    except (ValueError, OverflowError, OSError, binascii.Error, UnicodeDecodeError):
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"cursor": ["Not a valid cursor."]}) from None


def encode_id(row_id: int) -> str:
    """Return an opaque cursor pointing after the row with this id."""
    return encode(ID_PREFIX, row_id)


def decode_id(cursor: str) -> int:
    """Return the row id inside a cursor, or raise a 400."""
    return decode(cursor, ID_PREFIX, _row_id)


def _row_id(values: list[str]) -> int:
    [value] = values
    row_id = int(value)
    if not 0 < row_id <= MAX_ID:
        raise ValueError(value)
    return row_id
