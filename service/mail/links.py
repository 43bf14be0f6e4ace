"""Signed links in messages: confirming an address, unsubscribing from a thread or from all.

A link names the address by its row's id, never by the address itself: signed is not
secret (the token is base64 anyone can read), and paths end up in access logs.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from . import settings

# Each kind of link signs with its own salt: an unsubscribe token never confirms.
CONFIRM_SALT = "margin.mail.confirm"
UNSUBSCRIBE_SALT = "margin.mail.unsubscribe"
# A confirmation is asked for on the spot; a week covers a reader away for a few days.
CONFIRM_MAX_AGE_SECONDS = 7 * 86_400
CONFIRM_PATH = "/mail/confirm"
UNSUBSCRIBE_PATH = "/mail/unsubscribe"


class LinkError(enum.StrEnum):
    """Why a link cannot be used."""

    FORGED = "forged"  # not signed by this site, or mangled
    EXPIRED = "expired"


class BadLink(Exception):
    """A link that cannot be used; .reason says why."""

    def __init__(self, reason: LinkError, locale: str | None = None):
        super().__init__(reason.value)
        self.reason = reason
        self.locale = locale


@dataclass(frozen=True)
class Confirm:
    """What a confirmation link carries."""

    address_id: int
    nonce: str
    locale: str


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link carries: a thread, or None for every message."""

    address_id: int
    thread_id: int | None
    locale: str


def _serializer(config: Mapping, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(config["SECRET_KEY"], salt=salt)


def confirm_url(config: Mapping, address_id: int, nonce: str, locale: str) -> str:
    """Return the signed link that confirms an address."""
    token = _serializer(config, CONFIRM_SALT).dumps({"a": address_id, "n": nonce, "l": locale})
    return f"{settings.public_url(config['PUBLIC_URL'])}{CONFIRM_PATH}/{quote(token)}"


def unsubscribe_url(config: Mapping, address_id: int, thread_id: int | None,
                    locale: str) -> str:
    """Return the signed link that unsubscribes from a thread (or from everything)."""
    token = _serializer(config, UNSUBSCRIBE_SALT).dumps(
        {"a": address_id, "t": thread_id, "l": locale})
    return f"{settings.public_url(config['PUBLIC_URL'])}{UNSUBSCRIBE_PATH}/{quote(token)}"


def read_confirm(config: Mapping, token: str) -> Confirm:
    """Return what a confirmation token says, or raise BadLink."""
    serializer = _serializer(config, CONFIRM_SALT)
    try:
        data = serializer.loads(token, max_age=CONFIRM_MAX_AGE_SECONDS)
        return Confirm(_id(data["a"]), str(data["n"]), _locale(data))
    except SignatureExpired as e:
        raise BadLink(LinkError.EXPIRED, _locale_of(serializer, e.payload)) from None
    except (BadSignature, KeyError, TypeError):
        raise BadLink(LinkError.FORGED) from None


def read_unsubscribe(config: Mapping, token: str) -> Unsubscribe:
    """Return what an unsubscribe token says, or raise BadLink; they never expire."""
    try:
        data = _serializer(config, UNSUBSCRIBE_SALT).loads(token)
        thread = data["t"]
        if thread is not None and (isinstance(thread, bool) or not isinstance(thread, int)):
            raise TypeError
        return Unsubscribe(_id(data["a"]), thread, _locale(data))
    except (BadSignature, KeyError, TypeError):
        raise BadLink(LinkError.FORGED) from None


def _id(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an id")
    return value


def _locale(data: dict) -> str:
    value = data.get("l")
    return value if value in settings.LOCALES else settings.LOCALES[0]


def _locale_of(serializer: URLSafeTimedSerializer, payload) -> str | None:
    # An expired token's payload is still signed, so its language can be trusted.
    try:
        data = serializer.load_payload(payload)
    except BadSignature:
        return None
    return _locale(data) if isinstance(data, dict) else None
