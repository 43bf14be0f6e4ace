"""Hand one message over: to an SMTP server (STARTTLS or TLS, authentication) or to a file."""

from __future__ import annotations

import enum
import functools
import logging
import smtplib
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from . import settings
from .settings import Scheme, StartTLS

log = logging.getLogger(__name__)
ERROR_MAX = 500
FILE_FOLDER = "mail"
# SMTP reply classes (RFC 5321 4.2.1): 4yz the server may take it later, 5yz never.
PERMANENT_CLASS = 5


class Outcome(enum.StrEnum):
    """How an attempt ended."""

    SENT = "sent"
    TEMPORARY = "temporary"  # tried again later
    PERMANENT = "permanent"  # given up


@dataclass(frozen=True)
class Result:
    """What an attempt came to: the outcome, the server's code if it gave one, the error."""

    outcome: Outcome
    code: int | None = None
    error: str | None = None
    duration_ms: int = 0


class _Temporary(Exception):
    """A condition that may pass (no STARTTLS offered when it is required)."""


def send(email: EmailMessage, to: str, config: Mapping, instance_path: str,
         name: str) -> Result:
    """Send one rendered message to one address; never raise."""
    started = time.monotonic()
    chosen = settings.transport(config["MAIL_URL"])
    try:
        if chosen.scheme is Scheme.FILE:
            path = _write(email, Path(instance_path) / FILE_FOLDER, name)
            log.info("mail to %s written to %s: %s", to, path, email["Subject"])
        else:
            _smtp(chosen, email, to, config)
    except smtplib.SMTPRecipientsRefused as e:
        code, text = next(iter(e.recipients.values()))
        return _refused(code, text, started)
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
        return _refused(e.smtp_code, e.smtp_error, started)
    except smtplib.SMTPResponseException as e:
        # Greeting, authentication or anything else about the session, not this message:
        # the message waits for the server or the settings to be put right.
        return _failed(Outcome.TEMPORARY, e.smtp_code, f"{e.smtp_code} {_text(e.smtp_error)}",
                       started)
    except (smtplib.SMTPException, _Temporary, OSError) as e:
        return _failed(Outcome.TEMPORARY, None, f"{type(e).__name__}: {e}", started)
    return Result(Outcome.SENT, None, None, _ms(started))


@functools.lru_cache(maxsize=4)
def tls_context(cafile: str | None) -> ssl.SSLContext:
    """Return the client TLS context for these authorities, made once per process."""
    # Loading the system's authorities takes a tenth of a second: once, not per message.
    return ssl.create_default_context(cafile=cafile)


def _smtp(chosen: settings.Transport, email: EmailMessage, to: str, config: Mapping) -> None:
    context = tls_context(config["MAIL_CA_FILE"])
    timeout = float(config["MAIL_TIMEOUT_SECONDS"])
    if chosen.scheme is Scheme.SMTPS:
        server = smtplib.SMTP_SSL(chosen.host, chosen.port, timeout=timeout, context=context)
    else:
        server = smtplib.SMTP(chosen.host, chosen.port, timeout=timeout)
    with server:
        server.ehlo()
        if chosen.scheme is Scheme.SMTP and chosen.starttls is not StartTLS.NEVER:
            if server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
            elif chosen.starttls is StartTLS.REQUIRE:
                raise _Temporary("the server does not offer STARTTLS (starttls=require)")
        if chosen.user:
            server.login(chosen.user, chosen.password or "")
        sender = settings.sender(config["MAIL_FROM"]).addr_spec
        server.send_message(email, from_addr=sender, to_addrs=[to])


def _write(email: EmailMessage, folder: Path, name: str) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{name}.eml"
    # Written aside and renamed: a reader of the folder never sees half a message.
    partial = path.with_suffix(".part")
    partial.write_bytes(email.as_bytes())
    partial.replace(path)
    return path


def _refused(code: int, text, started: float) -> Result:
    outcome = Outcome.PERMANENT if code // 100 == PERMANENT_CLASS else Outcome.TEMPORARY
    return _failed(outcome, code, f"{code} {_text(text)}", started)


def _failed(outcome: Outcome, code: int | None, error: str, started: float) -> Result:
    return Result(outcome, code, error[:ERROR_MAX], _ms(started))


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
