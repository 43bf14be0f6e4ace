"""Mail test fixtures: a real SMTP server, an app sending to it, and the worker's job run."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from service.extensions import db
from service.mail import sender
from service.models.mail import MailMessage
from tests.helpers.smtp import SMTPServer

PUBLIC_URL = "https://comments.example.org"
LINK = re.compile(r"https://comments\.example\.org(/mail/(?:confirm|unsubscribe)/[\w.\-]+)")


@pytest.fixture
def smtp():
    """Yield a running SMTP server; stopped at the end."""
    server = SMTPServer().start()
    yield server
    server.stop()


def mail_config(server: SMTPServer, **overrides) -> dict:
    """Return settings that send to `server` with retries due at once."""
    return {"MAIL_URL": server.url(), "PUBLIC_URL": PUBLIC_URL,
            "MAIL_FROM": "Port Ellery Courier <comments@courier.example>",
            "MAIL_RETRY_BASE_SECONDS": 0, "MAIL_REPLY_THROTTLE_MINUTES": 30,
            "MAIL_DIGEST_HOUR": None, "MAIL_TIMEOUT_SECONDS": 5.0, **overrides}


@pytest.fixture
def mail_app(make_app, smtp):
    """Return an app sending through the test SMTP server."""
    return make_app(mail_config(smtp))


def deliver(app, worker: str = "test-worker", job: sender.Job | None = None) -> int:
    """Run the worker's mail job until nothing is due; return how many messages it claimed."""
    job = job or sender.Job(app)
    total = 0
    while claimed := job(worker):
        total += claimed
    return total


def messages(app) -> list[MailMessage]:
    """Return every outbox row, oldest first."""
    with app.app_context():
        rows = list(db.session.execute(sa.select(MailMessage).order_by(MailMessage.id))
                    .scalars())
        db.session.expunge_all()
        return rows


def text_of(message: EmailMessage) -> str:
    """Return the plain-text part of a received message."""
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    """Return the HTML part of a received message."""
    return message.get_body(("html",)).get_content()


def link_path(message: EmailMessage, kind: str = "confirm") -> str:
    """Return the path of the first confirm (or unsubscribe) link in a message's text."""
    return next(p for p in LINK.findall(text_of(message)) if p.startswith(f"/mail/{kind}/"))
