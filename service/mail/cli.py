"""`margin mail test|log|digest`: try the mail settings, read the delivery log, send a digest."""

from __future__ import annotations

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import AppGroup

from .. import database
from ..extensions import db
from ..models import utcnow
from ..models.mail import MailAttempt, MailMessage, MailStatus
from ..schema import needs_database
from . import digest, kinds, outbox, settings
from .sender import Job
from .transport import Outcome

mail = AppGroup("mail", help="Email: send a test message, read the delivery log, send the "
                             "moderators' digest.")
CLI_WORKER = "cli"
LOG_DEFAULT = 20


@mail.command("test")
@click.argument("address")
@click.option("--locale", type=click.Choice(settings.LOCALES), default=None,
              help="Language of the message (default: MAIL_DEFAULT_LOCALE).")
@needs_database
def send_test(address: str, locale: str | None) -> None:
    """Send a test message to ADDRESS now, through MAIL_URL, and say how it went."""
    try:
        address = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as e:
        raise click.BadParameter(str(e), param_hint="ADDRESS") from None
    database.begin_write()
    message = outbox.enqueue(TEST.name, address, locale, {"sent_at": utcnow().isoformat()})
    message_id = message.id
    db.session.commit()
    job = Job(current_app._get_current_object())
    described = settings.transport(current_app.config["MAIL_URL"]).describe()
    if not job.claim(CLI_WORKER, only=message_id):
        raise click.ClickException(f"message {message_id} was taken by a worker first")
    result = job.process(CLI_WORKER, message_id)
    if result is not None and result.outcome is Outcome.SENT:
        click.echo(f"Sent message {message_id} to {address} via {described}.")
        return
    what = "given up" if result and result.outcome is Outcome.PERMANENT else \
        "kept for the workers to retry"
    raise click.ClickException(f"could not send via {described}: "
                               f"{result.error if result else 'not sent'} ({what})")


@mail.command("log")
@click.option("--limit", default=LOG_DEFAULT, show_default=True, type=click.IntRange(1, 1000))
@click.option("--status", type=click.Choice([s.value for s in MailStatus]), default=None)
@needs_database
def show_log(limit: int, status: str | None) -> None:
    """List the latest messages: when, kind, to whom, status, attempts, last error."""
    database.begin_read()
    query = sa.select(MailMessage).order_by(MailMessage.id.desc()).limit(limit)
    if status:
        query = query.where(MailMessage.status == MailStatus(status))
    rows = list(db.session.execute(query).scalars())
    if not rows:
        click.echo("No messages.")
        return
    counts = dict(db.session.execute(
        sa.select(MailAttempt.message_id, sa.func.count(MailAttempt.id))
        .where(MailAttempt.message_id.in_([r.id for r in rows]))
        .group_by(MailAttempt.message_id)).all())
    for row in rows:
        error = f"  {row.last_error}" if row.last_error and row.status is not \
            MailStatus.SENT else ""
        click.echo(f"{row.id:>6}  {row.created_at:%Y-%m-%d %H:%M}  {row.kind:<20} "
                   f"{row.to_address or '[erased]':<30} {row.status.value:<9} "
                   f"attempts: {counts.get(row.id, 0)}{error}")


@mail.command("digest")
@click.option("--force", is_flag=True,
              help="Send even if today's digest was already made.")
@needs_database
def send_digest(force: bool) -> None:
    """Queue today's digest of the moderation queue for MAIL_MODERATOR_ALERTS now."""
    config = current_app.config
    if not settings.recipients(config["MAIL_MODERATOR_ALERTS"]):
        raise click.ClickException("MAIL_MODERATOR_ALERTS is empty: nobody to send it to.")
    queued = digest.make(config, utcnow().date(), force=force)
    if queued is None:
        click.echo("Today's digest was made already (use --force to send another).")
    elif queued == 0:
        click.echo("The moderation queue is empty: no digest sent.")
    else:
        click.echo(f"Queued {queued} digest message(s); the workers send them.")


def prepare_test(context: dict, _message) -> dict:
    """Return the test message's variables."""
    return {**context, "transport": settings.transport(
        current_app.config["MAIL_URL"]).describe()}


TEST = kinds.register(kinds.Kind("test", "test", kinds.Unsubscribe.NONE, prepare_test))
