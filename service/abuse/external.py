"""The optional external screener: a second opinion from an HTTP moderation service.

Contract (the shape of OpenAI's POST /v1/moderations, which hosted services and
self-hosted gateways speak; see docs/abuse.md):

    request   {"input": "<comment text>", "model": "<ABUSE_EXTERNAL_MODEL>"}
              Authorization: Bearer <ABUSE_EXTERNAL_TOKEN> when one is set
    response  {"results": [{"flagged": true|false,
                            "categories": {"harassment": true, "hate": false, ...},
                            "category_scores": {"harassment": 0.91, "hate": 0.02, ...}}]}

A submission never waits for it: each new comment is queued in the same transaction
that stores it, and the webhook workers ask the service later, under a lease. A flagged
comment that is published or waiting is held (pending), logged as a filter.hold naming the
service's categories. A service that is down, slow or answers nonsense costs a retry
later (nothing is lost); after ABUSE_EXTERNAL_MAX_ATTEMPTS the check is given up and the
comment keeps its local score.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import timedelta

import requests
import sqlalchemy as sa
from flask import Flask, current_app

from .. import audit, comments, database, events
from ..extensions import db
from ..models import Comment, CommentStatus, utcnow
from ..models.abuse import AbuseCheck, CheckStatus

log = logging.getLogger(__name__)
WORKER_JOBS = "margin_worker_jobs"
RETRY_FACTOR = 4
USER_AGENT = "Margin-Abuse-Screen/1"
# The service's category names (and their "/..." subcategories) as moderation reason codes.
REASON_CODES = {
    "hate": "hate_speech",
    "harassment": "harassment",
    "violence": "harassment",
    "sexual/minors": "child_safety",
    "sexual": "harassment",
    "self-harm": "other",
    "illicit": "illegal_content",
}
# Reason codes in the order a hold names them when several categories are flagged.
_PRIORITY = ("child_safety", "hate_speech", "harassment", "illegal_content", "other")
_ERROR_CHARS = 500
# Settled checks are kept as long as settled webhook messages, pruned at most hourly.
PRUNE_INTERVAL_SECONDS = 3600


class ExternalError(Exception):
    """The service could not give a usable answer (down, slow, refused, or nonsense)."""


def reason_code(category: str) -> str:
    """Return the moderation reason code of one of the service's categories."""
    if category in REASON_CODES:
        return REASON_CODES[category]
    return REASON_CODES.get(category.split("/", 1)[0], "other")


def parse(answer: object) -> dict:
    """Return the first result of a moderation answer, checked; raise ExternalError."""
    try:
        result = answer["results"][0]  # type: ignore[index]
        flagged = result["flagged"]
        categories = result.get("categories") or {}
        scores = result.get("category_scores") or {}
        if not isinstance(flagged, bool) or not isinstance(categories, dict) \
                or not isinstance(scores, dict):
            raise TypeError
        return {"flagged": flagged,
                "categories": {str(k): bool(v) for k, v in categories.items()},
                "category_scores": {str(k): float(v) for k, v in scores.items()}}
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise ExternalError("the answer is not a moderation result") from None


def ask(text: str, config: Mapping, session: requests.Session) -> dict:
    """Ask the service about one text; return its checked result or raise ExternalError."""
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if config["ABUSE_EXTERNAL_TOKEN"]:
        headers["Authorization"] = f"Bearer {config['ABUSE_EXTERNAL_TOKEN']}"
    try:
        response = session.post(config["ABUSE_EXTERNAL_URL"], headers=headers,
                                 json={"input": text, "model": config["ABUSE_EXTERNAL_MODEL"]},
                                 timeout=float(config["ABUSE_EXTERNAL_TIMEOUT_SECONDS"]))
    except requests.RequestException as exc:
        raise ExternalError(f"{type(exc).__name__}: {exc}") from None
    if response.status_code != 200:
        raise ExternalError(f"HTTP {response.status_code}")
    try:
        return parse(response.json())
    except ValueError:
        raise ExternalError("the answer is not JSON") from None


def hold_of(result: dict) -> tuple[str, str] | None:
    """Return (reason code, reason text) for a flagged result, or None."""
    if not result["flagged"]:
        return None
    scores = result["category_scores"]
    named = sorted((c for c, on in result["categories"].items() if on),
                   key=lambda c: -scores.get(c, 0.0))
    codes = {reason_code(c) for c in named} or {"other"}
    code = next(c for c in _PRIORITY if c in codes)
    shown = ", ".join(f"{c} ({scores[c]:.2f})" if c in scores else c for c in named)
    return code, f"external screener flagged: {shown or 'no category named'}"


def _on_created(comment: Comment, **_: object) -> None:
    """Queue a new comment for the external screener, when one is configured."""
    if current_app.config["ABUSE_EXTERNAL_URL"] and current_app.config["ABUSE_ENABLED"]:
        db.session.add(AbuseCheck(comment_id=comment.id, status=CheckStatus.PENDING,
                                  attempts=0, due_at=utcnow()))


