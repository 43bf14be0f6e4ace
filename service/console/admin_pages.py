"""Admin pages: people's accounts, API tokens and statement-of-reasons templates."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from ..accounts import accounts
from ..error_shape import APIError
from ..models import Role
from ..moderation import statements, tokens
from ..moderation.actions import REASON_CODES
from ..moderation.schemas import token_in
from .auth import current_account, current_actor, signed_in
from .blueprint import bp
from .forms import problems, status_of
from .i18n import t

ACCOUNT_DONE = ("role", "disabled", "unchanged")
TOKEN_DONE = ("revoked", "unchanged")


def _accounts_page(status: int = 200, **extra):
    done = request.args.get("done")
    return render_template("console/admin_accounts.html", accounts=accounts.list_all(),
                           roles=list(Role), done=done if done in ACCOUNT_DONE else None,
                           **extra), status


@bp.get("/admin/accounts")
@signed_in(Role.ADMIN)
def admin_accounts():
    """List people's accounts with their roles, and the form that adds one."""
    return _accounts_page()


@bp.post("/admin/accounts")
@signed_in(Role.ADMIN)
def admin_account_add():
    """Add an account and show its one-time set-password link, once."""
    form = request.form
    try:
        account, secret = accounts.create(form.get("email", ""), form.get("role", ""),
                                          form.get("name", "").strip() or None,
                                          actor=current_actor())
    except APIError as e:
        return _accounts_page(status_of(e), errors=problems(e), form=form)
    link = url_for("console.set_password", secret=secret, _external=True)
    return _accounts_page(201, created=account, link=link)


def _own(email: str) -> bool:
    return email.strip().lower() == current_account().email


@bp.post("/admin/accounts/role")
@signed_in(Role.ADMIN)
def admin_account_role():
    """Give an account another role."""
    email = request.form.get("email", "")
    if _own(email):
        return _accounts_page(409, errors=[t("accounts.not_yourself")])
    try:
        _, changed = accounts.set_role(email, request.form.get("role", ""), current_actor())
    except APIError as e:
        return _accounts_page(status_of(e), errors=problems(e))
    return redirect(url_for("console.admin_accounts", done="role" if changed
                            else "unchanged"), 303)


@bp.post("/admin/accounts/disable")
@signed_in(Role.ADMIN)
def admin_account_disable():
    """Disable an account; its sessions end at once."""
    email = request.form.get("email", "")
    if _own(email):
        return _accounts_page(409, errors=[t("accounts.not_yourself")])
    try:
        _, changed = accounts.disable(email, current_actor())
    except APIError as e:
        return _accounts_page(status_of(e), errors=problems(e))
    return redirect(url_for("console.admin_accounts", done="disabled" if changed
                            else "unchanged"), 303)


@bp.post("/admin/accounts/link")
@signed_in(Role.ADMIN)
def admin_account_link():
    """Give an account a new one-time set-password link (a forgotten password)."""
    try:
        account, secret = accounts.reset_link(request.form.get("email", ""), current_actor())
    except APIError as e:
        return _accounts_page(status_of(e), errors=problems(e))
    link = url_for("console.set_password", secret=secret, _external=True)
    return _accounts_page(200, created=account, link=link, reset=True)


def _tokens_page(status: int = 200, **extra):
    done = request.args.get("done")
    return render_template("console/admin_tokens.html", tokens=tokens.list_all(),
                           roles=list(Role), done=done if done in TOKEN_DONE else None,
                           **extra), status


@bp.get("/admin/tokens")
@signed_in(Role.ADMIN)
def admin_tokens():
    """List API tokens, live and revoked, and the form that creates one."""
    return _tokens_page()


@bp.post("/admin/tokens")
@signed_in(Role.ADMIN)
def admin_token_create():
    """Create a token and show its secret, this once."""
    form = request.form
    try:
        data = token_in.load({"name": form.get("name", ""), "role": form.get("role", "")})
        token, secret = tokens.create(data["name"], data["role"], current_actor())
    except (APIError, ValidationError) as e:
        return _tokens_page(status_of(e), errors=problems(e), form=form)
    return _tokens_page(201, created=token, secret=secret)


@bp.post("/admin/tokens/<int:token_id>/revoke")
@signed_in(Role.ADMIN)
def admin_token_revoke(token_id: int):
    """Revoke a token; calls with it are refused from now on."""
    try:
        _, changed = tokens.revoke(token_id, current_actor())
    except APIError as e:
        return _tokens_page(status_of(e), errors=problems(e))
    return redirect(url_for("console.admin_tokens", done="revoked" if changed
                            else "unchanged"), 303)


@bp.get("/admin/statements")
@signed_in(Role.ADMIN)
def admin_statements():
    """Show the statement-of-reasons template of every reason code, editable."""
    return render_template("console/admin_statements.html", templates=statements.templates(),
                           defaults=statements.DEFAULTS, saved=request.args.get("saved"),
                           reason_codes=REASON_CODES)


@bp.post("/admin/statements/<code>")
@signed_in(Role.ADMIN)
def admin_statement_save(code: str):
    """Store the site's own template for one reason code."""
    text = request.form.get("text", "").strip()
    try:
        statements.save(code, text, current_actor())
    except APIError as e:
        return render_template("console/admin_statements.html",
                               templates={**statements.templates(), code: text}
                               if code in REASON_CODES else statements.templates(),
                               defaults=statements.DEFAULTS, errors=problems(e), failed=code,
                               reason_codes=REASON_CODES), status_of(e)
    return redirect(url_for("console.admin_statements", saved=code) + f"#statement-{code}",
                    303)
