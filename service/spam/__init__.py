"""Spam scoring: a score in [0, 1] with reasons a moderator can read, learning from moderators.

The core calls assess() and verdict(); create_app calls init_app(). How the score is made
is described in docs/spam.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, current_app

from ..submissions import ClientInfo, Submission
from .history import history_reasons
from .learning import LiveModel
from .pipeline import evidence, history_settings
from .pipeline import score as score_evidence
from .reasons import Reason, Score, Verdict, decide

__all__ = ["Reason", "Score", "Verdict", "assess", "init_app", "live_model", "verdict"]

EXTENSION = "margin_spam"


def init_app(app: Flask) -> None:
    """Give the app its live classifier."""
    app.extensions.setdefault(EXTENSION, LiveModel(app.config.get("SPAM_MODEL_FILE")
                                                   or LiveModel.default_file()))


def live_model() -> LiveModel:
    """Return the current app's live classifier."""
    return current_app.extensions[EXTENSION]


def assess(sub: Submission, client: ClientInfo,
           connection: sa.Connection | None = None) -> Score:
    """Score a submission: classifier, rules, reputation and floods, combined."""
    # `connection`: a read-only transaction with no writes of its own, on which the
    # classifier may look for new moderator decisions instead of on a connection of its own.
    ev = evidence(sub, client)
    config = current_app.config
    past = history_reasons(ev, history_settings(config))
    with live_model().use(connection) as model:
        return score_evidence(ev, model, config, past)


def verdict(score: Score) -> Verdict:
    """Map a score to its outcome by the configured thresholds."""
    config = current_app.config
    return decide(score.value, float(config["SPAM_THRESHOLD_LOW"]),
                  float(config["SPAM_THRESHOLD_HIGH"]))
