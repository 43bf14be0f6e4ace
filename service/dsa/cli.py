"""`margin dsa`: trusted flaggers, the statements export and the transparency report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from .. import database
from ..error_shape import APIError
from ..fields import Email
from ..moderation import flaggers, stats
from ..schema import needs_database
from . import export

dsa = AppGroup("dsa", help="EU Digital Services Act: flaggers, statements, transparency.")
flagger = AppGroup("flagger", help="Manage trusted flaggers (DSA Art. 22).")
dsa.add_command(flagger)

_DAY = timedelta(days=1)


def _day(value: datetime | None) -> datetime | None:
    # click's DateTime is naive: a day is taken in UTC.
    return None if value is None else datetime.combine(value.date(), time(), UTC)


def _period(since: datetime, until: datetime) -> tuple[datetime, datetime]:
    """Return [from, to + 1 day): both days included."""
    start, end = _day(since), _day(until) + _DAY
    if start >= end:
        raise click.BadParameter("must not be before --from", param_hint="--to")
    return start, end


_FROM = click.option("--from", "since", required=True, type=click.DateTime(["%Y-%m-%d"]),
                     help="First day, YYYY-MM-DD (UTC).")
_TO = click.option("--to", "until", required=True, type=click.DateTime(["%Y-%m-%d"]),
                   help="Last day, YYYY-MM-DD (UTC), included.")
_OUTPUT = click.option("--output", type=click.File("w", encoding="utf-8"), default="-",
                       help="Write to this file (default: standard output).")


@flagger.command("add")
@click.option("--name", required=True, help="The flagger's name, e.g. 'Hotline FR'.")
@click.option("--email", default=None, help="Its notices give this reporter address.")
@click.option("--token/--no-token", default=True, show_default=True,
              help="Issue a token it sends as flagger_token (printed once).")
@needs_database
def add_flagger(name: str, email: str | None, token: bool) -> None:
    """Register a trusted flagger; its notices come first after child safety."""
    try:
        email = Email().deserialize(email) if email is not None else None
    except ValidationError as e:
        raise click.BadParameter(" ".join(e.messages), param_hint="--email") from None
    database.begin_write()
    try:
        found, plaintext = flaggers.add(name, email, token=token)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Registered trusted flagger {found.id} ({found.name}).")
    if plaintext:
        click.echo("Give it this token; it cannot be shown again:")
        click.echo(plaintext)


@flagger.command("list")
@needs_database
def list_flaggers() -> None:
    """List trusted flaggers: id, name, known by address, by token, registered."""
    database.begin_read()
    rows = flaggers.list_all()
    if not rows:
        click.echo("No trusted flaggers. Register one with: margin dsa flagger add --name NAME")
        return
    click.echo("id\tname\taddress\ttoken\tregistered")
    for f in rows:
        click.echo("\t".join([str(f.id), f.name, "yes" if f.email else "no",
                              "yes" if f.token_hash else "no",
                              f.created_at.isoformat(timespec="seconds")]))


@flagger.command("remove")
@click.argument("id_or_name")
@needs_database
def remove_flagger(id_or_name: str) -> None:
    """Unregister a trusted flagger by id or name; its earlier notices stay marked."""
    database.begin_write()
    try:
        found = flaggers.remove(id_or_name)
    except APIError as e:
        raise click.ClickException(_describe(e)) from None
    click.echo(f"Removed trusted flagger {found.id} ({found.name}).")


@dsa.command("statements")
@_FROM
@_TO
@_OUTPUT
@needs_database
def statements(since: datetime, until: datetime, output) -> None:
    """Write the period's statements of reasons as JSON lines for the Transparency Database."""
    start, end = _period(since, until)
    database.begin_read()
    count = 0
    for line in export.statements(start, end):
        output.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    click.echo(f"{count} statements of reasons from {start:%Y-%m-%d} to "
               f"{end - _DAY:%Y-%m-%d}.", err=True)


@dsa.command("report")
@_FROM
@_TO
@click.option("--csv", "as_csv", is_flag=True, help="CSV (one figure a row), not JSON.")
@_OUTPUT
@needs_database
def report(since: datetime, until: datetime, as_csv: bool, output) -> None:
    """Write the transparency figures of a period: comments, decisions, notices, complaints."""
    start, end = _period(since, until)
    database.begin_read()
    figures = stats.period(start, end)
    output.write(stats.as_csv(figures) if as_csv else json.dumps(figures, indent=2) + "\n")


def _describe(e: APIError) -> str:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in e.fields.items())
    return f"{e.message} {details}".strip()
