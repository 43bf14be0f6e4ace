"""Signing in: the password, the two-factor code, and a budget of failures."""

from __future__ import annotations

import enum

from flask import current_app

from ..extensions import client_key, limiter
from ..models import Account, Role
from . import passwords, totp
from .accounts import find_live

# Failed sign-ins count per client address and per account, each against its own budget.
_CLIENT_SCOPE = "console-signin"
_ACCOUNT_SCOPE = "console-signin-account"


class Refusal(enum.StrEnum):
    """Why a sign-in failed; the form shows each in the person's language."""

    WRONG = "wrong"  # unknown address, wrong password or code: never told apart
    THROTTLED = "throttled"
    TOTP_REQUIRED = "totp_required"  # an admin without two-factor where the site asks for it


class SignInRefused(Exception):
    """A sign-in that did not succeed, with why and, when throttled, how long to wait."""

    def __init__(self, reason: Refusal, retry_after: int | None = None):
        super().__init__(reason.value)
        self.reason = reason
        self.retry_after = retry_after


def _keys(email: str, client_address: str | None) -> list[tuple[str, str, str]]:
    config = current_app.config
    namespace = config["RATELIMIT_NAMESPACE"]
    return [(config["RATELIMIT_CONSOLE_SIGNIN"], client_key(namespace, client_address),
             _CLIENT_SCOPE),
            (config["RATELIMIT_CONSOLE_ACCOUNT"], f"{namespace}/account/{email}",
             _ACCOUNT_SCOPE)]


def authenticate(email: str, password: str, code: str | None,
                 client_address: str | None) -> Account:
    """Return the live account these credentials open, or raise SignInRefused."""
    email = email.strip().lower()
    keys = _keys(email, client_address)
    waits = [w for limits, key, scope in keys if (w := limiter.exhausted(limits, key, scope))]
    if waits:
        raise SignInRefused(Refusal.THROTTLED, max(waits))
    account = find_live(email)
    ok = passwords.verify(account.password_hash if account else None, password)
    if ok and account.totp_secret is not None:
        ok = bool(code) and totp.verify(account.totp_secret, code)
    if not ok:
        waits = [w for limits, key, scope in keys if (w := limiter.count_hit(limits, key, scope))]
        raise SignInRefused(Refusal.THROTTLED if waits else Refusal.WRONG,
                            max(waits) if waits else None)
    if (account.role is Role.ADMIN and account.totp_secret is None
            and current_app.config["CONSOLE_ADMIN_TOTP_REQUIRED"]):
        raise SignInRefused(Refusal.TOTP_REQUIRED)
    return account
