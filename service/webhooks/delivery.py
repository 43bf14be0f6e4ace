"""One delivery attempt: the HTTP request, and what its outcome does to the message."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests

from ..extensions import db
from ..models import (
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)
from ..moderation import audit
from . import retries, signing, transport, urls

USER_AGENT = "Margin-Webhooks/1"
ERROR_MAX = 500


@dataclass(frozen=True)
class Envelope:
    """Everything a send needs, copied out of the database before the request."""

    message_id: int
    endpoint_id: int
    url: str
    msg_id: str
    body: str
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """What came back: a status code, or an error when there was no answer."""

    status_code: int | None
    duration_ms: int
    error: str | None

    @property
    def ok(self) -> bool:
        """Tell whether the receiver took the message (any 2xx)."""
        return self.status_code is not None and 200 <= self.status_code < 300


def envelope(message: WebhookMessage, now: datetime) -> Envelope:
    """Copy what a send needs from a message and its endpoint."""
    endpoint = message.endpoint
    secrets_ = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and \
            endpoint.previous_secret_expires_at > now:
        secrets_.append(endpoint.previous_secret)
    return Envelope(message.id, endpoint.id, endpoint.url, message.msg_id, message.payload,
                    tuple(secrets_))


def new_session(*, allow_private: bool) -> requests.Session:
    """Return an HTTP session for one worker that connects only to checked addresses."""
    session = requests.Session()
    # Proxy variables would send requests to a host the URL check never saw.
    session.trust_env = False
    session.headers["User-Agent"] = USER_AGENT
    adapter = transport.CheckedAdapter(allow_private=allow_private)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def send(env: Envelope, config: Mapping, session: requests.Session) -> Result:
    """POST the signed message once, to an address checked as it connects; never raise."""
    started = time.monotonic()
    headers = {"Content-Type": "application/json",
               **signing.headers(env.secrets, env.msg_id, utcnow(), env.body)}
    timeout = (config["WEBHOOKS_CONNECT_TIMEOUT_SECONDS"], config["WEBHOOKS_READ_TIMEOUT_SECONDS"])
    try:
        # stream=True: the status line is all we need, the body is never read.
        with session.post(env.url, data=env.body.encode(), headers=headers, timeout=timeout,
                          allow_redirects=False, stream=True) as response:
            status = response.status_code
    except urls.UnsafeURL as e:
        # Resolved and checked again for each connection: a name can point elsewhere now
        # than when the endpoint was saved.
        return Result(None, _ms(started), f"refused: {e}"[:ERROR_MAX])
    except requests.Timeout as e:
        return Result(None, _ms(started), f"timeout: {e}"[:ERROR_MAX])
    except requests.RequestException as e:
        return Result(None, _ms(started), f"connection failed: {e}"[:ERROR_MAX])
    error = None
    if 300 <= status < 400:
        error = "redirects are not followed"
    elif not 200 <= status < 300:
        error = f"HTTP {status}"
    return Result(status, _ms(started), error)


def record(env: Envelope, result: Result, attempted_at: datetime, worker_id: str,
           config: Mapping) -> WebhookAttempt | None:
    """Log the attempt and settle or reschedule the message, inside the caller's transaction."""
    message = db.session.get(WebhookMessage, env.message_id)
    if message is None:  # the endpoint was deleted meanwhile
        return None
    endpoint = message.endpoint
    now = utcnow()
    attempt = WebhookAttempt(message_id=message.id, endpoint_id=endpoint.id,
                             attempted_at=attempted_at, status_code=result.status_code,
                             duration_ms=result.duration_ms, error=result.error,
                             worker=worker_id)
    db.session.add(attempt)
    # Only the lease holder moves the message on; a worker whose lease ran out (and was
    # taken over) just logs what it saw.
    owned = message.locked_by == worker_id and message.status is MessageStatus.PENDING
    if owned:
        message.locked_by = message.locked_until = None
        message.attempts += 1
    if result.ok:
        endpoint.failing_since = None
        if owned:
            message.status = MessageStatus.DELIVERED
            message.delivered_at = now
            message.last_error = None
        return attempt
    if endpoint.failing_since is None:
        endpoint.failing_since = attempted_at
    if owned:
        message.last_error = result.error
        if result.status_code == 410:
            # Kept pending: should an admin resume the endpoint, it is sent then.
            message.next_attempt_at = now
        elif message.attempts >= config["WEBHOOKS_MAX_ATTEMPTS"]:
            message.status = MessageStatus.FAILED
        else:
            message.next_attempt_at = now + timedelta(
                seconds=retries.delay(message.attempts, config))
            attempt.next_attempt_at = message.next_attempt_at
    if result.status_code == 410:
        disable(endpoint, "The receiver answered 410 Gone.")
    elif now - endpoint.failing_since >= timedelta(
            seconds=config["WEBHOOKS_DISABLE_AFTER_SECONDS"]):
        disable(endpoint, f"Every delivery failed since {endpoint.failing_since.isoformat()}.")
    return attempt


def disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Disable an endpoint and say so in the audit log, inside the caller's transaction."""
    if endpoint.status is EndpointStatus.DISABLED:
        return
    before = endpoint.status.value
    endpoint.status = EndpointStatus.DISABLED
    endpoint.disabled_reason = reason[:200]
    audit.record(audit.SYSTEM, "webhook.disable", "webhook", endpoint.id,
                 before={"status": before}, after={"status": endpoint.status.value},
                 reason_text=reason)


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
