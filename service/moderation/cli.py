"""Moderation commands: `margin token create|list|revoke` and `margin purge`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .. import database
from ..error_shape import APIError
from ..models import Role
from ..schema import needs_database
from ..webhooks import retention
from . import personal_data, tokens

token_cli = AppGroup("token", help="Manage moderator and admin API tokens.")


def init_app(app: Flask) -> None:
    """Register the moderation commands."""
    app.cli.add_command(token_cli)
    app.cli.add_command(purge)


@token_cli.command("create")
@click.option("--name", required=True, help="Who or what uses the token, e.g. 'ann' or 'ci'.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="moderator: act on comments; admin: also manage tokens and settings.")
@needs_database
def create_token(name: str, role: str) -> None:
    """Create a token and print it once, on the last line; only its hash is kept."""
    database.begin_write()
    try:
        token, plaintext = tokens.create(name, Role(role))
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Created {token.role.value} token {token.id} ({token.name}). "
               "Store it now; it cannot be shown again:")
    click.echo(plaintext)


@token_cli.command("list")
@needs_database
def list_tokens() -> None:
    """List every token: id, name, role, prefix, created, last used, revoked."""
    database.begin_read()
    rows = tokens.list_all()
    if not rows:
        click.echo("No tokens. Create one with: margin token create --name NAME --role admin")
        return
    click.echo("id\tname\trole\tprefix\tcreated\tlast used\trevoked")
    for t in rows:
        click.echo("\t".join([str(t.id), t.name, t.role.value, t.prefix + "…",
                              _when(t.created_at), _when(t.last_used_at),
                              _when(t.revoked_at)]))


@token_cli.command("revoke")
@click.argument("id_or_name")
@needs_database
def revoke_token(id_or_name: str) -> None:
    """Revoke a token by id or name; it stops working at once."""
    database.begin_write()
    try:
        token, changed = tokens.revoke(id_or_name)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    state = "Revoked" if changed else "Already revoked:"
    click.echo(f"{state} token {token.id} ({token.name}).")


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


def _describe(e: APIError) -> str:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in e.fields.items())
    return f"{e.message} {details}".strip()


@click.command()
@click.option("--days", type=click.IntRange(0), default=None,
              help="Keep addresses this many days (default: IP_RETENTION_DAYS).")
@needs_database
def purge(days: int | None) -> None:
    """Erase old client addresses; delete webhook messages past WEBHOOKS_RETENTION_DAYS."""
    database.begin_write()
    days = current_app.config["IP_RETENTION_DAYS"] if days is None else days
    result = personal_data.purge_addresses(days)
    click.echo(f"Erased client addresses older than {days} days: "
               f"{result['comments']} comments, {result['reports']} reports, "
               f"{result['spam_filter_examples']} spam-filter examples.")
    webhook_days = current_app.config["WEBHOOKS_RETENTION_DAYS"]
    if webhook_days:
        pruned = retention.prune(webhook_days)
        click.echo(f"Deleted {pruned} webhook messages settled more than {webhook_days} "
                   "days ago, with their delivery attempts.")
