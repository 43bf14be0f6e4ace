"""Trusted flaggers (DSA Art. 22): bodies whose notices are marked and handled first."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from ..error_shape import APIError
from ..extensions import db
from ..models import TrustedFlagger
from . import audit
from .actor import Actor
from .tokens import NAME_MAX_LENGTH, hash_token

# Told apart from moderator tokens at a glance.
FLAGGER_TOKEN_PREFIX = "mgf_"


def add(name: str, email: str | None, *, token: bool,
        actor: Actor | None = None) -> tuple[TrustedFlagger, str | None]:
    """Register a flagger by address, token or both, commit; return it and its token once."""
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"name": [f"Give a name of 1 to {NAME_MAX_LENGTH} characters."]})
    if not email and not token:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"email": ["Give an address, ask for a token, or both."]})
    email = email.lower() if email else None
    clash = db.session.execute(sa.select(TrustedFlagger.id).where(sa.or_(
        TrustedFlagger.name == name,
        TrustedFlagger.email == email if email else sa.false()))).first()
    if clash:
        raise APIError(409, "conflict", "A trusted flagger with this name or address exists.")
    plaintext = FLAGGER_TOKEN_PREFIX + secrets.token_urlsafe(32) if token else None
    flagger = TrustedFlagger(name=name, email=email,
                             token_hash=hash_token(plaintext) if plaintext else None)
    db.session.add(flagger)
    db.session.flush()
    # The address is personal data of a contact person: the log keeps the name only.
    audit.record(actor, "flagger.add", "flagger", flagger.id,
                 after={"name": name, "email": bool(email), "token": bool(token)})
    db.session.commit()
    return flagger, plaintext


def list_all() -> list[TrustedFlagger]:
    """Return every trusted flagger, by id."""
    return list(db.session.execute(sa.select(TrustedFlagger).order_by(TrustedFlagger.id))
                .scalars())


def remove(id_or_name: str, actor: Actor | None = None) -> TrustedFlagger:
    """Unregister a flagger by id or name and commit; its past notices stay marked."""
    query = sa.select(TrustedFlagger).where(TrustedFlagger.name == id_or_name)
    if id_or_name.isdigit():
        query = sa.select(TrustedFlagger).where(sa.or_(TrustedFlagger.id == int(id_or_name),
                                                       TrustedFlagger.name == id_or_name))
    flagger = db.session.execute(query.limit(1)).scalar_one_or_none()
    if flagger is None:
        raise APIError(404, "not_found", "No such trusted flagger.")
    audit.record(actor, "flagger.remove", "flagger", flagger.id, before={"name": flagger.name})
    db.session.delete(flagger)
    db.session.commit()
    return flagger


def find(token: str | None, email: str | None) -> TrustedFlagger | None:
    """Return the flagger a notice comes from: by its token, else by its address."""
    if token:
        found = db.session.execute(sa.select(TrustedFlagger).where(
            TrustedFlagger.token_hash == hash_token(token))).scalar_one_or_none()
        if found is None:
            # A wrong token is refused, not quietly taken as an ordinary notice.
            raise APIError(400, "validation_failed", "The request has invalid fields.",
                           {"flagger_token": ["Not a trusted flagger's token."]})
        return found
    if email:
        return db.session.execute(sa.select(TrustedFlagger).where(
            TrustedFlagger.email == email.lower())).scalar_one_or_none()
    return None
