"""Bearer-token access control for the moderation API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, current_app, g, request

from . import tokens
from .errors import error_response
from .extensions import limiter
from .models import Role
from .tokens import Actor

__all__ = ["Actor", "Role", "current_actor", "limit_failed_attempts", "require_role"]

# Failed attempts from every protected blueprint count against one shared budget.
_FAILURE_SCOPE = "moderation-auth"


def require_role(role: Role) -> Callable:
    """Let the view run only for a live token whose role covers `role`; set g.actor."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            g.actor = _authorise(role)
            return view(*args, **kwargs)

        return guarded

    return decorator


def current_actor() -> Actor:
    """Return the actor require_role admitted for this request."""
    return g.actor


def limit_failed_attempts(bp: Blueprint) -> None:
    """Rate-limit the clients whose requests to this blueprint fail authentication."""
    limiter.shared_limit(
        lambda: current_app.config["RATELIMIT_MODERATION"],
        scope=_FAILURE_SCOPE,
        deduct_when=lambda response: response.status_code == 401,
    )(bp)


def _authorise(needed: Role) -> Actor:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials:
        _unauthorised("Send a moderator token as 'Authorization: Bearer TOKEN'.")
    token = tokens.authenticate(credentials)
    if token is None:
        _unauthorised("The token is unknown or revoked.")
    if not token.role.covers(needed):
        abort(error_response(403, "forbidden", f"This needs a token with the {needed.value} "
                                               "role."))
    return tokens.actor_for(token)


def _unauthorised(message: str) -> None:
    response = error_response(401, "unauthorized", message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="margin"'
    # abort() with a response skips the generic handlers, which would drop the header.
    abort(response)
