"""Save the model learned from moderators' decisions, so a new process starts from it.

Every process replays the decisions made since the saved weights (learning.LiveModel);
the workers save the weights again when decisions have come in, at most once every
SAVE_SECONDS, so that replay stays short however many decisions a site has made.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import Flask

from ..extensions import db
from ..models.abuse import AbuseModelSnapshot
from ..models.base import utcnow
from .learning import SNAPSHOT_ID, LiveModel

# app.extensions key of the jobs the webhook workers run after each batch.
WORKER_JOBS = "margin_worker_jobs"
SAVE_SECONDS = 60.0


def stored_through() -> int:
    """Return the last decision the saved weights include (0: nothing saved)."""
    applied = db.session.execute(sa.select(AbuseModelSnapshot.applied)
                                 .where(AbuseModelSnapshot.id == SNAPSHOT_ID)).scalar()
    return applied or 0


def save(live: LiveModel) -> bool:
    """Store the live model's weights if they include decisions the saved ones lack."""
    live.refresh()
    applied, weights = live.saved()
    if applied <= stored_through():
        return False
    # Conditional: of two workers saving at once, the one further along wins.
    updated = db.session.execute(
        sa.update(AbuseModelSnapshot)
        .where(AbuseModelSnapshot.id == SNAPSHOT_ID, AbuseModelSnapshot.applied < applied)
        .values(applied=applied, weights=weights, saved_at=utcnow())).rowcount
    if not updated and not stored_through():
        db.session.add(AbuseModelSnapshot(id=SNAPSHOT_ID, applied=applied, weights=weights))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()  # another worker inserted it first
        return False
    return True


class SaveJob:
    """The workers' share of learning: save the decisions' model when it has moved."""

    def __init__(self, app: Flask, live: LiveModel):
        """Remember the app and its live model; the first save is due at once."""
        self.app = app
        self.live = live
        self.due = 0.0

    def __call__(self, worker_id: str, stop) -> int:
        """Save if due; return 0 (nothing is claimed, so the worker's pace is unchanged)."""
        if time.monotonic() < self.due:
            return 0
        self.due = time.monotonic() + SAVE_SECONDS
        with self.app.app_context():
            save(self.live)
        return 0


def init_app(app: Flask, live: LiveModel) -> None:
    """Give the workers the job of saving the decisions' model."""
    app.extensions.setdefault(WORKER_JOBS, []).append(SaveJob(app, live))
