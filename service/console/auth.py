"""Who is signed in to the console, what they may open, and the CSRF check.

Every console view says what it needs with `@signed_in(Role.MODERATOR)` (or ADMIN):
no session sends a page to the sign-in form (a /console/api/ call gets a 401), a role
that does not cover the one needed gets a 403. The view then finds the person in
`current_account()` and, for the domain functions, `current_actor()` (as the API's
`require_role` leaves it in g.actor).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps

from flask import abort, g, make_response, redirect, render_template, request, url_for

from ..accounts import accounts, sessions
from ..error_shape import error_response
from ..models import Account, ConsoleSession, Role
from ..moderation.actor import Actor
from .i18n import t

SESSION_COOKIE = "margin_console"
# Before sign-in there is no session to hold the CSRF token: the sign-in and
# set-password forms carry a copy of this cookie instead (double submit).
PRESESSION_COOKIE = "margin_console_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
COOKIE_PATH = "/console/"
API_PREFIX = "/console/api/"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def wants_json() -> bool:
    """Tell whether the request is one of the console's data calls (answered in JSON)."""
    return request.path.startswith(API_PREFIX)


def load_session() -> None:
    """Find the request's session (before any other query) and check its CSRF token."""
    g.console_session = sessions.current(request.cookies.get(SESSION_COOKIE))
    if request.method not in _SAFE_METHODS:
        given = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD) or ""
        if not given or not hmac.compare_digest(given, expected_csrf() or "\0"):
            refuse(403, "csrf_failed", t("error.csrf"))


def expected_csrf() -> str | None:
    """Return the CSRF token this request must carry: the session's, or the pre-session one."""
    session: ConsoleSession | None = g.get("console_session")
    if session is not None:
        return session.csrf_token
    return request.cookies.get(PRESESSION_COOKIE)


def csrf_token() -> str:
    """Return the CSRF token to put in this page's forms (made for the sign-in form)."""
    token = expected_csrf()
    if token is None:
        token = g.get("new_presession_csrf") or secrets.token_urlsafe(32)
        # Set on the response by remember_presession_csrf.
        g.new_presession_csrf = token
    return token


def current_session() -> ConsoleSession | None:
    """Return the request's live session, or None."""
    return g.get("console_session")


def current_account() -> Account:
    """Return the signed-in person (inside a @signed_in view)."""
    return g.console_session.account


def current_actor() -> Actor:
    """Return the actor the signed-in person stands for."""
    return g.actor


def signed_in(role: Role = Role.MODERATOR) -> Callable:
    """Let the view run only for a signed-in person whose role covers `role`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            session = current_session()
            if session is None:
                if wants_json():
                    refuse(401, "unauthorized", t("error.signed_out"))
                return redirect(url_for("console.signin", next=_next_path()))
            if not session.account.role.covers(role):
                refuse(403, "forbidden", t("error.role", role=t(f"role.{role.value}")))
            g.actor = accounts.actor_for(session.account)
            return view(*args, **kwargs)

        return guarded

    return decorator


def _next_path() -> str:
    path = request.full_path.rstrip("?")
    return path if path.startswith("/console/") else url_for("console.queue")


def refuse(status: int, code: str, message: str) -> None:
    """Stop the request: the one error shape for data calls, a page for people."""
    if wants_json():
        abort(error_response(status, code, message))
    abort(refusal_page(status, message))


def refusal_page(status: int, message: str):
    """Return the console's page explaining a refusal."""
    return make_response(render_template("console/refused.html", status=status,
                                         message=message), status)
