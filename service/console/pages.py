"""The console's pages: sign-in, sign-out, setting a password, and the queue."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from ..accounts import accounts, passwords, sessions
from ..accounts.signin import Refusal, SignInRefused, authenticate
from ..error_shape import APIError
from ..moderation import statements
from ..moderation.actions import REASON_CODES
from ..moderation.queues import Queue
from . import auth, i18n
from .blueprint import bp, delete_cookie, set_cookie

# Longest email and password a form may send; longer ones are not tried at all.
EMAIL_FIELD_MAX = 320
CODE_FIELD_MAX = 16


def _safe_next(target: str | None) -> str:
    # Only back into the console: never to another site (an open redirect).
    if target and target.startswith("/console/") and not target.startswith("/console//"):
        return target
    return url_for("console.queue")


@bp.get("/signin")
def signin():
    """Show the sign-in form (or go straight in when already signed in)."""
    if auth.current_session() is not None:
        return redirect(_safe_next(request.args.get("next")))
    return render_template("console/signin.html", next=request.args.get("next", ""),
                           notice=request.args.get("done"))


@bp.post("/signin")
def signin_post():
    """Check the email, password and code; open a session or show why not."""
    form = request.form
    email = form.get("email", "").strip()[:EMAIL_FIELD_MAX]
    password = form.get("password", "")
    code = form.get("code", "").strip()[:CODE_FIELD_MAX] or None
    next_path = form.get("next", "")
    if not email or not password:
        return _signin_again(400, t_key="signin.missing", email=email, next_path=next_path)
    try:
        account = authenticate(email, password[:passwords.MAX_LENGTH + 1], code,
                               request.remote_addr)
    except SignInRefused as refused:
        status = {Refusal.WRONG: 401, Refusal.THROTTLED: 429,
                  Refusal.TOTP_REQUIRED: 403}[refused.reason]
        response = _signin_again(status, t_key=f"signin.{refused.reason.value}", email=email,
                                 next_path=next_path)
        if refused.retry_after:
            response[2]["Retry-After"] = str(refused.retry_after)
        return response
    started = sessions.start(account)
    response = redirect(_safe_next(next_path), 303)
    set_cookie(response, auth.SESSION_COOKIE, started.cookie)
    delete_cookie(response, auth.PRESESSION_COOKIE)
    return response


def _signin_again(status: int, *, t_key: str, email: str, next_path: str):
    page = render_template("console/signin.html", error=i18n.t(t_key), email=email,
                           next=next_path)
    return page, status, {}


@bp.post("/signout")
def signout():
    """End this browser's session and go back to the sign-in form."""
    sessions.end(request.cookies.get(auth.SESSION_COOKIE))
    response = redirect(url_for("console.signin", done="signout"), 303)
    delete_cookie(response, auth.SESSION_COOKIE)
    return response


@bp.get("/set-password/<secret>")
def set_password(secret: str):
    """Show the form that sets a new account's password, if the link is still good."""
    if accounts.for_setup_link(secret) is None:
        return auth.refusal_page(404, i18n.t("password.link_dead"))
    return render_template("console/set_password.html", secret=secret)


@bp.post("/set-password/<secret>")
def set_password_post(secret: str):
    """Set the password, end any sessions, and send the person to sign in."""
    account = accounts.for_setup_link(secret)
    if account is None:
        return auth.refusal_page(404, i18n.t("password.link_dead"))
    password = request.form.get("password", "")
    if password != request.form.get("repeat", ""):
        return render_template("console/set_password.html", secret=secret,
                               error=i18n.t("password.mismatch")), 400
    try:
        accounts.set_password(account, password)
    except APIError as e:
        reason = passwords.problem(password) or e.message
        return render_template("console/set_password.html", secret=secret,
                               error=reason), 400
    return redirect(url_for("console.signin", done="password"), 303)


@bp.get("/")
@auth.signed_in()
def queue():
    """Show the moderation queue; its script fills and refreshes it."""
    return render_template(
        "console/queue.html", queues=list(Queue), reason_codes=REASON_CODES,
        templates=statements.templates(),
        page_data={"poll_seconds": current_app.config["CONSOLE_POLL_SECONDS"],
                   "strings": i18n.strings(i18n.lang()),
                   "statements": statements.templates(),
                   "api": url_for("console.queue") + "api/"})
