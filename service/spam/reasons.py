"""The scorer's answer: a score in [0, 1], the reasons behind it, and the outcome."""

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """One piece of evidence, in words a moderator understands, with its log-odds weight."""

    code: str
    message: str
    weight: float

    def as_dict(self) -> dict:
        """Return the reason as stored in Comment.spam_reasons."""
        return {"code": self.code, "message": self.message, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Score:
    """A spam probability in [0, 1] and the reasons that produced it."""

    value: float
    reasons: tuple[Reason, ...]


class Verdict(enum.Enum):
    """What happens to a comment: published, held for moderation, or filed as spam."""

    APPROVE = "approve"
    HOLD = "hold"
    SPAM = "spam"


def decide(value: float, low: float, high: float) -> Verdict:
    """Return SPAM at or above high, HOLD at or above low, else APPROVE."""
    if value >= high:
        return Verdict.SPAM
    if value >= low:
        return Verdict.HOLD
    return Verdict.APPROVE
