"""`margin user add|list|disable|reset|totp`: console accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .. import database
from ..config import DEFAULT_PUBLIC_URL
from ..error_shape import APIError
from ..models import Role
from ..schema import needs_database
from . import accounts, totp

user_cli = AppGroup("user", help="Manage the people who sign in to the console.")


def init_app(app: Flask) -> None:
    """Register the account commands."""
    app.cli.add_command(user_cli)


def _describe(e: APIError) -> str:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in e.fields.items())
    return f"{e.message} {details}".strip()


def _link(secret: str) -> str:
    base = (current_app.config["PUBLIC_URL"] or DEFAULT_PUBLIC_URL).rstrip("/")
    return f"{base}{accounts.SETUP_PATH}{secret}"


@user_cli.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="moderator: work the queues; admin: also manage accounts and tokens.")
@click.option("--name", default=None, help="Display name (default: the address's local part).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of printing a link.")
@needs_database
def add(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create an account; without --password-stdin print a one-time set-password link."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    database.begin_write()
    try:
        account, secret = accounts.create(email, Role(role), name, password=password)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Created {account.role.value} account {account.id} ({account.email}).")
    if secret:
        hours = int(accounts.SETUP_LINK_LIFETIME.total_seconds() // 3600)
        click.echo(f"Send this link to the person; it sets the password once, within "
                   f"{hours} hours:")
        click.echo(_link(secret))


@user_cli.command("list")
@needs_database
def list_accounts() -> None:
    """List every account: id, email, name, role, two-factor, created, disabled."""
    database.begin_read()
    rows = accounts.list_all()
    if not rows:
        click.echo("No accounts. Create one with: margin user add EMAIL --role admin")
        return
    click.echo("id\temail\tname\trole\ttwo-factor\tcreated\tdisabled")
    for a in rows:
        click.echo("\t".join([str(a.id), a.email, a.name, a.role.value,
                              "yes" if a.totp_secret else "no", _when(a.created_at),
                              _when(a.disabled_at)]))


@user_cli.command("disable")
@click.argument("email")
@needs_database
def disable(email: str) -> None:
    """Disable an account: its sessions end at once and it can no longer sign in."""
    database.begin_write()
    try:
        account, changed = accounts.disable(email)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"{'Disabled' if changed else 'Already disabled:'} account {account.id} "
               f"({account.email}).")


@user_cli.command("reset")
@click.argument("email")
@needs_database
def reset(email: str) -> None:
    """Print a new one-time set-password link for an account."""
    database.begin_write()
    try:
        account, secret = accounts.reset_link(email)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Set-password link for {account.email} (once, within 24 hours):")
    click.echo(_link(secret))


@user_cli.command("totp")
@click.argument("email")
@click.option("--off", is_flag=True, help="Remove two-factor sign-in instead.")
@needs_database
def two_factor(email: str, off: bool) -> None:
    """Set up two-factor codes for an account and print the authenticator URI."""
    database.begin_write()
    try:
        if off:
            account = accounts.disable_totp(email)
            click.echo(f"Two-factor sign-in removed for {account.email}.")
            return
        account, secret = accounts.enable_totp(email)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Two-factor sign-in set up for {account.email}; its sessions have ended. "
               "Add this to an authenticator app:")
    click.echo(totp.provisioning_uri(secret, account.email))


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else "-"
