"""Accounts: create, find, list, disable, set a password, one-time links, two-factor."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from marshmallow import ValidationError

from ..error_shape import APIError
from ..extensions import db
from ..models import Account, ConsoleSession, Role, utcnow
from ..moderation import audit
from ..moderation.actor import Actor
from . import passwords, totp
from .schemas import account_in

# A set-password link works this long, once.
SETUP_LINK_LIFETIME = timedelta(hours=24)
SETUP_PATH = "/console/set-password/"


def actor_for(account: Account) -> Actor:
    """Return the actor a signed-in person stands for in decisions and the audit log."""
    # The address, not the display name: it is unique, so the audit log's actor filter
    # finds one person's decisions.
    return Actor(token_id=None, name=account.email, role=account.role, account_id=account.id)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _invalid(field: str, message: str) -> APIError:
    return APIError(400, "validation_failed", "The request has invalid fields.",
                    {field: [message]})


def create(email: str, role: Role | str, name: str | None = None, *,
           password: str | None = None,
           actor: Actor | None = None) -> tuple[Account, str | None]:
    """Create an account and commit; return it and its set-password secret (no password)."""
    try:
        data = account_in.load({"email": email, "role": str(role), "name": name})
    except ValidationError as e:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       e.messages) from None
    address = data["email"].lower()
    if password is not None and (reason := passwords.problem(password)):
        raise _invalid("password", reason)
    if db.session.execute(sa.select(Account.id).filter_by(email=address)).first():
        raise APIError(409, "conflict", "An account with this email address exists.",
                       {"email": ["Already in use."]})
    account = Account(email=address, name=data["name"] or address.partition("@")[0],
                      role=data["role"])
    secret = None
    if password is not None:
        account.password_hash = passwords.hash_password(password)
        account.password_changed_at = utcnow()
    else:
        secret = _new_setup_link(account)
    db.session.add(account)
    db.session.flush()
    audit.record(actor, "account.create", "account", account.id,
                 after={"role": account.role.value})
    db.session.commit()
    return account, secret


def _new_setup_link(account: Account) -> str:
    secret = secrets.token_urlsafe(32)
    account.setup_hash = _digest(secret)
    account.setup_expires_at = utcnow() + SETUP_LINK_LIFETIME
    return secret


def find(email: str) -> Account:
    """Return the account with this address, or raise a 404."""
    account = db.session.execute(
        sa.select(Account).filter_by(email=email.strip().lower())).scalar_one_or_none()
    if account is None:
        raise APIError(404, "not_found", "No such account.")
    return account


def list_all() -> list[Account]:
    """Return every account, live or disabled, oldest first."""
    return list(db.session.execute(sa.select(Account).order_by(Account.id)).scalars())


def end_sessions(account_id: int) -> int:
    """Delete every session of an account (inside the caller's transaction); return how many."""
    result = db.session.execute(sa.delete(ConsoleSession).where(
        ConsoleSession.account_id == account_id))
    return result.rowcount or 0


def disable(email: str, actor: Actor | None = None) -> tuple[Account, bool]:
    """Disable an account and end its sessions, then commit; return it and whether it was live."""
    account = find(email)
    changed = account.disabled_at is None
    if changed:
        account.disabled_at = utcnow()
        account.setup_hash = account.setup_expires_at = None
        end_sessions(account.id)
        audit.record(actor, "account.disable", "account", account.id)
    db.session.commit()
    return account, changed


def set_password(account: Account, password: str, actor: Actor | None = None) -> None:
    """Replace the password, end every session of the account, and commit."""
    if reason := passwords.problem(password):
        raise _invalid("password", reason)
    account.password_hash = passwords.hash_password(password)
    account.password_changed_at = utcnow()
    account.setup_hash = account.setup_expires_at = None
    end_sessions(account.id)
    audit.record(actor or actor_for(account), "account.password", "account", account.id)
    db.session.commit()


def reset_link(email: str, actor: Actor | None = None) -> tuple[Account, str]:
    """Give a live account a new one-time set-password link and commit; return its secret."""
    account = find(email)
    if account.disabled_at is not None:
        raise APIError(409, "conflict", "The account is disabled.")
    secret = _new_setup_link(account)
    audit.record(actor, "account.reset_link", "account", account.id)
    db.session.commit()
    return account, secret


def for_setup_link(secret: str) -> Account | None:
    """Return the live account whose unexpired set-password link this is, or None."""
    if not secret or len(secret) > 128:
        return None
    account = db.session.execute(
        sa.select(Account).filter_by(setup_hash=_digest(secret))).scalar_one_or_none()
    if (account is None or account.disabled_at is not None
            or account.setup_expires_at is None or account.setup_expires_at <= utcnow()):
        return None
    return account


def enable_totp(email: str, actor: Actor | None = None) -> tuple[Account, str]:
    """Give an account a new two-factor secret, end its sessions, commit; return the secret."""
    account = find(email)
    secret = totp.new_secret()
    account.totp_secret = secret
    end_sessions(account.id)
    audit.record(actor, "account.totp", "account", account.id, after={"totp": True})
    db.session.commit()
    return account, secret


def disable_totp(email: str, actor: Actor | None = None) -> Account:
    """Remove an account's two-factor secret and commit."""
    account = find(email)
    if account.totp_secret is not None:
        account.totp_secret = None
        audit.record(actor, "account.totp", "account", account.id, after={"totp": False})
    db.session.commit()
    return account


def find_live(email: str) -> Account | None:
    """Return the enabled account with this address, or None."""
    return db.session.execute(
        sa.select(Account).filter_by(email=email.strip().lower(), disabled_at=None)
    ).scalar_one_or_none()


def set_role(email: str, role: Role | str, actor: Actor | None = None) -> tuple[Account, bool]:
    """Give an account another role and commit; return it and whether the role changed."""
    account = find(email)
    try:
        new = Role(role)
    except ValueError:
        raise _invalid("role", "Not a known role.") from None
    changed = account.role is not new
    if changed:
        audit.record(actor, "account.role", "account", account.id,
                     before={"role": account.role.value}, after={"role": new.value})
        account.role = new
    db.session.commit()
    return account, changed
