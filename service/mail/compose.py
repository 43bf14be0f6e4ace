"""Turn an outbox row into an email: templates in the reader's language, then headers."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import sqlalchemy as sa
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..extensions import db
from ..models import utcnow
from ..models.mail import MailAddress, MailMessage
from . import kinds, links, settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
# RFC 8058: the body a mail provider POSTs to the List-Unsubscribe link.
ONE_CLICK = "List-Unsubscribe=One-Click"
# Lines up to RFC 5322's limit: folded at 78, the long List-Unsubscribe URL would be
# split into encoded words that mail providers cannot read as a link.
POLICY = policy.SMTP.clone(max_line_length=998)


@functools.cache
def environment() -> Environment:
    """Return the Jinja environment of message and page templates (HTML autoescaped)."""
    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def build(message: MailMessage, config: Mapping) -> EmailMessage | None:
    """Render a message, or return None when its kind has nothing left to say."""
    kind = kinds.get(message.kind)
    variables = kind.prepare(dict(message.context or {}), message)
    if variables is None:
        return None
    locale = message.locale if message.locale in settings.LOCALES else settings.LOCALES[0]
    unsubscribe = every = None
    if kind.unsubscribe is not kinds.Unsubscribe.NONE:
        address_id = _address_id(message)
        thread_id = variables.get("thread_id") if kind.unsubscribe is kinds.Unsubscribe.THREAD \
            else None
        unsubscribe = links.unsubscribe_url(config, address_id, thread_id, locale)
        every = links.unsubscribe_url(config, address_id, None, locale)
    base = settings.public_url(config["PUBLIC_URL"])
    values = {**variables, "locale": locale, "site_url": base, "unsubscribe_url": unsubscribe,
              "unsubscribe_all_url": every}
    env = environment()
    text_module = env.get_template(f"{kind.template}.{locale}.txt").make_module(values)
    subject = " ".join(str(getattr(text_module, "subject", "")).split())
    html = env.get_template(f"{kind.template}.{locale}.html").render(
        {**values, "subject": subject})

    sender = settings.sender(config["MAIL_FROM"])
    email = EmailMessage(policy=POLICY)
    email["Subject"] = subject
    email["From"] = sender
    email["To"] = message.to_address
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(idstring=f"margin.{message.id}", domain=sender.domain)
    # RFC 3834: out-of-office robots must not answer.
    email["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        email["List-Unsubscribe"] = f"<{unsubscribe}>"
        email["List-Unsubscribe-Post"] = ONE_CLICK
    email.set_content(str(text_module))
    email.add_alternative(html, subtype="html")
    return email


def _address_id(message: MailMessage) -> int:
    """Return the id of the recipient's address row, adding an unconfirmed one if missing."""
    # Readers' messages always have one; a kind another package adds may write to an
    # address that never asked for anything, and its unsubscribe link needs a row.
    found = db.session.execute(sa.select(MailAddress.id).where(
        MailAddress.email_key == message.to_key)).scalar_one_or_none()
    if found is not None:
        return found
    address = MailAddress(email_key=message.to_key, email=message.to_address,
                          created_at=utcnow())
    db.session.add(address)
    db.session.flush()
    return address.id
