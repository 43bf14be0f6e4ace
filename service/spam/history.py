"""Evidence from the database: reputation from moderators' decisions, and text floods."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Comment, CommentStatus, email_key, utcnow
from ..models.spam import SpamFeedback, SpamLabel
from .reasons import Reason
from .rules import Evidence
from .text import domain_of, fingerprint

W_EMAIL_SPAM = 3.0
W_DOMAIN_SPAM = 2.5
W_IP_SPAM = 2.0
W_REPEAT_SPAM = 0.5  # each further earlier decision adds this much, up to W_SPAM_CAP
W_SPAM_CAP = 5.0
W_APPROVED_EACH = -0.5
W_APPROVED_CAP = -2.0
W_FLOOD = 1.5
W_FLOOD_EACH = 0.75  # per doubling of the count above the threshold
W_FLOOD_CAP = 6.0
# Counting stops here: past it no weight grows, and a prolific commenter (or a flood)
# would otherwise make every one of their submissions count thousands of rows.
COUNT_CAP = 10
FLOOD_COUNT_CAP = 1000


@dataclass(frozen=True)
class HistorySettings:
    """The site's flood settings (see Defaults in service/config.py)."""

    flood_count: int = 3
    flood_window_seconds: int = 600
    flood_min_length: int = 20


def _spam_marks(column: sa.ColumnElement, value: str) -> sa.ScalarSelect:
    """Return a subquery counting moderators' current spam decisions with column == value."""
    return _capped_count(
        sa.select(SpamFeedback.id)
        .where(column == sa.bindparam(value), SpamFeedback.label == SpamLabel.SPAM,
               SpamFeedback.current.is_(True)),
        COUNT_CAP,
    )


def _capped_count(rows: sa.Select, cap: int) -> sa.ScalarSelect:
    """Return a subquery counting the rows of `rows`, up to `cap`."""
    return sa.select(sa.func.count()).select_from(rows.limit(cap).subquery()).scalar_subquery()


def _build_query() -> sa.Select:
    """Return the one statement that gathers every history count, built once per process."""
    same_text = sa.select(Comment.id, Comment.thread_id).where(
        Comment.fingerprint == sa.bindparam("fingerprint"),
        Comment.created_at >= sa.bindparam("since", type_=Comment.created_at.type),
    ).limit(FLOOD_COUNT_CAP).subquery()
    return sa.select(
        _spam_marks(SpamFeedback.email, "email"),
        _spam_marks(SpamFeedback.domain, "domain"),
        _spam_marks(SpamFeedback.ip, "ip"),
        _capped_count(
            sa.select(Comment.id).where(Comment.email_key == sa.bindparam("email"),
                                        Comment.status == CommentStatus.APPROVED),
            COUNT_CAP,
        ),
        sa.select(sa.func.count()).select_from(same_text).scalar_subquery(),
        sa.select(sa.func.count(sa.distinct(same_text.c.thread_id))).scalar_subquery(),
    )


# Built once: constructing six subqueries per submission cost more than running them.
_QUERY = _build_query()


def _marked(count: int, base: float) -> float:
    """Return the weight of being marked as spam count times."""
    return min(base + W_REPEAT_SPAM * (count - 1), W_SPAM_CAP)


def _times(count: int) -> str:
    """Return "once", "twice", "N times" or, at the cap, "N or more times"."""
    if count >= COUNT_CAP:
        return f"{COUNT_CAP} or more times"
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def history_reasons(ev: Evidence, cfg: HistorySettings) -> list[Reason]:
    """Return reputation and flood reasons for a submission, in one database round trip."""
    domain = domain_of(ev.website)
    floodable = len(ev.normalised) >= cfg.flood_min_length and cfg.flood_count > 0
    # An empty value matches no row (fingerprints are 64 hex digits), so absent evidence
    # counts nothing.
    params = {
        "email": email_key(ev.email or ""),
        "domain": domain,
        "ip": ev.ip,
        "fingerprint": fingerprint(ev.body) if floodable else "",
        "since": utcnow() - timedelta(seconds=cfg.flood_window_seconds),
    }
    # On the session's connection: the same transaction, without the ORM's execute work.
    email_n, domain_n, ip_n, approved_n, flood_n, threads_n = db.session.connection().execute(
        _QUERY, params).one()
    if not ev.email:
        email_n = approved_n = 0

    reasons = []
    if email_n:
        reasons.append(Reason("reputation_email", "a moderator marked this email address as "
                              f"spam {_times(email_n)} before", _marked(email_n, W_EMAIL_SPAM)))
    if domain_n:
        reasons.append(Reason("reputation_website", f"a moderator marked the website {domain} "
                              f"as spam {_times(domain_n)} before",
                              _marked(domain_n, W_DOMAIN_SPAM)))
    if ip_n:
        reasons.append(Reason("reputation_ip", "a moderator marked comments from this address "
                              f"as spam {_times(ip_n)} before", _marked(ip_n, W_IP_SPAM)))
    if approved_n:
        many = f"{COUNT_CAP} or more" if approved_n >= COUNT_CAP else approved_n
        reasons.append(Reason("reputation_approved", f"the author has {many} approved "
                              f"comment{'s' if approved_n != 1 else ''}",
                              max(W_APPROVED_EACH * approved_n, W_APPROVED_CAP)))
    posted = flood_n + 1  # this submission too
    if floodable and posted >= cfg.flood_count:
        minutes = cfg.flood_window_seconds / 60
        span = f"{minutes:g} minutes" if minutes != 1 else "1 minute"
        where = f" across {threads_n} threads" if threads_n > 1 else ""
        weight = W_FLOOD + W_FLOOD_EACH * math.log2(posted / cfg.flood_count)
        times = f"{posted - 1} or more" if flood_n >= FLOOD_COUNT_CAP else posted
        reasons.append(Reason("flood", f"same text posted {times} times in {span}{where}",
                              min(weight, W_FLOOD_CAP)))
    return reasons
