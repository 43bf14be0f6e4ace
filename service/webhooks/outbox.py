"""The transactional outbox: domain events become webhook messages in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Comment,
    CommentStatus,
    EndpointStatus,
    Report,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)
from . import signing

EVENT_TYPES = (
    "comment.created", "comment.approved", "comment.rejected", "comment.spam",
    "comment.deleted", "comment.reported",
)
TEST_EVENT = "webhook.test"
_STATUS_EVENTS = {
    CommentStatus.APPROVED: "comment.approved",
    CommentStatus.REJECTED: "comment.rejected",
    CommentStatus.SPAM: "comment.spam",
    CommentStatus.DELETED: "comment.deleted",
}
# Fields only endpoints set to include personal data receive.
_PERSONAL = ("email", "ip", "user_agent")
# What an erase takes from a comment (besides the spam and abuse reasons, and the text
# when the comments are removed); stored messages lose it too.
_ERASED = ("author", "website", *_PERSONAL)
_REDACT_CHUNK = 500
# Spam reasons that tell something about the person: their address's or email's record
# with moderators, a listed word found in their email, address or browser. Endpoints
# without personal data get them withheld (the weight stays, so the score still adds up).
_PERSONAL_REASONS = frozenset({"reputation_email", "reputation_ip"})
_WORD_REASONS = frozenset({"moderation_word", "blocked_word"})
# How service/spam/rules.py names the fields it found a word in.
_PERSONAL_FIELDS = ("the email ", "the address ", "the browser ")
WITHHELD_REASON = {"code": "personal_data",
                   "message": "a reason concerning the author's personal data (withheld)"}


def on_created(comment: Comment, **_: object) -> None:
    enqueue("comment.created", comment)


def on_status_changed(comment: Comment, *, old: CommentStatus, new: CommentStatus,
                       actor: str | None = None, reason_code: str | None = None,
                       reason_text: str | None = None, **_: object) -> None:
    # A comment going back to pending (hidden by reports, restored) has no event of its own;
    # the report that hid it is announced as comment.reported.
    event_type = _STATUS_EVENTS.get(new)
    if event_type:
        enqueue(event_type, comment, change={
            "previous_status": old.value, "actor": actor, "reason_code": reason_code,
            "reason_text": reason_text})


def on_reported(comment: Comment, *, report: Report, hidden: bool, **_: object) -> None:
    enqueue("comment.reported", comment, change={
        "report": {"id": report.id, "category": report.category.value, "text": report.text,
                   "priority": report.priority,
                   "created_at": _iso(report.created_at or utcnow())},
        "hidden": hidden})


def on_personal_data_erased(_sender, *, mode: str, comment_ids: Sequence[int],
                             **_: object) -> None:
    redact(comment_ids, removed=mode == "remove")


def on_client_addresses_purged(_sender, *, before, **_: object) -> None:
    forget_addresses(before)


# A payload names an address as "ip":"..." (compact JSON; a quote inside a string value
# is escaped, so the text cannot occur there); a forgotten one reads "ip":null.
_NAMES_ADDRESS = '%"ip":"%'


def forget_addresses(before) -> int:
    """Drop client addresses from stored messages about comments made before a moment."""
    old = sa.select(Comment.id).where(Comment.created_at < before)
    rows = db.session.execute(
        sa.select(WebhookMessage).where(WebhookMessage.comment_id.in_(old),
                                        WebhookMessage.payload.like(_NAMES_ADDRESS))
    ).scalars()
    rewritten = 0
    for row in list(rows):
        body = json.loads(row.payload)
        shown = body.get("data", {}).get("comment", {})
        if shown.get("ip") is not None:
            shown["ip"] = None
            row.payload = _serialise(body)
            rewritten += 1
    return rewritten


_SUBSCRIBED = sa.select(
    WebhookEndpoint.id, WebhookEndpoint.events, WebhookEndpoint.include_personal_data,
).where(WebhookEndpoint.status != EndpointStatus.DISABLED)


def enqueue(event_type: str, comment: Comment, change: dict | None = None) -> int:
    """Add a message for every endpoint subscribed to this event; return how many."""
    # Columns, not entities: every comment runs this, most sites with no endpoint at all.
    endpoints = db.session.connection().execute(_SUBSCRIBED).all()
    now = utcnow()
    added = 0
    for endpoint in endpoints:
        if event_type not in endpoint.events:
            continue
        data = {"comment": comment_data(comment, endpoint.include_personal_data),
                **(change or {})}
        db.session.add(message(endpoint, event_type, data, now, comment_id=comment.id))
        added += 1
    return added


def message(endpoint: WebhookEndpoint, event_type: str, data: dict, now, *,
            comment_id: int | None = None) -> WebhookMessage:
    """Return a new pending message for one endpoint, its body serialised once."""
    body = _serialise({"type": event_type, "timestamp": _iso(now), "data": data})
    return WebhookMessage(endpoint_id=endpoint.id, msg_id=signing.new_message_id(),
                          event_type=event_type, comment_id=comment_id, payload=body,
                          next_attempt_at=now, created_at=now)


def redact(comment_ids: Sequence[int], *, removed: bool) -> int:
    """Rewrite stored messages about these erased comments as the comments now read."""
    rewritten = 0
    # Chunks keep the IN list within every backend's limit on bound parameters.
    for start in range(0, len(comment_ids), _REDACT_CHUNK):
        chunk = comment_ids[start:start + _REDACT_CHUNK]
        # Messages of every status: a pending one goes out with the new body (it is signed
        # at sending), a delivered or failed one would be sent again by a replay.
        rows = db.session.execute(
            sa.select(WebhookMessage).where(WebhookMessage.comment_id.in_(chunk))).scalars()
        for row in list(rows):
            body = json.loads(row.payload)
            _redact_data(body["data"], db.session.get(Comment, row.comment_id), removed)
            row.payload = _serialise(body)
            rewritten += 1
    return rewritten


def _redact_data(data: dict, comment: Comment, removed: bool) -> None:
    # The body keeps the event's moment (status, text as it was then); only what the
    # erase took from the comment itself is taken from the copy too.
    shown = data["comment"]
    for key in _ERASED:
        if key in shown:
            shown[key] = getattr(comment, key)
    shown["spam"]["reasons"] = list(comment.spam_reasons or [])
    if "abuse" in shown:  # messages stored before payloads carried the abuse screening
        shown["abuse"]["reasons"] = list(comment.abuse_reasons or [])
    if removed:
        shown["body"], shown["html"] = comment.body, comment.html
        if "report" in data:
            data["report"]["text"] = None


def _serialise(envelope: dict) -> str:
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)


def comment_data(comment: Comment, personal: bool) -> dict:
    """Return the comment as moderators see it; personal data only when asked for."""
    thread = comment.thread
    data = {
        "id": comment.id,
        "thread": {"id": thread.id, "key": thread.key, "title": thread.title,
                   "url": thread.url},
        "parent": comment.parent_id,
        "depth": comment.depth,
        "status": comment.status.value,
        "author": comment.author,
        "website": comment.website,
        "body": comment.body,
        "html": comment.html,
        "created_at": _iso(comment.created_at),
        "edited_at": _iso(comment.edited_at) if comment.edited_at else None,
        "spam": {"score": comment.spam_score,
                 "reasons": _reasons(comment.spam_reasons or [], personal)},
        # As moderators see it; held: the reason code the screener held it under, or None.
        "abuse": {"score": comment.abuse_score, "reasons": list(comment.abuse_reasons or []),
                  "held": comment.abuse_hold},
    }
    if personal:
        data.update({key: getattr(comment, key) for key in _PERSONAL})
    return data


def _reasons(reasons: list[dict], personal: bool) -> list[dict]:
    if personal:
        return list(reasons)
    return [{**WITHHELD_REASON, "weight": r.get("weight")} if _about_person(r) else r
            for r in reasons]


def _about_person(reason: dict) -> bool:
    code = reason.get("code")
    return code in _PERSONAL_REASONS or (
        code in _WORD_REASONS and str(reason.get("message", "")).startswith(_PERSONAL_FIELDS))


def _iso(moment) -> str:
    return moment.isoformat()
