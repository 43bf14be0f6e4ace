"""Standard Webhooks signatures: whsec_ secrets and the webhook-* headers."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
# The specification asks for 24 to 64 random bytes.
SECRET_BYTES = 32


def new_secret() -> str:
    """Return a fresh signing secret in the whsec_<base64> form."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def new_message_id() -> str:
    """Return a unique webhook-id, kept across a message's retries."""
    return f"msg_{uuid.uuid4().hex}"


def headers(secrets_: Iterable[str], msg_id: str, timestamp: datetime, body: str) -> dict:
    """Return the webhook-* headers, with one signature per live secret."""
    # Several space-separated signatures let receivers holding either the old or the
    # new secret verify during a rotation's grace period.
    signatures = " ".join(Webhook(s).sign(msg_id, timestamp, body) for s in secrets_)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signatures,
    }
