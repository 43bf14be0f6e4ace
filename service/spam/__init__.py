"""Spam scoring: a score in [0, 1] with reasons a moderator can read."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import current_app

from ..models import Thread
from ..submissions import ClientInfo, Submission
from .text import count_links


@dataclass(frozen=True)
class Reason:
    """One piece of evidence, in a moderator's words, with its weight."""

    code: str
    message: str
    weight: float


@dataclass(frozen=True)
class Score:
    """How spammy a submission looks, and why."""

    value: float
    reasons: tuple[Reason, ...] = ()


class Verdict(enum.Enum):
    """What the score says should happen to the comment."""

    APPROVE = "approve"
    HOLD = "hold"
    SPAM = "spam"


def assess(sub: Submission, client: ClientInfo, thread: Thread | None) -> Score:
    """Score a submission."""
    reasons = []
    if sub.honeypot:
        reasons.append(Reason("honeypot", "hidden form field was filled in", 1.0))
    links = count_links(sub.body)
    if links > current_app.config["SPAM_MAX_LINKS"]:
        reasons.append(Reason("links", f"{links} links", 0.6))
    value = max((r.weight for r in reasons), default=0.0)
    return Score(value, tuple(reasons))


def verdict(score: Score) -> Verdict:
    """Map a score to its outcome by the configured thresholds."""
    if score.value >= current_app.config["SPAM_THRESHOLD_HIGH"]:
        return Verdict.SPAM
    if score.value >= current_app.config["SPAM_THRESHOLD_LOW"]:
        return Verdict.HOLD
    return Verdict.APPROVE
