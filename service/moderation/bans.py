"""Bans on an email address, a client address or network, or a website's domain.

A submission that matches a live ban is kept as spam; the sender is told nothing.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa

from .. import clients
from ..error_shape import APIError
from ..extensions import db
from ..models import Ban, BanKind, email_key, utcnow
from ..spam import Reason, Score
from ..submissions import ClientInfo, Submission
from . import audit
from .actor import Actor

BAN_REASON = Reason("banned", "matches a moderator's ban", 1.0)
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def normalise(kind: BanKind, value: str) -> str:
    """Return the stored form of a ban's value, or raise a 400."""
    value = value.strip()
    try:
        if kind is BanKind.EMAIL:
            local, at, domain = value.rpartition("@")
            if not (at and local and _DOMAIN.match(domain.lower())):
                raise ValueError(value)
            return email_key(value)
        if kind is BanKind.IP:
            # 203.0.113.7 bans one address, 203.0.113.0/24 a network. One IPv6 address
            # bans its /64: its owner can take any other address in it at will.
            if "/" in value:
                return str(ipaddress.ip_network(value, strict=False))
            address = clients.canonical(value)
            if address is None:
                raise ValueError(value)
            return str(clients.ban_network(ipaddress.ip_address(address)))
        domain = value.lower().removeprefix("*.").rstrip(".")
        if not _DOMAIN.match(domain):
            raise ValueError(value)
        return domain
    except ValueError:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"value": [f"Not a valid {kind.value} ban."]}) from None


def create(kind: BanKind, value: str, actor: Actor, *, expires_at: datetime | None = None,
           note: str | None = None) -> Ban:
    """Add a ban and commit."""
    if expires_at is not None and expires_at <= utcnow():
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"expires_at": ["Must be in the future."]})
    ban = Ban(kind=kind, value=normalise(kind, value), expires_at=expires_at, note=note,
              token_id=actor.token_id, actor=actor.name)
    db.session.add(ban)
    db.session.flush()
    audit.record(actor, "ban.create", "ban", ban.id, after=_summary(ban))
    db.session.commit()
    return ban


def delete(ban_id: int, actor: Actor) -> None:
    """Lift a ban and commit."""
    ban = db.session.get(Ban, ban_id)
    if ban is None:
        raise APIError(404, "not_found", "No such ban.")
    audit.record(actor, "ban.delete", "ban", ban.id, before=_summary(ban))
    db.session.delete(ban)
    db.session.commit()


def _summary(ban: Ban) -> dict:
    # The banned value itself stays in the bans table, out of the append-only log, so
    # erasing an address never has to rewrite history.
    return {"kind": ban.kind.value,
            "expires_at": ban.expires_at.isoformat() if ban.expires_at else None}


def list_bans(*, include_expired: bool = False) -> list[Ban]:
    """Return bans, newest first; live ones only unless asked."""
    query = sa.select(Ban).order_by(Ban.id.desc())
    if not include_expired:
        query = query.where(_live())
    return list(db.session.execute(query).scalars())


def _live():
    return sa.or_(Ban.expires_at.is_(None), Ban.expires_at > utcnow())


_bans = Ban.__table__
# A website's host and its parent domains, each a parameter of its own: an "expanding"
# IN list would have SQLAlchemy rewrite the statement's text on every submission. Hosts
# with more labels than this take the expanding form.
_DOMAIN_SLOTS = 8


def _candidates(domains) -> sa.Select:
    """Return the live bans that exact email and domain matches or any IP ban could hit."""
    # Networks cannot be matched by equality; the live IP bans are few enough to walk.
    return (
        sa.select(_bans.c.id, _bans.c.kind, _bans.c.value)
        .where(
            sa.or_(_bans.c.expires_at.is_(None),
                   _bans.c.expires_at > sa.bindparam("now", type_=_bans.c.expires_at.type)),
            sa.or_(
                sa.and_(_bans.c.kind == BanKind.EMAIL, _bans.c.value == sa.bindparam("email")),
                sa.and_(_bans.c.kind == BanKind.DOMAIN, _bans.c.value.in_(domains)),
                _bans.c.kind == BanKind.IP,
            ),
        )
        .order_by(_bans.c.id)
    )


# Built once: every submission runs one of them.
_SLOTS = [f"domain{n}" for n in range(_DOMAIN_SLOTS)]
_CANDIDATES = _candidates([sa.bindparam(name, type_=_bans.c.value.type) for name in _SLOTS])
_CANDIDATES_LONG_HOST = _candidates(sa.bindparam("domains", expanding=True))


def matching(email: str, website: str | None, ip: str | None) -> Ban | None:
    """Return a live ban matching these details, if any."""
    domains = []
    host = _host(website)
    if host:
        # A ban on example.com also covers www.example.com.
        parts = host.split(".")
        domains = [".".join(parts[i:]) for i in range(len(parts) - 1)]
    params = {"now": utcnow(), "email": email_key(email)}
    if len(domains) <= _DOMAIN_SLOTS:
        # Unused slots are NULL, which equals nothing.
        statement = _CANDIDATES
        params.update(zip(_SLOTS, domains + [None] * (_DOMAIN_SLOTS - len(domains)),
                          strict=True))
    else:
        statement, params["domains"] = _CANDIDATES_LONG_HOST, domains
    rows = db.session.connection().execute(statement, params).all()
    exact = next((row.id for row in rows if row.kind is not BanKind.IP), None)
    found = exact if exact is not None else _matching_network(ip, rows)
    return db.session.get(Ban, found) if found is not None else None


def affecting(email: str, website: str | None, ip: str | None) -> list[Ban]:
    """Return every live ban these details match (an author panel shows them all)."""
    host = _host(website)
    parts = host.split(".") if host else []
    domains = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        address = None
    found = []
    for ban in list_bans():
        if ban.kind is BanKind.EMAIL:
            hit = ban.value == email_key(email)
        elif ban.kind is BanKind.DOMAIN:
            hit = ban.value in domains
        else:
            network = ipaddress.ip_network(ban.value)
            hit = address is not None and address.version == network.version \
                and address in network
        if hit:
            found.append(ban)
    return found


def _matching_network(ip: str | None, rows) -> int | None:
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    for row in rows:
        if row.kind is BanKind.IP:
            network = ipaddress.ip_network(row.value)
            if address.version == network.version and address in network:
                return row.id
    return None


def _host(website: str | None) -> str | None:
    if not website:
        return None
    try:
        host = urlsplit(website).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def screen(sub: Submission, client: ClientInfo, score: Score) -> Score:
    """Return the score, raised to certain spam when the submission matches a ban."""
    if matching(sub.email, sub.website, client.ip) is None:
        return score
    return Score(1.0, (*score.reasons, BAN_REASON))
