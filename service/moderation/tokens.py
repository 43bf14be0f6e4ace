"""Moderator tokens: create, authenticate, revoke and list; only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from ..error_shape import APIError
from ..extensions import db
from ..models import ModeratorToken, Role, utcnow
from . import audit
from .actor import Actor

log = logging.getLogger(__name__)

TOKEN_PREFIX = "mgn_"
PREFIX_SHOWN = 12
NAME_MAX_LENGTH = 100
# Recording every use would turn each read into a write; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)
# token_urlsafe(32) gives 43 characters; anything far longer is not one of ours.
_TOKEN_MAX_LENGTH = 128


def actor_for(token: ModeratorToken) -> Actor:
    """Return the actor a token stands for."""
    return Actor(token_id=token.id, name=token.name, role=token.role)


def hash_token(plaintext: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create(name: str, role: Role, actor: Actor | None = None) -> tuple[ModeratorToken, str]:
    """Create a token, commit, and return it with its plaintext (shown once, never stored)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"name": [f"Give a name of 1 to {NAME_MAX_LENGTH} characters."]})
    if db.session.execute(sa.select(ModeratorToken.id).filter_by(name=name)).first():
        raise APIError(409, "conflict", "A token with this name exists.",
                       {"name": ["Already in use."]})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ModeratorToken(name=name, role=role, token_hash=hash_token(plaintext),
                           prefix=plaintext[:PREFIX_SHOWN])
    db.session.add(token)
    db.session.flush()
    # actor None: the command line, run by whoever holds the server.
    audit.record(actor, "token.create", "token", token.id,
                 after={"name": token.name, "role": token.role.value})
    db.session.commit()
    return token, plaintext


def authenticate(plaintext: str) -> ModeratorToken | None:
    """Return the live token matching this plaintext, or None; note when it was used.

    Call it before the session's first query of the request (require_role does).
    """
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > _TOKEN_MAX_LENGTH:
        return None
    digest = hash_token(plaintext)
    table = ModeratorToken.__table__
    # Read and stamped on connections of their own, before the session begins: on SQLite
    # a write transaction of the session would hold the very lock the stamp waits for.
    with db.engine.connect() as conn:
        row = conn.execute(
            sa.select(table.c.id, table.c.token_hash, table.c.revoked_at, table.c.last_used_at)
            .where(table.c.token_hash == digest)
        ).first()
    # The lookup is by hash, so its timing reveals nothing about a real token; the
    # constant-time comparison keeps it that way should the lookup ever change.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.revoked_at is not None:
        return None
    _record_use(row.id, row.last_used_at)
    token = db.session.get(ModeratorToken, row.id)
    return token if token is not None and token.revoked_at is None else None


def _record_use(token_id: int, last_used_at) -> None:
    now = utcnow()
    if last_used_at is not None and now - last_used_at < LAST_USED_RESOLUTION:
        return
    # Its own short transaction: a GET's read transaction stays a read, and bookkeeping
    # that fails must not fail the request.
    table = ModeratorToken.__table__
    try:
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(table)
                .where(table.c.id == token_id,
                       sa.or_(table.c.last_used_at.is_(None),
                              table.c.last_used_at < now - LAST_USED_RESOLUTION))
                .values(last_used_at=now)
            )
    except SQLAlchemyError:
        log.warning("could not record the use of token %s", token_id, exc_info=True)


def find(id_or_name: int | str) -> ModeratorToken:
    """Return the token with this id or name, or raise a 404."""
    # An int is an id; a string is a name, or an id when it is all digits and no token
    # has that name.
    token = None
    if isinstance(id_or_name, str):
        token = db.session.execute(
            sa.select(ModeratorToken).filter_by(name=id_or_name)
        ).scalar_one_or_none()
    if token is None and str(id_or_name).isdigit():
        token = db.session.get(ModeratorToken, int(id_or_name))
    if token is None:
        raise APIError(404, "not_found", "No such token.")
    return token


def revoke(id_or_name: int | str,
           actor: Actor | None = None) -> tuple[ModeratorToken, bool]:
    """Revoke a token and commit; return it and whether it was live until now."""
    token = find(id_or_name)
    changed = token.revoked_at is None
    if changed:
        token.revoked_at = utcnow()
        audit.record(actor, "token.revoke", "token", token.id, after={"name": token.name})
    db.session.commit()
    return token, changed


def list_all() -> list[ModeratorToken]:
    """Return every token, live or revoked, oldest first."""
    return list(db.session.execute(sa.select(ModeratorToken).order_by(ModeratorToken.id))
                .scalars())
