"""Abuse screening: a score in [0, 1] with reasons, from explicit patterns and decisions.

The core calls assess() and holds(); create_app calls init_app(). What it catches and
misses, and how the score is made, is in docs/abuse.md.
"""

from __future__ import annotations

from flask import Flask, current_app

from ..error_shape import APIError
from ..submissions import Submission
from .learning import LiveModel
from .model import shipped
from .patterns import Category
from .pipeline import holds as _holds
from .pipeline import score_submission
from .scoring import Score
from .settings import Settings, from_config
from .snapshot import init_app as _saving

__all__ = ["Category", "Score", "assess", "holds", "init_app", "nudge", "settings"]

EXTENSION = "margin_abuse"


def init_app(app: Flask) -> None:
    """Give the app its learned model."""
    from_config(app.config)  # a bad ABUSE_HOLD_TERMS fails at start, not on a comment
    live = app.extensions.setdefault(EXTENSION, LiveModel())
    _saving(app, live)
    shipped()  # loaded once per process, before the first comment rather than during it


def live_model() -> LiveModel:
    """Return the current app's learned model."""
    return current_app.extensions[EXTENSION]


def settings() -> Settings:
    """Return the current app's abuse settings."""
    return from_config(current_app.config)


def assess(sub: Submission) -> Score:
    """Score a submission's text for abuse under the site's settings."""
    site = settings()
    if not site.enabled:
        return score_submission(sub, site)
    return score_submission(sub, site, live_model().current(), shipped())


def holds(score: Score) -> bool:
    """Tell whether a score holds its comment for a moderator."""
    return _holds(score, settings())


NUDGE_WORDS = 3


def nudge(score: Score) -> None:
    """Refuse, for now, a comment that would be held, saying why, when the site nudges."""
    if not settings().nudge:
        return
    positive = [r for r in score.reasons if r.weight > 0]
    categories = list(dict.fromkeys(r.category.value for r in positive))
    words = list(dict.fromkeys(r.seen for r in positive if r.seen))[:NUDGE_WORDS]
    raise APIError(422, "abuse_nudge",
                   "This comment may break the site's rules. Edit it, or send it again "
                   "with nudge false to post it for a moderator to review.",
                   abuse={"categories": categories, "words": words})
