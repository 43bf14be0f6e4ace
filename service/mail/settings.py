"""The mail settings, read and checked once: a bad one is a ConfigError naming it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from ..config import DEFAULT_PUBLIC_URL, ConfigError

LOCALES = ("en", "fr")
SMTP_PORT = 25
SMTPS_PORT = 465
LAST_HOUR = 23


class Scheme(enum.StrEnum):
    """How messages leave Margin."""

    FILE = "file"
    SMTP = "smtp"
    SMTPS = "smtps"


class StartTLS(enum.StrEnum):
    """Whether a plain SMTP connection is upgraded to TLS."""

    AUTO = "auto"  # when the server offers it
    REQUIRE = "require"
    NEVER = "never"


@dataclass(frozen=True)
class Transport:
    """Where and how to send: parsed from MAIL_URL."""

    scheme: Scheme
    host: str = ""
    port: int = 0
    user: str | None = None
    password: str | None = None
    starttls: StartTLS = StartTLS.AUTO

    def describe(self) -> str:
        """Return the transport for logs and the CLI, without the password."""
        if self.scheme is Scheme.FILE:
            return "file"
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme.value}://{who}{self.host}:{self.port}"


def transport(url: str) -> Transport:
    """Parse MAIL_URL, or raise ConfigError saying what fits."""
    text = str(url or "").strip()
    if text == Scheme.FILE:
        return Transport(Scheme.FILE)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ConfigError(f"MAIL_URL: {_shown(text)} has an invalid port") from None
    if parts.scheme not in (Scheme.SMTP, Scheme.SMTPS) or not parts.hostname:
        raise ConfigError(f"MAIL_URL: {_shown(text)} is not \"file\", smtp://host:port or "
                          "smtps://host:port")
    options = parse_qs(parts.query)
    unknown = set(options) - {"starttls"}
    if unknown:
        raise ConfigError(f"MAIL_URL: unknown option {sorted(unknown)[0]!r} (only starttls)")
    mode = options.get("starttls", [StartTLS.AUTO.value])[-1]
    if mode not in set(StartTLS):
        raise ConfigError(f"MAIL_URL: starttls={mode!r}; use auto, require or never")
    scheme = Scheme(parts.scheme)
    default_port = SMTPS_PORT if scheme is Scheme.SMTPS else SMTP_PORT
    return Transport(scheme, parts.hostname, port or default_port,
                     unquote(parts.username) if parts.username else None,
                     unquote(parts.password) if parts.password else None,
                     StartTLS(mode))


def _shown(url: str) -> str:
    # The error is printed: never the password.
    parts = urlsplit(url)
    if parts.password:
        url = url.replace(f":{parts.password}@", ":***@", 1)
    return repr(url)


def sender(value: str) -> Address:
    """Parse MAIL_FROM into an address, or raise ConfigError."""
    name, address = parseaddr(str(value or ""))
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in address):
        raise ConfigError(f"MAIL_FROM: {value!r} is not an address (e.g. "
                          "\"Comments <comments@example.com>\")")
    return Address(display_name=name, username=local, domain=domain)


def recipients(value) -> list[str]:
    """Return MAIL_MODERATOR_ALERTS as a list of addresses, or raise ConfigError."""
    items = value.replace("\n", ",").split(",") if isinstance(value, str) else list(value or ())
    found = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        local, at, domain = text.rpartition("@")
        if not at or not local or "." not in domain or any(c.isspace() for c in text):
            raise ConfigError(f"MAIL_MODERATOR_ALERTS: {text!r} is not an email address")
        found.append(text)
    return found


def public_url(value: str | None) -> str:
    """Return PUBLIC_URL without its trailing slash, or raise ConfigError."""
    url = (value or DEFAULT_PUBLIC_URL).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(f"PUBLIC_URL: {value!r} is not an http(s) address such as "
                          "https://comments.example.com")
    return url


def locale(value: str | None, config: Mapping) -> str:
    """Return a supported locale for a language (the site's default otherwise)."""
    return value if value in LOCALES else config["MAIL_DEFAULT_LOCALE"]


def check(config: Mapping) -> None:
    """Raise ConfigError for the first mail setting that cannot be used."""
    transport(config["MAIL_URL"])
    sender(config["MAIL_FROM"])
    recipients(config["MAIL_MODERATOR_ALERTS"])
    public_url(config["PUBLIC_URL"])
    if config["MAIL_DEFAULT_LOCALE"] not in LOCALES:
        raise ConfigError(f"MAIL_DEFAULT_LOCALE: {config['MAIL_DEFAULT_LOCALE']!r}; use "
                          + " or ".join(LOCALES))
    hour = config["MAIL_DIGEST_HOUR"]
    if hour is not None and (isinstance(hour, bool) or not isinstance(hour, int)
                             or not 0 <= hour <= LAST_HOUR):
        raise ConfigError(f"MAIL_DIGEST_HOUR: {hour!r}; use an hour from 0 to 23 (UTC), "
                          "or null for no digest")
    for key in ("MAIL_REPLY_THROTTLE_MINUTES", "MAIL_MAX_ATTEMPTS", "MAIL_RETENTION_DAYS",
                "MAIL_TIMEOUT_SECONDS", "MAIL_RETRY_BASE_SECONDS", "MAIL_RETRY_MAX_SECONDS"):
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{key}: {value!r}; use a number, 0 or more")