class Job:
    """The worker's share of external screening: claim due checks, ask, record."""

    def __init__(self, app: Flask):
        self.app = app
        self.config = app.config
        self.session = requests.Session()
        # Proxy variables would send comments to a host the operator never named.
        self.session.trust_env = False
        self.prune_due = 0.0

    @property
    def lease(self) -> timedelta:
        """Return how long a claim holds (the webhooks' lease, longer than a request)."""
        return timedelta(seconds=self.config["WEBHOOKS_LEASE_SECONDS"])

    def __call__(self, worker_id: str, stop) -> int:
        """Screen one batch of due comments; return how many were claimed."""
        if not self.config["ABUSE_EXTERNAL_URL"]:
            return 0
        self.prune_if_due()
        ids = self.claim(worker_id)
        for index, check_id in enumerate(ids):
            if stop.is_set():
                self.release(worker_id, ids[index:])
                break
            self.process(worker_id, check_id)
        return len(ids)

    def prune_if_due(self) -> int:
        """Delete settled checks older than WEBHOOKS_RETENTION_DAYS, at most once an hour."""
        days = self.config["WEBHOOKS_RETENTION_DAYS"]
        if not days or time.monotonic() < self.prune_due:
            return 0
        self.prune_due = time.monotonic() + PRUNE_INTERVAL_SECONDS
        with self.app.app_context():
            database.begin_write()
            pruned = db.session.execute(sa.delete(AbuseCheck).where(
                AbuseCheck.status.in_([CheckStatus.DONE, CheckStatus.FAILED]),
                AbuseCheck.created_at < utcnow() - timedelta(days=days))).rowcount
            db.session.commit()
        return pruned

    def claim(self, worker_id: str) -> list[int]:
        """Lease up to a batch of due checks to this worker and return their ids."""
        c = AbuseCheck
        with self.app.app_context():
            database.begin_write()
            now = utcnow()
            ids = list(db.session.execute(
                sa.select(c.id).where(c.status == CheckStatus.PENDING, c.due_at <= now,
                                      sa.or_(c.locked_until.is_(None), c.locked_until < now))
                .order_by(c.due_at, c.id).limit(self.config["WEBHOOKS_BATCH_SIZE"])
                .with_for_update(skip_locked=True)).scalars())
            if ids:
                db.session.execute(sa.update(c).where(c.id.in_(ids)).values(
                    locked_by=worker_id, locked_until=now + self.lease))
            db.session.commit()
            return ids

    def release(self, worker_id: str, ids: list[int]) -> None:
        """Give back claims this worker will not use."""
        with self.app.app_context():
            database.begin_write()
            db.session.execute(sa.update(AbuseCheck).where(
                AbuseCheck.id.in_(ids), AbuseCheck.locked_by == worker_id)
                .values(locked_by=None, locked_until=None))
            db.session.commit()

    def process(self, worker_id: str, check_id: int) -> None:
        """Ask the service about one claimed comment and record the answer or the failure."""
        with self.app.app_context():
            database.begin_write()
            c = AbuseCheck
            renewed = db.session.execute(
                sa.update(c).where(c.id == check_id, c.locked_by == worker_id,
                                   c.status == CheckStatus.PENDING)
                .values(locked_until=utcnow() + self.lease)).rowcount
            if renewed != 1:
                db.session.rollback()
                return
            text = db.session.execute(
                sa.select(Comment.body).join(c, c.comment_id == Comment.id)
                .where(c.id == check_id)).scalar_one()
            # No transaction stays open during the request.
            db.session.commit()
            try:
                result = ask(text, self.config, self.session)
            except ExternalError as exc:
                self._failed(check_id, str(exc))
                return
            database.begin_write()
            check = db.session.get(c, check_id)
            check.status, check.result = CheckStatus.DONE, result
            check.attempts += 1
            check.locked_by = check.locked_until = None
            apply_result(db.session.get(Comment, check.comment_id), result)
            db.session.commit()

    def _failed(self, check_id: int, error: str) -> None:
        """Schedule a retry, or give the check up after the last attempt."""
        database.begin_write()
        check = db.session.get(AbuseCheck, check_id)
        check.attempts += 1
        check.last_error = error[:_ERROR_CHARS]
        check.locked_by = check.locked_until = None
        if check.attempts >= int(self.config["ABUSE_EXTERNAL_MAX_ATTEMPTS"]):
            check.status = CheckStatus.FAILED
            log.warning("external abuse screening of comment %s given up after %d attempts: %s",
                        check.comment_id, check.attempts, error)
        else:
            wait = float(self.config["ABUSE_EXTERNAL_RETRY_BASE_SECONDS"]) \
                * RETRY_FACTOR ** (check.attempts - 1)
            check.due_at = utcnow() + timedelta(seconds=wait)
            log.info("external abuse screening of comment %s failed (%s); retry in %.0f s",
                     check.comment_id, error, wait)
        db.session.commit()


def apply_result(comment: Comment, result: dict) -> bool:
    """Add the service's verdict to a comment's reasons; hold it if flagged. True if held."""
    hold = hold_of(result)
    if hold is None:
        return False
    code, text = hold
    top = max(result["category_scores"].values(), default=1.0)
    comment.abuse_reasons = [*(comment.abuse_reasons or []),
                             {"code": "external", "category": code, "message": text,
                              "weight": 0.0}]
    comment.abuse_score = max(comment.abuse_score, min(max(top, 0.0), 1.0))
    if comment.status not in (CommentStatus.APPROVED, CommentStatus.PENDING):
        return False  # a moderator (or the spam filter) already decided
    comment.abuse_hold = comment.abuse_hold or code
    comments.set_status(comment, CommentStatus.PENDING, actor=None, reason_code=code,
                        reason_text=text)
    audit.record_abuse_hold(comment, source="external")
    return True


def init_app(app: Flask) -> None:
    """Queue new comments for the external screener and give the workers its job."""
    app.extensions.setdefault(WORKER_JOBS, []).append(Job(app))
    events.comment_created.connect(_on_created)
