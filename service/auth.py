"""Bearer-token access control for the moderation API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, g, request

from . import tokens
from .errors import error_response
from .extensions import limiter, rate_limit_key
from .models import Role
from .tokens import Actor

__all__ = ["Actor", "Role", "current_actor", "require_role"]

# Failed attempts on every protected route count against one shared budget per client.
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
    # Counted only once the token has failed: a valid token is never refused, however
    # many bad ones its client (or a proxy it shares) sent.
    retry_after = limiter.count_hit(current_app.config["RATELIMIT_MODERATION"],
                                    rate_limit_key(), _FAILURE_SCOPE)
    if retry_after is not None:
        response = error_response(429, "rate_limited", "Too many failed authentications. "
                                  "Try again later.", retry_after=retry_after)
        response.headers["Retry-After"] = str(retry_after)
        abort(response)
    response = error_response(401, "unauthorized", message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="margin"'
    # abort() with a response skips the generic handlers, which would drop the header.
    abort(response)
