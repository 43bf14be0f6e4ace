"""The pages links in messages open: confirm an address, unsubscribe (RFC 8058 one-click).

A GET only shows a page with a button: mail scanners follow links, and must neither
confirm an address nor unsubscribe anyone. The POST does it; it needs no CSRF token (the
signed link is the permission, and RFC 8058 has mail providers POST without one).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from .. import database
from . import compose, links, settings
from .links import BadLink, LinkError
from .subscriptions import Outcome, confirm, unsubscribe

bp = Blueprint("mail", __name__)

_STATUS = {
    LinkError.FORGED: 400,
    LinkError.EXPIRED: 410,
    Outcome.ALREADY_CONFIRMED: 410,
    Outcome.REPLACED: 410,
    Outcome.NOTHING_TO_UNSUBSCRIBE: 410,
}


@bp.get(f"{links.CONFIRM_PATH}/<token>")
def confirm_form(token: str):
    """Show the button that confirms an address, or why the link cannot be used."""
    try:
        link = links.read_confirm(current_app.config, token)
    except BadLink as e:
        return _page(e.reason, e.locale)
    return _page("confirm_ask", link.locale, form=True)


@bp.post(f"{links.CONFIRM_PATH}/<token>")
def confirm_post(token: str):
    """Confirm an address."""
    database.begin_write()
    try:
        outcome, locale = confirm(current_app.config, token)
    except BadLink as e:
        return _page(e.reason, e.locale)
    return _page(outcome, locale)


@bp.get(f"{links.UNSUBSCRIBE_PATH}/<token>")
def unsubscribe_form(token: str):
    """Show the button that unsubscribes, or why the link cannot be used."""
    try:
        link = links.read_unsubscribe(current_app.config, token)
    except BadLink as e:
        return _page(e.reason, e.locale)
    return _page("unsubscribe_ask_thread" if link.thread_id is not None
                 else "unsubscribe_ask_all", link.locale, form=True)


@bp.post(f"{links.UNSUBSCRIBE_PATH}/<token>")
def unsubscribe_post(token: str):
    """Unsubscribe: the page's button, or a mail provider's one-click POST."""
    database.begin_write()
    try:
        outcome, link = unsubscribe(current_app.config, token)
    except BadLink as e:
        return _page(e.reason, e.locale)
    state = outcome.value
    if outcome is Outcome.UNSUBSCRIBED:
        state = "unsubscribed_thread" if link.thread_id is not None else "unsubscribed_all"
    return _page(state, link.locale, status=_STATUS.get(outcome, 200))


def _page(state, locale: str | None, *, form: bool = False, status: int | None = None):
    chosen = settings.locale(locale, current_app.config)
    html = compose.environment().get_template(f"page.{chosen}.html").render(
        state=str(state), form=form, action=request.path, locale=chosen)
    response = Response(html, status=status or _STATUS.get(state, 200), mimetype="text/html")
    # The token is in the path: no other site needs to learn it from a Referer.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
