"""The console's blueprint: its pages, data calls, files, and the headers they all carry."""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from . import auth, i18n
from .nav import visible_to

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static")

# Stricter than the site's pages: no frames at all, no inline anything, nothing foreign.
CONSOLE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@bp.before_request
def _session() -> None:
    # The console's own files are the same for everyone: no session lookup for them.
    if request.endpoint != "console.static":
        auth.load_session()


@bp.after_request
def _headers(response: Response) -> Response:
    # Moderators' pages and data name people and addresses: never cached, never framed.
    response.headers["Content-Security-Policy"] = CONSOLE_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    new_token = g.get("new_presession_csrf")
    if new_token:
        set_cookie(response, auth.PRESESSION_COOKIE, new_token, samesite="Strict")
    if request.args.get("lang") in i18n.LANGUAGES:
        set_cookie(response, i18n.COOKIE, request.args["lang"],
                   max_age=i18n.COOKIE_MAX_AGE)
    return response


def set_cookie(response: Response, name: str, value: str, *, max_age: int | None = None,
               samesite: str = "Lax") -> None:
    """Set a console cookie: HttpOnly, on /console/ only, Secure when the request is HTTPS."""
    response.set_cookie(name, value, max_age=max_age, path=auth.COOKIE_PATH, httponly=True,
                        samesite=samesite, secure=request.is_secure)


def delete_cookie(response: Response, name: str) -> None:
    """Remove a console cookie."""
    response.delete_cookie(name, path=auth.COOKIE_PATH, httponly=True, samesite="Lax",
                           secure=request.is_secure)


@bp.app_template_global("nav_items")
def nav_items():
    """Return the menu entries the signed-in person may open."""
    session = auth.current_session()
    return visible_to(session.account.role) if session else []


@bp.context_processor
def _globals() -> dict:
    return {"t": i18n.t, "lang": i18n.lang(), "languages": i18n.LANGUAGES,
            "csrf_token": auth.csrf_token, "csrf_field": auth.CSRF_FIELD,
            "account": auth.current_session().account if auth.current_session() else None}
